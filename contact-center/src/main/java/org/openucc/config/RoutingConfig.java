package org.openucc.config;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.openucc.interaction.Channel;

/**
 * Engine-wide routing rules.
 *
 * @param missedOffersBeforeNotReady consecutive unanswered offers that put an agent NOT_READY (0: never)
 * @param missedReasonCode           the NOT_READY reason used then
 * @param declineReofferDelay        an agent who declined or missed an interaction is not offered the
 *                                   same one again for this long
 * @param ringAllLimit               at most this many agents ring at once with the ring-all strategy
 * @param blending                   while an agent holds work on the key channel, no new work on the
 *                                   listed channels is offered (e.g. VOICE excludes CHAT and EMAIL)
 * @param lastAgentMemory            how many customers' last agents are remembered for sticky routing
 */
public record RoutingConfig(
        int missedOffersBeforeNotReady,
        String missedReasonCode,
        Duration declineReofferDelay,
        int ringAllLimit,
        Map<Channel, Set<Channel>> blending,
        int lastAgentMemory) {

    /** The NOT_READY reason of missed offers unless missedReasonCode says otherwise. */
    public static final String DEFAULT_MISSED_REASON = "missed";

    public RoutingConfig {
        missedReasonCode = missedReasonCode == null ? DEFAULT_MISSED_REASON : missedReasonCode;
        declineReofferDelay = declineReofferDelay == null ? Duration.ofSeconds(30) : declineReofferDelay;
        ringAllLimit = ringAllLimit <= 0 ? 20 : ringAllLimit;
        blending = blending == null ? defaultBlending() : copy(blending);
        lastAgentMemory = lastAgentMemory <= 0 ? 100_000 : lastAgentMemory;
    }

    public static final RoutingConfig DEFAULTS = new RoutingConfig(3, null, null, 0, null, 0);

    /**
     * A call (or callback, outbound call) excludes everything else; chats exclude calls; emails
     * exclude nothing, so an agent works emails between calls and alongside chats.
     */
    public static Map<Channel, Set<Channel>> defaultBlending() {
        Map<Channel, Set<Channel>> m = new EnumMap<>(Channel.class);
        Set<Channel> voice = EnumSet.of(Channel.VOICE, Channel.CALLBACK, Channel.OUTBOUND_VOICE);
        for (Channel c : voice) {
            m.put(c, EnumSet.allOf(Channel.class));
        }
        m.put(Channel.CHAT, voice);
        m.put(Channel.EMAIL, EnumSet.noneOf(Channel.class));
        return copy(m);
    }

    private static Map<Channel, Set<Channel>> copy(Map<Channel, Set<Channel>> in) {
        Map<Channel, Set<Channel>> m = new EnumMap<>(Channel.class);
        in.forEach((k, v) -> m.put(k, v == null || v.isEmpty() ? Set.of() : Set.copyOf(v)));
        return Map.copyOf(m);
    }
}
