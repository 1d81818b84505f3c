package org.openucc.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openucc.config.MaxWaitAction;
import org.openucc.log.LogEvent;
import org.openucc.log.NewLogEvent;
import org.openucc.log.RoutingEventRecorder;
import org.openucc.routing.AgentState;
import org.openucc.routing.OfferOutcome;
import org.openucc.routing.RoutingEvent;

/** The live statistics' events come back from the log as the recorder wrote them. */
class LogReplayTest {
    private static final long T = 1_700_000_000_000L;

    @Test
    void theEventsTheStatisticsUseRoundTripThroughTheLog() {
        List<RoutingEvent> events = List.of(
                new RoutingEvent.InteractionQueued(T, "i1", "q", 2, 5000, false),
                new RoutingEvent.InteractionQueued(T, "i1", "q", 1, 0, true, "recovered after restart"),
                new RoutingEvent.InteractionConnected(T, "i1", "a", "q", 1234),
                new RoutingEvent.InteractionAbandoned(T, "i2", "q", 99, "caller hung up"),
                new RoutingEvent.InteractionRejected(T, "i3", "q", "queue full"),
                new RoutingEvent.MaxWaitReached(T, "i4", "q", MaxWaitAction.QUEUE, "q2", 600_000),
                new RoutingEvent.InteractionTransferred(T, "i5", "q", "q2", "a"),
                new RoutingEvent.OfferEnded(T, "i6", "a", OfferOutcome.TIMED_OUT, "no answer"),
                new RoutingEvent.InteractionEnded(T, "i1", "a", "q", "caller hung up", 60_000),
                new RoutingEvent.WrapUpStarted(T, "i1", "a", T + 30_000),
                new RoutingEvent.WrapUpEnded(T, "i1", "a"),
                new RoutingEvent.AgentStateChanged(T, "a", AgentState.READY, AgentState.NOT_READY, "lunch"));
        long id = 1;
        for (RoutingEvent e : events) {
            NewLogEvent n = RoutingEventRecorder.toLogEvent(e);
            LogEvent stored = new LogEvent(id++, n.at(), n.type(), n.interactionId(), n.agentId(), n.queueId(),
                    n.customerId(), n.actor(), n.details());
            assertThat(LogReplay.toRoutingEvent(stored)).as("%s", e).contains(e);
        }
    }

    @Test
    void aPhoneEventAndWhatOthersWroteAreNotRoutingEvents() {
        NewLogEvent phone = RoutingEventRecorder.toLogEvent(new RoutingEvent.AgentPhoneChanged(T, "a", false));
        assertThat(LogReplay.toRoutingEvent(new LogEvent(1, phone.at(), phone.type(), null, "a", null, null, null,
                phone.details()))).isEmpty();
        NewLogEvent failed = NewLogEvent.failed(java.time.Instant.ofEpochMilli(T), "i1", "boom");
        assertThat(LogReplay.toRoutingEvent(new LogEvent(2, failed.at(), failed.type(), "i1", null, null, null, null,
                failed.details()))).isEmpty();
    }
}
