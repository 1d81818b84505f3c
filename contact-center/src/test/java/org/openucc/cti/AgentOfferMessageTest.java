package org.openucc.cti;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openucc.interaction.Channel;
import org.openucc.interaction.Tier;
import org.openucc.json.ApiJson;
import org.openucc.log.InteractionOutcome;
import org.openucc.log.InteractionSummary;

/**
 * The offer message is written in one pass, without a tree of the screen pop first: it must still say exactly what
 * the console reads (type, interaction, expiry as ISO-8601 text, and the screen pop as the API shows it).
 */
class AgentOfferMessageTest {
    private static final Instant OFFERED = Instant.parse("2026-12-07T10:15:30.123456Z");

    @Test
    void anOfferCarriesTheScreenPopAsTheApiShowsIt() throws Exception {
        ScreenPop pop = pop(OFFERED.plusSeconds(20));
        JsonNode m = ApiJson.mapper().readTree(AgentMessages.offer(pop));

        assertThat(m.path("type").asText()).isEqualTo("offer");
        assertThat(m.path("interactionId").asText()).isEqualTo("call-7");
        assertThat(m.path("expiresAt").asText()).isEqualTo("2026-12-07T10:15:50.123456Z");
        // as text: a tree built from the object holds longs where one read back from text holds small ints
        assertThat(m.path("screenPop").toString()).isEqualTo(ApiJson.tree(pop).toString());
        assertThat(m.path("screenPop").path("recentInteractions").get(0).path("arrivedAt").asText())
                .isEqualTo("2026-12-01T08:00:00Z");
        assertThat(m.path("screenPop").path("context").path("ivr.path").asText()).isEqualTo("main>billing");
        assertThat(m.size()).as("type, interactionId, expiresAt, screenPop and nothing else").isEqualTo(4);
    }

    @Test
    void anOfferWithoutExpiryLeavesTheFieldOut() throws Exception {
        JsonNode m = ApiJson.mapper().readTree(AgentMessages.offer(pop(null)));
        assertThat(m.has("expiresAt")).isFalse();
        assertThat(m.path("screenPop").has("customer")).as("null values are left out, as everywhere in the API")
                .isFalse();
        assertThat(m.path("screenPop").path("channel").asText()).isEqualTo("VOICE");
    }

    private static ScreenPop pop(Instant expiresAt) {
        InteractionSummary earlier = new InteractionSummary("call-3", "VOICE", "INBOUND", "c-1", "billing", "alice",
                Instant.parse("2026-12-01T08:00:00Z"), null, null, null, 0, 0, 0, 0, 1, 0, InteractionOutcome.ANSWERED,
                null, "SOLVED", null, 42);
        return new ScreenPop("call-7", "bob", Channel.VOICE, "billing", OFFERED, expiresAt, Tier.VIP, null, null, 0,
                List.of(), List.of(), List.of(earlier), Map.of("ivr.path", "main>billing", "caller", "+4930123456"),
                null, null);
    }
}
