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
 * @param services         service number (DID) to where its calls go: an IVR flow, a queue, or both
 *                         (the queue then takes the call if the flow fails)
 * @param greeting         played once the call is answered
 * @param holdMusic        looped while waiting
 * @param promptDir        where the announcement fragments are (0.wav..9.wav, you-are-number.wav, ...)
 * @param announceInterval position / wait announcement period (zero: none)
 * @param ringTimeout      how long an agent's phone rings
 * @param recordingsDir    where bridged calls are recorded (null: not recorded)
 */
public record QueueFlowSettings(Map<String, ServiceNumber> services, Path greeting, Path holdMusic, Path promptDir,
                                Duration announceInterval, Duration ringTimeout, Path recordingsDir) {
    public QueueFlowSettings {
        services = Map.copyOf(services);
    }

    /** From the SIP configuration; recordings go under the server's data directory. */
    public static QueueFlowSettings from(SipConfig sip, String dataDir) {
        Map<String, ServiceNumber> numbers = new HashMap<>();
        for (ServiceNumber s : sip.services()) {
            numbers.put(s.number(), s);
        }
        return new QueueFlowSettings(numbers, Path.of(sip.greeting()), Path.of(sip.holdMusic()), Path.of(sip.promptDir()),
                sip.announceInterval(), sip.ringTimeout(), sip.recordCalls() ? Path.of(sip.recordingsDir(dataDir)) : null);
    }
}
