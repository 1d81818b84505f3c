package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openucc.config.QueueConfig;
import org.openucc.interaction.Channel;
import org.openucc.routing.RoutingEvent.AgentPhoneChanged;
import org.openucc.routing.RoutingEvent.OfferEnded;

/**
 * With a telephony that knows registrations, an agent without a registered phone stays READY for
 * chats and emails but is offered no calls or callbacks until the phone registers.
 */
class PhoneReachabilityTest {
    private final EngineHarness h = harness();

    private static EngineHarness harness() {
        EngineHarness h = new EngineHarness();
        h.engine.requirePhoneRegistration(true);
        h.queue(QueueConfig.of("q", Set.of(Channel.VOICE, Channel.CHAT, Channel.EMAIL, Channel.CALLBACK,
                Channel.OUTBOUND_VOICE), Map.of("s", 1)));
        h.agent("ann", Map.of("s", 5), Map.of(Channel.VOICE, 1, Channel.CHAT, 2, Channel.EMAIL, 2, Channel.CALLBACK, 1,
                Channel.OUTBOUND_VOICE, 1));
        h.engine.login("ann", true);
        return h;
    }

    @Test
    void anAgentWithoutAPhoneGetsTheChatButNotTheCallThenTheWaitingCallOnceThePhoneRegisters() {
        h.call("call", "q");
        h.engine.addInteraction(NewInteraction.of("chat", Channel.CHAT, "q"));

        assertThat(h.offers()).extracting(RoutingEvent.OfferMade::interactionId).containsExactly("chat");
        AgentView ann = h.engine.agentView("ann");
        assertThat(ann.state()).isEqualTo(AgentState.RESERVED);
        assertThat(ann.phoneReachable()).isFalse();
        h.engine.accept("chat", "ann");
        h.engine.end("chat", "visitor left");
        h.engine.completeWrapUp("chat", "ann");
        assertThat(h.engine.agentView("ann").state()).isEqualTo(AgentState.READY);
        assertThat(h.engine.interactionView("call").orElseThrow().position()).isEqualTo(1);
        assertThat(h.engine.explain("call").agents()).singleElement().satisfies(v -> {
            assertThat(v.reason()).isEqualTo(ExclusionReason.NO_PHONE);
            assertThat(v.detail()).isEqualTo("no phone registered: calls are not offered");
        });

        h.clear();
        h.engine.phoneReachable("ann", true);

        assertThat(h.of(AgentPhoneChanged.class)).containsExactly(new AgentPhoneChanged(h.clock.millis(), "ann", true));
        assertThat(h.offeredTo("call")).isEqualTo("ann");
        assertThat(h.engine.agentView("ann").phoneReachable()).isTrue();
    }

    @Test
    void callbacksAndOutboundCallsRingThePhoneSoTheyWaitToo() {
        h.engine.addInteraction(NewInteraction.of("cb", Channel.CALLBACK, "q"));
        h.engine.addInteraction(NewInteraction.of("out", Channel.OUTBOUND_VOICE, "q"));
        h.engine.addInteraction(NewInteraction.of("mail", Channel.EMAIL, "q"));

        assertThat(h.offers()).extracting(RoutingEvent.OfferMade::interactionId).containsExactly("mail");
        assertThat(h.engine.agentView("ann").state()).isEqualTo(AgentState.RESERVED);
    }

    @Test
    void aPhoneThatGoesAwayWhileACallRingsWithdrawsTheOfferAndTheAgentStaysReady() {
        h.engine.phoneReachable("ann", true);
        h.call("call", "q");
        assertThat(h.offeredTo("call")).isEqualTo("ann");

        h.engine.phoneReachable("ann", false);

        assertThat(h.of(OfferEnded.class)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(OfferOutcome.RESCINDED);
            assertThat(e.reason()).isEqualTo("phone unregistered");
        });
        assertThat(h.engine.agentView("ann").state()).isEqualTo(AgentState.READY);
        assertThat(h.engine.interactionView("call").orElseThrow().state())
                .isEqualTo(org.openucc.interaction.InteractionState.QUEUED);
    }

    @Test
    void withoutATelephonyThatKnowsRegistrationsAgentsAreReachable() {
        EngineHarness plain = new EngineHarness().queue(QueueConfig.of("q", Set.of(Channel.VOICE), Map.of()));
        plain.readyAgent("bob", Map.of());
        plain.call("call", "q");

        assertThat(plain.offeredTo("call")).isEqualTo("bob");
        assertThat(plain.engine.agentView("bob").phoneReachable()).isTrue();
    }
}
