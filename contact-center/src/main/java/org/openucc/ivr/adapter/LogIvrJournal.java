package org.openucc.ivr.adapter;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openucc.ivr.runtime.IvrJournal;
import org.openucc.ivr.runtime.IvrOutcome;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;
import org.openucc.routing.NewInteraction;
import org.openucc.telephony.CallInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what calls do in the IVR to the interaction log: entering the IVR, every node
 * (IVR_STEP), every input (IVR_INPUT), the identification, created callbacks and voicemails, and how
 * the call left (IVR_LEFT, and ENDED when the call ended in the IVR). Appends never block the call.
 */
public final class LogIvrJournal implements IvrJournal {
    private static final Logger log = LoggerFactory.getLogger(LogIvrJournal.class);

    private final InteractionLog interactionLog;
    private final InstantSource clock;

    public LogIvrJournal(InteractionLog interactionLog, InstantSource clock) {
        this.interactionLog = interactionLog;
        this.clock = clock;
    }

    /**
     * IVR_ENTERED only: the voice flow that hands the call over has written INTERACTION_CREATED
     * already, with the caller's customer, as every channel does when an interaction comes in.
     */
    @Override
    public void started(String interactionId, CallInfo call, String flow, long flowsVersion) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("flow", flow);
        d.put("version", flowsVersion);
        append(NewLogEvent.interaction(clock.instant(), LogEventType.IVR_ENTERED, interactionId, d));
    }

    @Override
    public void step(String interactionId, String flow, String node, String type) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("flow", flow);
        d.put("node", node);
        d.put("type", type);
        append(NewLogEvent.interaction(clock.instant(), LogEventType.IVR_STEP, interactionId, d));
    }

    @Override
    public void input(String interactionId, String flow, String node, String digits, String result) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("flow", flow);
        d.put("node", node);
        d.put("digits", digits);
        d.put("result", result);
        append(NewLogEvent.interaction(clock.instant(), LogEventType.IVR_INPUT, interactionId, d));
    }

    @Override
    public void identified(String interactionId, String customerId, String by) {
        append(NewLogEvent.customerIdentified(clock.instant(), interactionId, customerId, by));
    }

    @Override
    public void created(NewInteraction interaction, String origin) {
        Map<String, String> attrs = new LinkedHashMap<>(interaction.attributes());
        attrs.put("origin", origin);
        append(NewLogEvent.interactionCreated(clock.instant(), interaction.id(), interaction.channel(), "OUTBOUND",
                interaction.queueId(), interaction.customerId(), attrs));
    }

    @Override
    public void failed(String interactionId, String reason) {
        append(NewLogEvent.failed(clock.instant(), interactionId, reason));
    }

    @Override
    public void recording(String interactionId, String path, long durationMillis) {
        append(NewLogEvent.recordingAvailable(clock.instant(), interactionId, path, durationMillis));
    }

    @Override
    public void finished(String interactionId, IvrOutcome outcome) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("outcome", outcome.kind());
        d.put("path", outcome.trail().pathText());
        if (!outcome.trail().inputs().isEmpty()) {
            d.put("digits", outcome.trail().inputsText());
        }
        append(NewLogEvent.interaction(clock.instant(), LogEventType.IVR_LEFT, interactionId, d));
        String cause = switch (outcome.kind()) {
            case "queued", "failed" -> null; // the call goes on: to an agent, or the voice flow decides
            case "caller-hung-up" -> "REMOTE_HANGUP";
            case "transferred" -> "TRANSFERRED";
            default -> "LOCAL_HANGUP";
        };
        if (cause != null) {
            append(NewLogEvent.ended(clock.instant(), interactionId, null, cause, "ivr: " + outcome.kind()));
        }
    }

    private void append(NewLogEvent e) {
        try {
            interactionLog.append(e).whenComplete((v, err) -> {
                if (err != null) {
                    log.warn("IVR event {} of {} not logged: {}", e.type(), e.interactionId(), err.toString());
                }
            });
        } catch (RuntimeException err) {
            log.warn("IVR event {} of {} not logged: {}", e.type(), e.interactionId(), err.toString());
        }
    }
}
