package org.openucc.voice;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.openucc.config.ServiceNumber;
import org.openucc.config.SipConfig;

/**
 * What the voice queue flow needs, independent of the telephony technology.
 *
 * @param services         service number (DID) to where its calls go: an IVR flow, a queue (through the
 *                         built-in direct flow), or both (the queue then takes the call if the flow fails)
 * @param holdMusic        looped while the agent holds the call (a waiting caller hears the flow's music)
 * @param ringTimeout      how long an agent's phone rings
 * @param recordingsDir    where bridged calls are recorded (null: not recorded)
 */
public record QueueFlowSettings(Map<String, ServiceNumber> services, Path holdMusic, Duration ringTimeout,
                                Path recordingsDir) {
    public QueueFlowSettings {
        services = Map.copyOf(services);
    }

    /** From the SIP configuration; recordings go under the server's data directory. */
    public static QueueFlowSettings from(SipConfig sip, String dataDir) {
        Map<String, ServiceNumber> numbers = new HashMap<>();
        for (ServiceNumber s : sip.services()) {
            numbers.put(s.number(), s);
        }
        return new QueueFlowSettings(numbers, Path.of(sip.holdMusic()), sip.ringTimeout(),
                sip.recordCalls() ? Path.of(sip.recordingsDir(dataDir)) : null);
    }
}
