package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.openucc.config.AgentConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.interaction.Channel;

class RoutingServiceTest {

    @Test
    void commandsRunOnTheEngineThreadAndTimersFireWithoutPolling() {
        List<RoutingEvent> events = new CopyOnWriteArrayList<>();
        try (RoutingService svc = new RoutingService(RoutingConfig.DEFAULTS, InstantSource.system(), RoutingStrategies.builtIn())) {
            svc.addListener(events::add);
            QueueConfig q = new QueueConfig("q", null, Set.of(Channel.VOICE), Map.of("s", 1), null, null, null, null,
                    null, null, null, null, 0, Duration.ZERO, Duration.ofMillis(200), null, null);
            svc.load(List.of(q), List.of(new AgentConfig("a", "Ann", Map.of("s", 3), null))).join();
            svc.run(e -> e.login("a", true)).join();
            svc.run(e -> e.addInteraction(NewInteraction.of("i1", Channel.VOICE, "q"))).join();
            assertThat(events).anyMatch(ev -> ev instanceof RoutingEvent.OfferMade o && o.agentId().equals("a"));
            // Nobody answers: the 200 ms offer timer fires on its own and the interaction rings again later.
            await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(ev ->
                    ev instanceof RoutingEvent.OfferEnded oe && oe.outcome() == OfferOutcome.TIMED_OUT));
            assertThat(svc.call(e -> e.interactionView("i1").orElseThrow().position()).join()).isEqualTo(1);
        }
    }

    @Test
    void aRefusedCommandFailsItsFutureWithTheReason() {
        try (RoutingService svc = new RoutingService(RoutingConfig.DEFAULTS, InstantSource.system(), RoutingStrategies.builtIn())) {
            Assertions.assertThatThrownBy(() -> svc.run(e -> e.login("ghost", true)).join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(RoutingException.class)
                    .hasMessageContaining("unknown agent 'ghost'");
        }
    }
}
