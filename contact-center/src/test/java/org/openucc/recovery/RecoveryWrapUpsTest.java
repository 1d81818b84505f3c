package org.openucc.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.AgentConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.config.ServiceLevel;
import org.openucc.config.StoreConfig;
import org.openucc.interaction.Channel;
import org.openucc.interaction.InteractionState;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;
import org.openucc.log.RoutingEventRecorder;
import org.openucc.routing.AgentState;
import org.openucc.routing.AgentView;
import org.openucc.routing.InteractionView;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingService;
import org.openucc.routing.RoutingStrategies;
import org.openucc.store.StoreServices;

/**
 * The recovery with open wrap-ups, on a real engine and a real (H2) log: a wrap-up goes back to its agent with its
 * end, also when the interaction was transferred and comes back to its new queue; one whose end passed meanwhile
 * ends at once; one whose agent logged out is closed in the log.
 */
class RecoveryWrapUpsTest {
    @TempDir
    Path dir;

    @Test
    void wrapUpsGoBackToTheirAgentsEndOnceDueAndAreClosedForAgentsWhoLeft() throws Exception {
        InstantSource clock = InstantSource.system();
        StoreServices store = StoreServices.start(new StoreConfig(null, null, null, 4, "DE", false, 0, 10, 0, 0), dir, clock);
        RoutingService routing = new RoutingService(RoutingConfig.DEFAULTS, clock, RoutingStrategies.builtIn());
        try {
            InteractionLog log = store.interactionLog();
            long t0 = clock.millis() - 120_000;
            long endsLater = clock.millis() + 600_000;
            // i1: a1 had it from support and transferred it to billing, where it waits; a1 wraps up.
            write(log, created("i1", t0), new RoutingEvent.InteractionQueued(t0 + 1, "i1", "support", 1, 0, false),
                    new RoutingEvent.InteractionConnected(t0 + 4, "i1", "a1", "support", 3),
                    new RoutingEvent.InteractionTransferred(t0 + 10, "i1", "support", "billing", "a1"),
                    new RoutingEvent.InteractionEnded(t0 + 10, "i1", "a1", "support", "transferred", 6),
                    new RoutingEvent.WrapUpStarted(t0 + 10, "i1", "a1", endsLater),
                    new RoutingEvent.InteractionQueued(t0 + 10, "i1", "billing", 1, 0, false));
            // i2: a2's wrap-up ran out while the server was down.
            write(log, created("i2", t0), new RoutingEvent.InteractionQueued(t0 + 1, "i2", "support", 1, 0, false),
                    new RoutingEvent.InteractionConnected(t0 + 4, "i2", "a2", "support", 3),
                    new RoutingEvent.InteractionEnded(t0 + 9, "i2", "a2", "support", "agent ended", 5),
                    new RoutingEvent.WrapUpStarted(t0 + 9, "i2", "a2", t0 + 30_000));
            // i3: a3 wraps up, but the log has them logged out last.
            write(log, created("i3", t0), new RoutingEvent.InteractionQueued(t0 + 1, "i3", "support", 1, 0, false),
                    new RoutingEvent.InteractionConnected(t0 + 4, "i3", "a3", "support", 3),
                    new RoutingEvent.InteractionEnded(t0 + 9, "i3", "a3", "support", "agent ended", 5),
                    new RoutingEvent.WrapUpStarted(t0 + 9, "i3", "a3", endsLater));
            for (String a : List.of("a1", "a2", "a3")) {
                write(log, null, new RoutingEvent.AgentStateChanged(t0, a, AgentState.LOGGED_OUT, AgentState.READY, null),
                        new RoutingEvent.AgentStateChanged(t0 + 4, a, AgentState.READY, AgentState.BUSY, null),
                        new RoutingEvent.AgentStateChanged(t0 + 9, a, AgentState.BUSY, AgentState.WRAP_UP, null));
            }
            write(log, null, new RoutingEvent.AgentStateChanged(t0 + 20, "a3", AgentState.WRAP_UP, AgentState.LOGGED_OUT, null));
            log.flush().get(10, TimeUnit.SECONDS);

            routing.setJournal(store.routingRecorder());
            routing.load(List.of(queue("support"), queue("billing")), List.of(agent("a1"), agent("a2"), agent("a3")))
                    .get(10, TimeUnit.SECONDS);
            RecoveryPlan plan = new RecoveryReader(log).read(List.of("a1", "a2", "a3"), clock.instant());
            RecoveryReport report = new Recovery(routing, log).apply(plan);

            assertThat(List.of(report.wrapUpsKept(), report.wrapUpsClosed())).isEqualTo(List.of(1, 2));
            assertThat(report.restored(Channel.CHAT)).containsExactly("i1");
            AgentView a1 = routing.send(new RoutingCommand.GetAgent("a1")).get(10, TimeUnit.SECONDS);
            assertThat(List.of(a1.state(), a1.interactions())).isEqualTo(List.of(AgentState.WRAP_UP, List.of("i1")));
            InteractionView i1 = routing.send(new RoutingCommand.GetInteraction("i1")).get(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(List.of(i1.state(), i1.queueId(), i1.offeredTo()))
                    .as("back in billing, offered to a2 (free again), not to a1 (wrapping up)")
                    .isEqualTo(List.of(InteractionState.OFFERED, "billing", List.of("a2")));
            assertThat(types(log, "i1")).filteredOn(t -> t.startsWith("WRAP_UP") || t.startsWith("FAILED"))
                    .as("the wrap-up restated with its end; nothing failed")
                    .containsOnly("WRAP_UP_STARTED " + Instant.ofEpochMilli(endsLater) + " null").hasSize(2);
            AgentView a2 = routing.send(new RoutingCommand.GetAgent("a2")).get(10, TimeUnit.SECONDS);
            assertThat(List.of(a2.state(), a2.interactions(), a2.offeredInteraction()))
                    .isEqualTo(List.of(AgentState.RESERVED, List.of(), "i1"));
            assertThat(types(log, "i2")).as("ended by the engine, as its timer would have")
                    .endsWith("WRAP_UP_ENDED null null");
            assertThat(routing.send(new RoutingCommand.GetAgent("a3")).get(10, TimeUnit.SECONDS).state())
                    .isEqualTo(AgentState.LOGGED_OUT);
            assertThat(types(log, "i3")).endsWith("WRAP_UP_ENDED null recovery");
            assertThat(log.timeline("i3").get(log.timeline("i3").size() - 1).detail("reason"))
                    .isEqualTo(InteractionRecovery.WRAP_UP_CLOSED);
        } finally {
            routing.close();
            store.close();
        }
    }

    private static NewLogEvent created(String id, long at) {
        return NewLogEvent.interactionCreated(Instant.ofEpochMilli(at), id, Channel.CHAT, "INBOUND", "support", null,
                Map.of());
    }

    private static void write(InteractionLog log, NewLogEvent first, RoutingEvent... events) {
        if (first != null) {
            log.append(first);
        }
        for (RoutingEvent e : events) {
            log.append(RoutingEventRecorder.toLogEvent(e));
        }
    }

    /** Each event of the interaction as "TYPE endsAt actor", oldest first. */
    private static List<String> types(InteractionLog log, String id) {
        return log.timeline(id).stream().map((LogEvent e) -> e.type() + " " + e.detail("endsAt") + " " + e.actor())
                .toList();
    }

    private static QueueConfig queue(String id) {
        return new QueueConfig(id, null, Set.of(Channel.CHAT), Map.of(), new ServiceLevel(80, Duration.ofSeconds(20)),
                null, null, null, null, null, null, null, 0, Duration.ofSeconds(30), Duration.ofMinutes(30), null, null);
    }

    private static AgentConfig agent(String id) {
        return new AgentConfig(id, id, Map.of(), Map.of(Channel.CHAT, 1));
    }
}
