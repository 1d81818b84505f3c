package org.openucc.ivr.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openucc.config.AgentConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.interaction.Channel;
import org.openucc.ivr.runtime.QueueExit;
import org.openucc.ivr.runtime.QueueTicket;
import org.openucc.routing.NewInteraction;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingService;
import org.openucc.routing.RoutingStrategies;

/** The IVR's tickets on the real ACD, for calls it places and for calls transferred to a queue it follows. */
class RoutingIvrRoutingTest {
    RoutingService routing;
    RoutingIvrRouting queues;

    @BeforeEach
    void start() {
        routing = new RoutingService(new RoutingConfig(0, null, Duration.ofMillis(1), 0, null, 0), InstantSource.system(),
                RoutingStrategies.builtIn());
        QueueConfig support = queue("support");
        QueueConfig billing = queue("billing");
        routing.load(List.of(support, billing), List.of(new AgentConfig("ann", "Ann", Map.of(), null))).join();
        queues = new RoutingIvrRouting(routing);
        routing.addListener(queues);
    }

    @AfterEach
    void stop() {
        routing.close();
    }

    @Test
    void aTransferredCallIsFollowedWithoutArrivingAgainAndItsTicketLearnsTheNextAgent() throws Exception {
        routing.send(new RoutingCommand.Login("ann", true)).toCompletableFuture().join();
        QueueTicket first = queues.enqueue(voice("v-1", "support")).toCompletableFuture().join();
        routing.send(new RoutingCommand.Accept("v-1", "ann")).toCompletableFuture().join();
        assertThat(first.exit().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(new QueueExit.Connected("ann"));

        routing.send(new RoutingCommand.Transfer("v-1", "billing", "ann")).toCompletableFuture().join();
        QueueTicket followed = queues.follow("v-1").toCompletableFuture().join();

        assertThat(followed.exit()).isNotDone();
        assertThat(followed.place().toCompletableFuture().join()).as("still waiting, in billing").isPresent();
        assertThat(routing.send(new RoutingCommand.GetInteraction("v-1")).toCompletableFuture().join())
                .hasValueSatisfying(v -> assertThat(v.queueId()).isEqualTo("billing"));
        followed.withdraw("the caller pressed 1").toCompletableFuture().join();
        assertThat(routing.send(new RoutingCommand.GetInteraction("v-1")).toCompletableFuture().join()
                .map(v -> v.state().name()).filter(s -> s.equals("QUEUED") || s.equals("OFFERED"))).isEmpty();
        assertThat(queues.followed()).isZero();
    }

    @Test
    void aCallTheAcdNoLongerHasWaitingEndsItsTicketAtOnce() throws Exception {
        QueueTicket unknown = queues.follow("v-9").toCompletableFuture().join();

        assertThat(unknown.exit().toCompletableFuture().get(5, TimeUnit.SECONDS)).isInstanceOf(QueueExit.Ended.class);
        assertThat(queues.followed()).isZero();
    }

    @Test
    void aCallAnAgentTookBeforeItWasFollowedIsConnectedAtOnce() throws Exception {
        routing.send(new RoutingCommand.Login("ann", true)).toCompletableFuture().join();
        routing.send(new RoutingCommand.Arrive(voice("v-2", "support"))).toCompletableFuture().join();
        routing.send(new RoutingCommand.Accept("v-2", "ann")).toCompletableFuture().join();

        QueueTicket late = queues.follow("v-2").toCompletableFuture().join();

        assertThat(late.exit().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(new QueueExit.Connected("ann"));
    }

    private static NewInteraction voice(String id, String queueId) {
        return new NewInteraction(id, Channel.VOICE, queueId, Map.of(), 0, null, null, null, Map.of());
    }

    private static QueueConfig queue(String id) {
        return new QueueConfig(id, null, Set.of(Channel.VOICE), Map.of(), null, null, null, null, null, null, null,
                null, 0, Duration.ZERO, Duration.ofSeconds(30), null, null);
    }
}
