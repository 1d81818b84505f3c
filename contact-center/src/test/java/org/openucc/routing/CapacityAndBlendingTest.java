package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openucc.interaction.Channel;

class CapacityAndBlendingTest {

    private EngineHarness harness() {
        EngineHarness h = new EngineHarness().queue("q", "longest-idle", Map.of("s", 1));
        h.agent("a", Map.of("s", 5), Map.of(Channel.VOICE, 1, Channel.CHAT, 3, Channel.EMAIL, 5));
        h.engine.login("a", true);
        return h;
    }

    private void offerAndAccept(EngineHarness h, String id, Channel channel) {
        h.engine.addInteraction(NewInteraction.of(id, channel, "q"));
        h.engine.accept(id, h.offeredTo(id));
    }

    @Test
    void upToThreeChatsAtOnceThenTheFourthWaits() {
        EngineHarness h = harness();
        for (int i = 1; i <= 3; i++) {
            offerAndAccept(h, "chat" + i, Channel.CHAT);
        }
        h.engine.addInteraction(NewInteraction.of("chat4", Channel.CHAT, "q"));
        assertThat(h.engine.interactionView("chat4").orElseThrow().position()).isEqualTo(1);
        assertThat(h.engine.agentView("a").load()).containsEntry(Channel.CHAT, 3);
        h.engine.end("chat2", "visitor left");
        assertThat(h.offeredTo("chat4")).isEqualTo("a");
    }

    @Test
    void aCallExcludesEverythingElse() {
        EngineHarness h = harness();
        offerAndAccept(h, "call", Channel.VOICE);
        h.engine.addInteraction(NewInteraction.of("chat", Channel.CHAT, "q"));
        h.engine.addInteraction(NewInteraction.of("mail", Channel.EMAIL, "q"));
        assertThat(h.offers()).hasSize(1);
        h.engine.end("call", "done");
        // Free again: the chat (arrived first, same priority) then the email alongside it.
        assertThat(h.offeredTo("chat")).isEqualTo("a");
        h.engine.accept("chat", "a");
        assertThat(h.offeredTo("mail")).isEqualTo("a");
    }

    @Test
    void chatsExcludeCallsButEmailsGoAlongsideChats() {
        EngineHarness h = harness();
        offerAndAccept(h, "chat", Channel.CHAT);
        h.call("call", "q");
        assertThat(h.offers()).extracting(RoutingEvent.OfferMade::interactionId).doesNotContain("call");
        h.engine.addInteraction(NewInteraction.of("mail", Channel.EMAIL, "q"));
        assertThat(h.offeredTo("mail")).isEqualTo("a");
    }

    @Test
    void agentWithoutCapacityForAChannelIsNeverOfferedIt() {
        EngineHarness h = new EngineHarness().queue("q", "longest-idle", Map.of("s", 1));
        h.agent("voiceOnly", Map.of("s", 5), Map.of(Channel.VOICE, 1));
        h.engine.login("voiceOnly", true);
        h.engine.addInteraction(NewInteraction.of("mail", Channel.EMAIL, "q"));
        assertThat(h.offers()).isEmpty();
        Explanation ex = h.engine.explain("mail");
        assertThat(ex.agents()).singleElement().satisfies(v -> {
            assertThat(v.eligible()).isFalse();
            assertThat(v.reason()).isEqualTo(ExclusionReason.AT_CAPACITY);
            assertThat(v.detail()).contains("does not handle EMAIL");
        });
    }
}
