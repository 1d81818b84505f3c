package org.openucc.voice;

import java.util.function.Supplier;

/**
 * Which telephony places an agent-first call for an agent (a dial-out, a web callback, a preview): the one
 * that carries the agent's phone. It says how that telephony takes the customer's number: the built-in stack a
 * SIP URI (the channel's {@code dialUri}), Asterisk the E.164 number itself, which it sends over its own
 * outbound trunk ({@code asterisk.outbound}).
 */
@FunctionalInterface
public interface AgentDialers {
    /** The route for {@code agentId}'s calls now; never null (a refusal says why none). */
    Route forAgent(String agentId);

    /**
     * @param dialer   who dials, or null when no telephony can call for the agent ({@code refusal} says why)
     * @param byNumber the dialer takes the E.164 number (its own trunks), not a SIP URI meant for the built-in stack
     * @param refusal  why the agent cannot be dialled for, when {@code dialer} is null
     */
    record Route(VoiceDialer dialer, boolean byNumber, String refusal) {
        public static Route sipUris(VoiceDialer dialer) {
            return new Route(dialer, false, null);
        }

        public static Route numbers(VoiceDialer dialer) {
            return new Route(dialer, true, null);
        }

        public static Route refused(String why) {
            return new Route(null, false, why);
        }

        /** Where the customer is dialled: the number itself, or the built-in stack's URI for it. */
        public String customer(String e164, String builtInUri) {
            return byNumber ? e164 : builtInUri;
        }

        /**
         * The caller ID to present: a telephony dialling numbers gets none for a configured one with no digit
         * in it (the built-in default "openucc"), so its own applies (asterisk.outbound.callerId, else the trunk's).
         */
        public String callerId(String configured) {
            return byNumber && (configured == null || configured.chars().noneMatch(Character::isDigit)) ? null
                    : configured;
        }
    }

    /** Every agent on one dialler that takes SIP URIs (the built-in stack); a refusal while there is none. */
    static AgentDialers builtIn(Supplier<VoiceDialer> dialer) {
        return agentId -> {
            VoiceDialer d = dialer.get();
            return d == null ? Route.refused("no telephony is running on this server") : Route.sipUris(d);
        };
    }
}
