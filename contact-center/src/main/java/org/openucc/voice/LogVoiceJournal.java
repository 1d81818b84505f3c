package org.openucc.voice;

import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.openucc.interaction.Channel;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the voice flow's events to the interaction log. INTERACTION_CREATED has the same shape as
 * the API's ({@code api.InteractionIntake}): channel, direction, queue, the identified customer and
 * the context attributes (with {@code phone}, the key the screen pop looks the contact up by), so the
 * CDR, the customer's history and the reports treat calls like every other interaction. Appends
 * never block the call.
 */
public final class LogVoiceJournal implements VoiceJournal {
    private static final Logger log = LoggerFactory.getLogger(LogVoiceJournal.class);

    private final InteractionLog interactionLog;
    private final InstantSource clock;

    public LogVoiceJournal(InteractionLog interactionLog, InstantSource clock) {
        this.interactionLog = interactionLog;
        this.clock = clock;
    }

    @Override
    public void created(String interactionId, String queueId, String customerId, Map<String, String> context) {
        append(NewLogEvent.interactionCreated(clock.instant(), interactionId, Channel.VOICE, "INBOUND", queueId,
                customerId, context));
    }

    @Override
    public void accepted(String interactionId, String agentId) {
        append(NewLogEvent.accepted(clock.instant(), interactionId, agentId));
    }

    @Override
    public void admit() {
        interactionLog.admit();
    }

    @Override
    public CompletionStage<Void> held(String interactionId, String agentId) {
        return append(NewLogEvent.held(clock.instant(), interactionId, agentId));
    }

    @Override
    public CompletionStage<Void> resumed(String interactionId, String agentId) {
        return append(NewLogEvent.resumed(clock.instant(), interactionId, agentId));
    }

    @Override
    public CompletionStage<Void> transferredOut(String interactionId, String agentId, String destination) {
        return append(new NewLogEvent(clock.instant(), LogEventType.TRANSFERRED, interactionId, agentId, null, null, agentId,
                Map.of("destination", destination)));
    }

    @Override
    public CompletionStage<Void> monitor(String interactionId, String agentId, MonitorEvent event) {
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("supervisor", event.supervisor());
        d.put("mode", event.mode().name());
        if (event.from() != null) {
            d.put("previousMode", event.from().name());
        }
        if (event.reason() != null) {
            d.put("reason", event.reason());
        }
        if (event.seconds() != null) {
            d.put("seconds", event.seconds());
        }
        return append(new NewLogEvent(clock.instant(), event.type(), interactionId, agentId, null, null,
                event.supervisor(), d));
    }

    @Override
    public void ended(String interactionId, String cause, String detail) {
        append(NewLogEvent.ended(clock.instant(), interactionId, null, cause, detail));
    }

    @Override
    public void failed(String interactionId, String reason) {
        append(NewLogEvent.failed(clock.instant(), interactionId, reason));
    }

    /** Completes once durable; a failure is logged and fails the stage (the agent is told it did not work). */
    private CompletionStage<Void> append(NewLogEvent e) {
        try {
            return interactionLog.append(e).handle((v, err) -> {
                if (err != null) {
                    log.warn("voice event {} of {} not logged: {}", e.type(), e.interactionId(), err.toString());
                    throw err instanceof CompletionException ce ? ce : new CompletionException(err);
                }
                return null;
            });
        } catch (RuntimeException err) {
            log.warn("voice event {} of {} not logged: {}", e.type(), e.interactionId(), err.toString());
            return CompletableFuture.failedFuture(err);
        }
    }
}
