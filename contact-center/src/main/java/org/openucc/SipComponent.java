package org.openucc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openucc.config.ContactCenterConfig;
import org.openucc.log.NewLogEvent;
import org.openucc.routing.RoutingService;
import org.openucc.telephony.sip.SipCredentials;
import org.openucc.telephony.sip.SipTelephony;
import org.openucc.voice.QueueFlowSettings;
import org.openucc.voice.VoiceQueueFlow;

/**
 * The built-in telephony as a server component: the SIP registrar / B2BUA with RTP media, and the
 * voice flow that queues callers and rings agents' phones. Recordings are indexed in the log.
 */
public final class SipComponent implements Lifecycle {
    private final ContactCenterConfig config;
    private final RoutingService routing;
    private final StoreComponent store;
    private SipTelephony telephony;
    private VoiceQueueFlow flow;

    public SipComponent(ContactCenterConfig config, RoutingService routing, StoreComponent store) {
        this.config = config;
        this.routing = routing;
        this.store = store;
    }

    @Override
    public String name() {
        return "sip";
    }

    @Override
    public void start() throws Exception {
        QueueFlowSettings settings = QueueFlowSettings.from(config.sip(), config.server().dataDir());
        for (Path prompt : new Path[] {settings.greeting(), settings.holdMusic()}) {
            if (!Files.isRegularFile(prompt)) {
                throw new IllegalStateException("prompt file " + prompt.toAbsolutePath() + " is missing (sip.greeting /"
                        + " sip.holdMusic; run the server from the repository root or set sip.promptDir)");
            }
        }
        telephony = new SipTelephony(config.sip(), SipCredentials.of(config.sip().accounts()));
        flow = new VoiceQueueFlow(telephony, routing, settings);
        flow.onRecordingAvailable((interactionId, file, millis) -> store.services().interactionLog()
                .append(NewLogEvent.recordingAvailable(Instant.now(), interactionId, file.toString(), millis)));
        flow.start();
        try {
            telephony.start();
        } catch (Exception e) {
            flow.stop();
            throw e;
        }
    }

    @Override
    public void stop() {
        if (telephony != null) {
            telephony.stop();
        }
        if (flow != null) {
            flow.stop();
        }
    }

    /** The SIP port actually bound (tests start on port 0). */
    public int port() {
        return telephony.port();
    }

    public SipTelephony telephony() {
        return telephony;
    }

    @Override
    public ComponentHealth health() {
        SipTelephony t = telephony;
        VoiceQueueFlow f = flow;
        if (t == null || f == null) {
            return ComponentHealth.down("not started");
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("host", t.host());
        d.put("port", t.port());
        d.putAll(t.stats());
        d.putAll(f.stats());
        return ComponentHealth.up(d);
    }
}
