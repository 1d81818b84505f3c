package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openucc.config.AgentConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.interaction.Channel;
import org.openucc.interaction.InteractionState;
import org.openucc.routing.RoutingCommand.Accept;
import org.openucc.routing.RoutingCommand.AgentUpserted;
import org.openucc.routing.RoutingCommand.ArrivalFigures;
import org.openucc.routing.RoutingCommand.Arrive;
import org.openucc.routing.RoutingCommand.ChangePriority;
import org.openucc.routing.RoutingCommand.CompleteWrapUp;
import org.openucc.routing.RoutingCommand.CustomerLeft;
import org.openucc.routing.RoutingCommand.Decline;
import org.openucc.routing.RoutingCommand.End;
import org.openucc.routing.RoutingCommand.EstimateWait;
import org.openucc.routing.RoutingCommand.Explain;
import org.openucc.routing.RoutingCommand.GetAgent;
import org.openucc.routing.RoutingCommand.GetArrivalFigures;
import org.openucc.routing.RoutingCommand.GetInteraction;
import org.openucc.routing.RoutingCommand.GetInteractions;
import org.openucc.routing.RoutingCommand.GetQueue;
import org.openucc.routing.RoutingCommand.GetStats;
import org.openucc.routing.RoutingCommand.ListAgents;
import org.openucc.routing.RoutingCommand.ListQueues;
import org.openucc.routing.RoutingCommand.ListWaiting;
import org.openucc.routing.RoutingCommand.Login;
import org.openucc.routing.RoutingCommand.Logout;
import org.openucc.routing.RoutingCommand.NotReady;
import org.openucc.routing.RoutingCommand.Ready;
import org.openucc.routing.RoutingCommand.RelayToAgent;
import org.openucc.routing.RoutingCommand.RemoveAgent;
import org.openucc.routing.RoutingCommand.RemoveQueue;
import org.openucc.routing.RoutingCommand.SetAgentState;
import org.openucc.routing.RoutingCommand.SetSkills;
import org.openucc.routing.RoutingCommand.SnapshotAgent;
import org.openucc.routing.RoutingCommand.Transfer;
import org.openucc.routing.RoutingCommand.UpsertAgent;
import org.openucc.routing.RoutingCommand.UpsertQueue;
import org.openucc.routing.RoutingCommand.Withdraw;

/**
 * The routing port on a real {@link RoutingService}: every command goes through {@code send} and its
 * answer agrees with what the engine shows afterwards; refusals fail the stage with the engine's
 * reason; events reach listeners before the answer of the command that caused them. The clock stands
 * still and offers and wrap-ups last a minute, so no timer fires during a test.
 */
class RoutingPortTest {
    private static final Duration LONG = Duration.ofMinutes(1);
    private static final long START_MILLIS = 1_000_000;

    private final List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    private final Set<Class<?>> sent = new HashSet<>();
    private RoutingService service;
    private RoutingPort port;

