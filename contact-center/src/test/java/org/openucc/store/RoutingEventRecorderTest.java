package org.openucc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.AgentConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.interaction.Channel;
import org.openucc.log.InteractionLog;
import org.openucc.log.InteractionOutcome;
import org.openucc.log.InteractionSummary;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.LogQuery;
import org.openucc.log.NewLogEvent;
import org.openucc.log.RoutingEventRecorder;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.NewInteraction;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingService;
import org.openucc.routing.RoutingStrategies;

class RoutingEventRecorderTest {

    @Test
    void theRecorderHandsEventsOverWithoutWaitingAndCountsLostOnes() {
        InteractionLog slow = Mockito.mock(InteractionLog.class);
        CompletableFuture<LogEvent> neverDurable = new CompletableFuture<>();
        Mockito.when(slow.append(Mockito.any())).thenReturn(neverDurable);
        RoutingEventRecorder recorder = new RoutingEventRecorder(slow);
        // Returns although the write never completes: the engine thread is never held up by the database.
        recorder.accept(new RoutingEvent.InteractionQueued(1, "i1", "q", 1, 0, false));
        assertThat(recorder.failures()).isZero();
        neverDurable.completeExceptionally(new IllegalStateException("database down"));
        assertThat(recorder.failures()).isOne();
    }
    @TempDir
    Path dir;

    @Test
    void theEngineEventsOfAnAnsweredCallBecomeItsTimelineAndCdr() {
        try (StoreServices store = StoreServices.start(StoreFixture.config(false, 0), dir, InstantSource.system());
             RoutingService routing = new RoutingService(RoutingConfig.DEFAULTS, InstantSource.system(),
                     RoutingStrategies.builtIn())) {
            routing.addListener(store.routingRecorder());
            QueueConfig q = new QueueConfig("support", null, Set.of(Channel.VOICE), Map.of("s", 1), null, null, null, null,
                    null, null, null, null, 0, Duration.ofMinutes(1), Duration.ofSeconds(30), null, null);
            routing.load(List.of(q), List.of(new AgentConfig("ann", "Ann", Map.of("s", 3), null))).join();
            routing.send(new RoutingCommand.Login("ann", true)).join();

            store.interactionLog().append(NewLogEvent.interactionCreated(null, "call-1", Channel.VOICE, "INBOUND",
                    "support", "cus_1", Map.of())).join();
            routing.send(new RoutingCommand.Arrive(NewInteraction.of("call-1", Channel.VOICE, "support"))).join();
            routing.send(new RoutingCommand.Accept("call-1", "ann")).join();
            routing.send(new RoutingCommand.End("call-1", "REMOTE_HANGUP")).join();
            routing.send(new RoutingCommand.CompleteWrapUp("call-1", "ann")).join();
            routing.send(new RoutingCommand.Logout("ann")).join();

            await().atMost(Duration.ofSeconds(10)).until(() -> store.interactionLog().events(
                    LogQuery.forAgent("ann").limit(100)).events().stream()
                    .anyMatch(e -> e.type() == LogEventType.AGENT_LOGGED_OUT));
            store.interactionLog().flush().join();

            assertThat(store.interactionLog().timeline("call-1")).extracting(LogEvent::type).containsSubsequence(
                    LogEventType.INTERACTION_CREATED, LogEventType.QUEUED, LogEventType.OFFERED, LogEventType.CONNECTED,
                    LogEventType.ENDED, LogEventType.WRAP_UP_STARTED, LogEventType.WRAP_UP_ENDED);
            InteractionSummary cdr = store.interactionLog().summary("call-1").orElseThrow();
            assertThat(cdr.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
            assertThat(cdr.agentId()).isEqualTo("ann");
            assertThat(cdr.queueId()).isEqualTo("support");
            assertThat(cdr.customerId()).isEqualTo("cus_1");
            assertThat(cdr.endCause()).isEqualTo("REMOTE_HANGUP");
            assertThat(store.interactionLog().events(LogQuery.forAgent("ann").limit(100)).events())
                    .extracting(LogEvent::type).startsWith(LogEventType.AGENT_LOGGED_IN)
                    .contains(LogEventType.AGENT_STATE_CHANGED).endsWith(LogEventType.AGENT_LOGGED_OUT);
            assertThat(store.routingRecorder().failures()).isZero();
        }
    }
}
