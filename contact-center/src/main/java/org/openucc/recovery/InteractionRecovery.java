package org.openucc.recovery;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.openucc.interaction.Channel;
import org.openucc.interaction.Tier;
import org.openucc.routing.NewInteraction;

/**
 * What the log says about one interaction that was not over, and what a restart does with it.
 *
 * @param stage          where it was: NEW (created, never queued), IN_IVR, WAITING, OFFERED, IN_HAND
 *                       (connected or held), WRAP_UP (ended, its agent wrapping up), FINISHED
 * @param enqueuedAt     when it entered its current queue (its place); its creation if never queued
 * @param agentId        the agent who had it in hand (IN_HAND), else null
 * @param wrapUps        the agents' wrap-ups of it still open (also after a transfer), oldest first
 * @param answered       an agent had answered it at some point
 * @param reason         for END and FAIL, the reason that goes into the log
 */
public record InteractionRecovery(String interactionId, Channel channel, String direction, String queueId,
                                  Map<String, Integer> skills, int priority, Tier tier, String customerId,
                                  Map<String, String> attributes, Instant enqueuedAt, Stage stage, String agentId,
                                  List<OpenWrapUp> wrapUps, boolean answered, Action action, String reason) {
    public enum Stage { NEW, IN_IVR, WAITING, OFFERED, IN_HAND, WRAP_UP, FINISHED }

    public enum Action {
        /** Back in its queue at its place (chat, email, callback: the customer is still there). */
        RESTORE,
        /** Ended or failed in the log: a call whose media died with the process. */
        END,
        /** Failed in the log: what it needs to be queued again is not in the log. */
        FAIL,
        /**
         * Nothing but its open wrap-ups: each goes back to its agent until the end it had (one whose end passed
         * meanwhile ends then); closed in the log when the agent cannot take it back (logged out).
         */
        WRAP_UP,
        /**
         * A call whose PBX may still carry it (Asterisk keeps calls when this server stops): its
         * telephony decides ({@link CallKeeper}); ended like {@link #END} when there is none.
         */
        KEEP
    }

    /** Why a call ends at a restart. */
    public static final String MEDIA_LOST = "server restarted: call media lost";
    /** Why a call its PBX kept ends when it was in the IVR at the restart (its caller comes back as a new call). */
    public static final String IVR_RESTARTS = "server restarted during the IVR: the caller starts again";
    /** Why a call its PBX carries is looked at again after a restart. */
    public static final String KEPT = "server restarted: the call is still on its PBX";
    /** The QUEUED reason of a restored interaction. */
    public static final String RESTORED = "recovered after restart";
    /** The reason an open wrap-up is closed at a restart when its agent cannot take it back. */
    public static final String WRAP_UP_CLOSED = "server restarted: wrap-up ended";
    /** Why an interaction whose only open work is wrap-ups is in the plan. */
    public static final String WRAP_UP_KEPT = "server restarted: the wrap-up goes back to its agent";

    /**
     * An agent's wrap-up of the interaction that was still open.
     *
     * @param queueId     the queue the agent had it from (its handle time counts there)
     * @param connectedAt when the agent took it
     * @param endsAt      when the wrap-up ends (the engine's timer); null if the log does not say (then it is closed)
     */
    public record OpenWrapUp(String agentId, String queueId, Instant connectedAt, Instant endsAt) {
    }

    public InteractionRecovery {
        skills = skills == null ? Map.of() : Map.copyOf(skills);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        wrapUps = wrapUps == null ? List.of() : List.copyOf(wrapUps);
    }

    /** The agent of the first open wrap-up, else null. */
    public String wrapUpAgentId() {
        return wrapUps.isEmpty() ? null : wrapUps.get(0).agentId();
    }

    /** The interaction to hand to the ACD with an agent's wrap-up of it ({@link OpenWrapUp}). */
    public NewInteraction toWrapUp(OpenWrapUp w) {
        return new NewInteraction(interactionId, channel, w.queueId() != null ? w.queueId() : queueId, skills, priority,
                tier, customerId, null, attributes);
    }

    /** The interaction to hand to the ACD for {@link Action#RESTORE}. */
    public NewInteraction toNewInteraction() {
        return new NewInteraction(interactionId, channel, queueId, skills, priority, tier, customerId, null, attributes);
    }
}
