package org.openucc.voice;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openucc.cti.MonitorSession;
import org.openucc.log.LogEventType;
import org.openucc.routing.RoutingException;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallEvent;
import org.openucc.telephony.DialRequest;
import org.openucc.telephony.MonitorMode;
import org.openucc.telephony.OutboundCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A supervisor's monitoring session on one {@link VoiceCall}, used on the call's owner only: the
 * supervisor's phone is rung ({@code phone:<user>}, its media next to the customer's), joined to the
 * bridge in a {@link MonitorMode} once it answers, switched live, and let go when the supervisor asks,
 * hangs up, or the call ends or leaves the agent. Logged MONITOR_STARTED (when the phone answered),
 * MONITOR_MODE_CHANGED and MONITOR_ENDED; a phone that never answered leaves no session in the log.
 */
final class CallMonitor {
    private static final Logger log = LoggerFactory.getLogger(CallMonitor.class);

    private final VoiceCall call;
    private final VoiceQueueFlow flow;
    final String supervisor;
    private final String phone;
    private MonitorMode mode;
    private OutboundCall dialing;
    private CallControl leg;
    private Instant since;
    private long sinceNanos;
    private final CompletableFuture<MonitorSession> joined = new CompletableFuture<>();
    private boolean over;

    CallMonitor(VoiceCall call, VoiceQueueFlow flow, String supervisor, String phone, MonitorMode mode) {
        this.call = call;
        this.flow = flow;
        this.supervisor = supervisor;
        this.phone = phone;
        this.mode = mode;
    }

    /** Rings the supervisor's phone; completes once it answered and joined (logged), fails with a CONFLICT otherwise. */
    CompletionStage<MonitorSession> start() {
        dialing = flow.telephony().dial(new DialRequest(DialRequest.PHONE + phone, call.agentId,
                flow.settings().ringTimeout()), call.customer);
        dialing.answered().whenComplete((l, err) -> call.execute(() -> answered(l, err)));
        return joined;
    }

    boolean joined() {
        return since != null;
    }

    private void answered(CallControl l, Throwable err) {
        dialing = null;
        if (err != null) {
            joined.completeExceptionally(conflict("supervisor " + supervisor + "'s phone " + phone
                    + " did not take the monitoring call: " + VoiceQueueFlow.cause(err).getMessage()));
            end(null);
            return;
        }
        if (over) {
            l.hangup("monitoring no longer wanted");
            return;
        }
        leg = l;
        l.addListener(ev -> {
            if (ev instanceof CallEvent.Ended) {
                call.execute(() -> end("the supervisor hung up"));
            }
        });
        call.then(call.customer.monitor(l, mode)).whenComplete((v, e) -> {
            if (over) {
                return; // ended meanwhile: joined failed with the reason
            }
            if (e != null) {
                String why = "could not join the call: " + VoiceQueueFlow.cause(e).getMessage();
                log.warn("{}: supervisor {} {}", call, supervisor, why);
                end(why);
                return;
            }
            since = Instant.now();
            sinceNanos = System.nanoTime();
            log.info("{}: supervisor {} joined in {}", call, supervisor, mode);
            // Answered once durable (a failed write is logged by the journal; the session goes on).
            journal(LogEventType.MONITOR_STARTED, null, null, null)
                    .whenComplete((x, logErr) -> joined.complete(session()));
        });
    }

    /** Switches the mode of a joined session; completes once the media mixes the new way and it is logged. */
    CompletionStage<MonitorSession> change(MonitorMode to) {
        if (!joined()) {
            throw conflict("supervisor " + supervisor + "'s phone has not answered yet");
        }
        if (to == mode) {
            return CompletableFuture.completedFuture(session());
        }
        return call.then(call.customer.monitor(leg, to)).thenCompose(v -> {
            if (over) {
                throw conflict("the monitoring session ended");
            }
            MonitorMode from = mode;
            mode = to;
            log.info("{}: supervisor {} switched from {} to {}", call, supervisor, from, to);
            return journal(LogEventType.MONITOR_MODE_CHANGED, from, null, null).thenApply(x -> session());
        });
    }

    /**
     * Ends the session (idempotent): the supervisor's phone stops ringing or is hung up, the bridge goes on
     * without them; logged when they had joined. {@code reason} null: the phone did not answer.
     */
    CompletionStage<Void> end(String reason) {
        if (over) {
            return CompletableFuture.completedFuture(null);
        }
        over = true;
        call.monitorOver(this);
        if (dialing != null) {
            dialing.cancel();
            dialing = null;
        }
        CompletionStage<Void> logged = CompletableFuture.completedFuture(null);
        if (leg != null) {
            CallControl l = leg;
            call.customer.stopMonitor(l).exceptionally(e -> null); // a customer already gone took the mix along
            l.hangup(reason == null ? "monitoring ended" : reason);
            if (joined()) {
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - sinceNanos);
                log.info("{}: supervisor {} left after {} s: {}", call, supervisor, seconds, reason);
                logged = journal(LogEventType.MONITOR_ENDED, null, reason, seconds);
            }
        }
        if (!joined.isDone()) {
            joined.completeExceptionally(conflict("the monitoring session ended: " + reason));
        }
        return logged;
    }

    MonitorSession session() {
        return new MonitorSession(call.interactionId, call.agentId, supervisor, mode, since);
    }

    private CompletionStage<Void> journal(LogEventType type, MonitorMode from, String reason, Long seconds) {
        return flow.journal().monitor(call.interactionId, call.agentId,
                new VoiceJournal.MonitorEvent(type, supervisor, mode, from, reason, seconds));
    }

    static RoutingException conflict(String message) {
        return new RoutingException(RoutingException.Kind.CONFLICT, message);
    }
}