    @BeforeEach
    void start() {
        service = new RoutingService(RoutingConfig.DEFAULTS, new ManualClock(START_MILLIS), RoutingStrategies.builtIn());
        service.load(List.of(queue("support", Map.of("billing", 1)), queue("sales", Map.of())),
                List.of(new AgentConfig("ann", "Ann", Map.of("billing", 5), null),
                        new AgentConfig("bob", "Bob", Map.of("billing", 3), null))).join();
        port = service;
        port.addListener(events::add);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void everyCommandRoundTripsThroughThePort() {
        // agents and queues as loaded
        assertThat(send(new ListAgents())).extracting(AgentView::id).containsExactlyInAnyOrder("ann", "bob");
        assertThat(send(new ListQueues())).extracting(QueueView::id).containsExactlyInAnyOrder("support", "sales");
        assertThat(send(new GetQueue("support")).id()).isEqualTo("support");

        // agent state commands answer the agent as it is afterwards
        assertThat(send(new Login("ann", true)).state()).isEqualTo(AgentState.READY);
        assertThat(send(new Logout("ann")).state()).isEqualTo(AgentState.LOGGED_OUT);
        AgentView lunch = send(new SetAgentState("ann", AgentState.NOT_READY, "lunch"));
        assertThat(lunch.state()).isEqualTo(AgentState.NOT_READY);
        assertThat(lunch.reason()).isEqualTo("lunch");
        AgentView ready = send(new Ready("ann"));
        assertThat(ready.state()).isEqualTo(AgentState.READY);
        assertThat(send(new GetAgent("ann"))).isEqualTo(ready);
        assertThat(send(new Login("bob", false)).state()).isEqualTo(AgentState.NOT_READY);
        assertThat(send(new NotReady("bob", "break")).reason()).isEqualTo("break");
        // phones: without the registration rule everyone is reachable; with it, a phone reported away is not
        send(new RoutingCommand.RequirePhoneRegistration(false));
        assertThat(send(new RoutingCommand.PhoneReachable("bob", false)).phoneReachable()).isFalse();
        assertThat(send(new RoutingCommand.PhoneReachable("bob", true)).phoneReachable()).isTrue();
        assertThat(send(new RoutingCommand.PhoneReachable("no-such-agent", true))).as("a phone without an agent").isNull();

        // an arrival is offered to the one ready agent, and its offer event came before the answer
        ArrivalFigures before = send(new GetArrivalFigures("support"));
        assertThat(send(new EstimateWait("support"))).isEqualTo(before.estimatedWaitMillis());
        InteractionView i1 = send(new Arrive(NewInteraction.of("i1", Channel.VOICE, "support"))).placed().orElseThrow();
        assertThat(i1.state()).isEqualTo(InteractionState.OFFERED);
        assertThat(i1.offeredTo()).containsExactly("ann");
        assertThat(events).anyMatch(e -> e instanceof RoutingEvent.OfferMade o && o.interactionId().equals("i1")
                && o.agentId().equals("ann"));

        send(new Accept("i1", "ann"));
        InteractionView connected = send(new GetInteraction("i1")).orElseThrow();
        assertThat(connected.state()).isEqualTo(InteractionState.CONNECTED);
        assertThat(connected.agentId()).isEqualTo("ann");
        InteractionView prioritised = send(new ChangePriority("i1", connected.priority() + 5));
        assertThat(prioritised.priority()).isEqualTo(connected.priority() + 5)
                .isEqualTo(send(new GetInteraction("i1")).orElseThrow().priority());

        // only its holder (or anyone, when no holder is named) may end it
        assertThat(failure(new End("i1", "done", "bob")).kind()).isEqualTo(RoutingException.Kind.NOT_HOLDER);
        send(new End("i1", "done", "ann"));
        assertThat(send(new GetInteraction("i1")).orElseThrow().state()).isEqualTo(InteractionState.WRAP_UP);
        send(new CompleteWrapUp("i1", "ann"));
        assertThat(send(new GetInteraction("i1"))).isEmpty();

        // a declined offer waits again; it can be explained, moved, and withdrawn once
        send(new Arrive(NewInteraction.of("i2", Channel.VOICE, "support")));
        send(new Decline("i2", "ann"));
        assertThat(send(new GetInteraction("i2")).orElseThrow().state()).isEqualTo(InteractionState.QUEUED);
        List<InteractionView> waiting = send(new ListWaiting("support"));
        assertThat(waiting).extracting(InteractionView::id).containsExactly("i2");
        assertThat(send(new GetArrivalFigures("support")).waiting()).isEqualTo(waiting.size());
        Explanation why = send(new Explain("i2"));
        assertThat(why.interactionId()).isEqualTo("i2");
        assertThat(why.agents()).extracting(Explanation.Verdict::agentId).contains("ann", "bob");
        send(new Transfer("i2", "sales", null));
        assertThat(send(new GetInteraction("i2")).orElseThrow().queueId()).isEqualTo("sales");
        assertThat(send(new GetInteractions(List.of("nobody", "i2")))).extracting(InteractionView::id)
                .containsExactly("i2");
        send(new Withdraw("i2", "caller hung up"));
        assertThat(send(new GetInteraction("i2"))).isEmpty();
        assertThat(events).anyMatch(e -> e instanceof RoutingEvent.InteractionAbandoned a
                && a.interactionId().equals("i2") && a.reason().equals("caller hung up"));
        send(new Withdraw("i2", "again")); // gone already: nothing to do, no error
        assertThat(send(new CustomerLeft("i2", "again"))).isEqualTo(CustomerLeftResult.NOT_ROUTED);
        send(new Arrive(NewInteraction.of("i3", Channel.VOICE, "sales")));
        assertThat(send(new CustomerLeft("i3", "hung up"))).isEqualTo(CustomerLeftResult.ABANDONED);
        InteractionView restored = send(new RoutingCommand.Restore(NewInteraction.of("r1", Channel.VOICE, "sales"),
                START_MILLIS - 5_000, null));
        assertThat(restored.waitedMillis()).isEqualTo(5_000);
        assertThat(events).anyMatch(e -> e instanceof RoutingEvent.InteractionQueued q && q.interactionId().equals("r1")
                && q.requeued() && "recovered after restart".equals(q.reason()));
        assertThat(send(new CustomerLeft("r1", "hung up"))).isEqualTo(CustomerLeftResult.ABANDONED);
        send(new UpsertAgent(new AgentConfig("dora", "Dora", Map.of("sales", 5), null)));
        send(new Login("dora", true));
        InteractionView reattached = send(new RoutingCommand.Reattach(NewInteraction.of("r2", Channel.VOICE, "sales"),
                START_MILLIS - 7_000, "dora", "the call stayed up on its PBX"));
        assertThat(reattached.state()).isEqualTo(org.openucc.interaction.InteractionState.CONNECTED);
        assertThat(reattached.agentId()).isEqualTo("dora");
        assertThat(send(new CustomerLeft("r2", "hung up"))).isNotEqualTo(CustomerLeftResult.ABANDONED);
        send(new UpsertAgent(new AgentConfig("eve", "Eve", Map.of(), null)));
        send(new Login("eve", false));
        InteractionView dialled = send(new RoutingCommand.StartWithAgent(NewInteraction.of("s1", Channel.VOICE, "sales"),
                "eve"));
        assertThat(dialled.state()).isEqualTo(org.openucc.interaction.InteractionState.CONNECTED);
        assertThat(dialled.agentId()).isEqualTo("eve");
        assertThat(send(new CustomerLeft("s1", "hung up"))).isEqualTo(CustomerLeftResult.ENDED);
        send(new UpsertAgent(new AgentConfig("fay", "Fay", Map.of("sales", 5), null)));
        send(new Login("fay", true));
        assertThat(send(new RoutingCommand.RestoreWrapUp(NewInteraction.of("w1", Channel.VOICE, "sales"), "fay",
                START_MILLIS - 9_000, START_MILLIS + 60_000))).as("wrapping up again").isTrue();
        assertThat(send(new GetAgent("fay")).state()).isEqualTo(AgentState.WRAP_UP);
        send(new CompleteWrapUp("w1", "fay"));

        // admin changes
        assertThat(send(new SetSkills("bob", Map.of("billing", 7))).skills()).containsEntry("billing", 7);
        AgentConfig carl = new AgentConfig("carl", "Carl", Map.of("billing", 2), null);
        AgentUpserted created = send(new UpsertAgent(carl));
        assertThat(created.created()).isTrue();
        assertThat(created.agent().id()).isEqualTo("carl");
        assertThat(send(new UpsertAgent(carl)).created()).isFalse();
        send(new RemoveAgent("carl"));
        assertThat(send(new ListAgents())).extracting(AgentView::id).doesNotContain("carl");
        assertThat(send(new UpsertQueue(queue("vip", Map.of()))).id()).isEqualTo("vip");
        assertThat(send(new ListQueues())).extracting(QueueView::id).contains("vip");
        send(new RemoveQueue("vip"));
        assertThat(failure(new GetQueue("vip")).kind()).isEqualTo(RoutingException.Kind.NOT_FOUND);

        // stream commands come back as events, before their answer
        send(new SnapshotAgent("ann", "req-1"));
        assertThat(events).filteredOn(RoutingEvent.AgentSnapshotTaken.class::isInstance).singleElement()
                .satisfies(e -> {
                    RoutingEvent.AgentSnapshotTaken s = (RoutingEvent.AgentSnapshotTaken) e;
                    assertThat(s.requestId()).isEqualTo("req-1");
                    assertThat(s.agent()).isEqualTo(send(new GetAgent("ann")));
                });
        send(new RelayToAgent("ann", "{\"type\":\"hi\"}"));
        assertThat(events).filteredOn(RoutingEvent.AgentMessageRelayed.class::isInstance).singleElement()
                .isEqualTo(new RoutingEvent.AgentMessageRelayed(START_MILLIS, "ann", "{\"type\":\"hi\"}"));

        RoutingEngine.EngineStats stats = send(new GetStats());
        assertThat(stats.agents()).isEqualTo(send(new ListAgents()).size());
        assertThat(stats.loggedInAgents()).isEqualTo((int) send(new ListAgents()).stream()
                .filter(a -> a.state() != AgentState.LOGGED_OUT).count());

        Set<Class<?>> commands = Arrays.stream(RoutingCommand.class.getPermittedSubclasses()).collect(Collectors.toSet());
        assertThat(sent).as("commands this test sent").containsExactlyInAnyOrderElementsOf(commands);
    }

    @Test
    void aRefusedCommandFailsItsStageWithTheEnginesReason() {
        RoutingException unknown = failure(new Login("ghost", true));
        assertThat(unknown.kind()).isEqualTo(RoutingException.Kind.NOT_FOUND);
        assertThat(unknown).hasMessageContaining("ghost");

        send(new Login("ann", true));
        RoutingException twice = failure(new Login("ann", true));
        assertThat(twice.kind()).isEqualTo(RoutingException.Kind.CONFLICT);

        RoutingException wrongChannel = failure(new Arrive(NewInteraction.of("e1", Channel.EMAIL, "sales")));
        assertThat(wrongChannel.kind()).isEqualTo(RoutingException.Kind.INVALID);
        assertThat(send(new GetInteraction("e1"))).isEmpty();
    }

    @Test
    void aRemovedListenerHearsNoMore() {
        List<RoutingEvent> heard = new CopyOnWriteArrayList<>();
        RoutingEventSink listener = heard::add;
        port.addListener(listener);
        send(new Login("ann", true));
        int before = heard.size();
        assertThat(before).isPositive();
        port.removeListener(listener);
        send(new Logout("ann"));
        assertThat(heard).hasSize(before);
        assertThat(events.size()).isGreaterThan(before);
    }

    @Test
    void aStoppedPortRefusesCommands() {
        service.close();
        assertThatThrownBy(() -> port.send(new ListAgents()).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(IllegalStateException.class);
    }

    private <R> R send(RoutingCommand<R> command) {
        sent.add(command.getClass());
        return port.send(command).toCompletableFuture().join();
    }

    private RoutingException failure(RoutingCommand<?> command) {
        sent.add(command.getClass());
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> port.send(command).toCompletableFuture().join());
        assertThat(thrown).isInstanceOf(CompletionException.class).hasCauseInstanceOf(RoutingException.class);
        return (RoutingException) thrown.getCause();
    }

    private static QueueConfig queue(String id, Map<String, Integer> skills) {
        return new QueueConfig(id, null, Set.of(Channel.VOICE, Channel.CHAT), skills, null, null, null, null, null,
                null, null, null, 0, LONG, LONG, null, null);
    }
}
