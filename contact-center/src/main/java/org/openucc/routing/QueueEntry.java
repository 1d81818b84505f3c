package org.openucc.routing;

import java.util.Arrays;
import java.util.Map;
import org.openucc.interaction.Channel;
import org.openucc.interaction.InteractionLifecycle;
import org.openucc.interaction.InteractionState;
import org.openucc.interaction.Tier;

/**
 * One interaction inside the engine, from arrival until its wrap-up is done. Its place in a queue is
 * the pair (rank key, arrival sequence), which never changes while it waits: that is how a declined
 * offer puts it back exactly where it was.
 */
final class QueueEntry {
    final String id;
    final Channel channel;
    final int channelIndex;
    final Requirement extra;
    final Tier tier;
    final String customerId;
    final String preferredAgentId;
    final Map<String, String> attributes;
    final long firstArrivalMillis;

    InteractionState state = InteractionState.NEW;
    RoutingQueue queue;
    /** Arrival order: ties within a priority go to the lower sequence. */
    long seq;
    long arrivalMillis;
    /** Changes whenever the entry enters a queue; timers of an older stay are ignored. */
    long queueEpoch;
    int explicitPriority;
    int priority;
    /** Larger first: priority, minus waited time scaled by the queue's aging step when aging is on. */
    long rankKey;
    int step;

    WaitingGroup group;
    /** Links in its queue's {@link RankedSet} (queue positions) while waiting. */
    QueueEntry rankLeft;
    QueueEntry rankRight;
    int rankSize;
    int rankPriority;
    /** Links in its {@link WaitingGroup}'s {@link GroupEntries} while it waits there. */
    QueueEntry groupLeft;
    QueueEntry groupRight;
    int groupPriority;
    GroupEntries groupIn;
    /** Links in the queue's {@link ArrivalList} while present there (waiting or ringing). */
    ArrivalList presentIn;
    QueueEntry presentPrev;
    QueueEntry presentNext;
    /**
     * Waiting in its group after a search (by a strategy that offers whenever anyone can) found no
     * agent, and nobody became available for the group since: an agent that frees up takes such work
     * first. Cleared whenever the entry enters a group otherwise (see WaitingGroup#add).
     */
    boolean nobodyAvailable;
    /** The group last looked up for this entry (see GroupDirectory#groupFor), waiting in it or not. */
    WaitingGroup lastGroup;
    AgentSession stickyAgent;
    boolean maxWaitDue;
    /** Set while waiting to be routed after a batch of timers (see RoutingEngine#advanceTime). */
    RoutingDecision.Trigger deferredTrigger;

    /** Agents ringing now (several with ring-all). */
    AgentSession[] offeredTo = NO_AGENTS;
    static final AgentSession[] NO_AGENTS = new AgentSession[0];
    long offerSeq;
    long offeredAtMillis;
    Assignment assignment;

    /** Agents who declined or missed this interaction recently, and until when. */
    private int[] excludedOrdinals = new int[0];
    private long[] excludedUntil = new long[0];

    QueueEntry(String id, Channel channel, Requirement extra, int explicitPriority, Tier tier, String customerId,
               String preferredAgentId, Map<String, String> attributes, long now) {
        this.id = id;
        this.channel = channel;
        this.channelIndex = channel.ordinal();
        this.extra = extra;
        this.explicitPriority = explicitPriority;
        this.tier = tier;
        this.customerId = customerId;
        this.preferredAgentId = preferredAgentId;
        this.attributes = attributes;
        this.firstArrivalMillis = now;
    }

    void move(InteractionState to, String cause) {
        state = InteractionLifecycle.move(id, state, to, cause);
    }

    /** As {@link #move(InteractionState, String)}, the cause's text and detail joined only to explain a failure. */
    void move(InteractionState to, String cause, String detail) {
        if (!InteractionLifecycle.isLegal(state, to)) {
            InteractionLifecycle.move(id, state, to, cause + detail);
        }
        state = to;
    }

    boolean isWaiting() {
        return state == InteractionState.QUEUED;
    }

    long waited(long now) {
        return now - arrivalMillis;
    }

    boolean excludes(AgentSession agent, long now) {
        for (int i = 0; i < excludedOrdinals.length; i++) {
            if (excludedOrdinals[i] == agent.ordinal) {
                return excludedUntil[i] > now;
            }
        }
        return false;
    }

    boolean hasExclusions() {
        return excludedOrdinals.length > 0;
    }

    void exclude(AgentSession agent, long until) {
        for (int i = 0; i < excludedOrdinals.length; i++) {
            if (excludedOrdinals[i] == agent.ordinal) {
                excludedUntil[i] = until;
                return;
            }
        }
        excludedOrdinals = Arrays.copyOf(excludedOrdinals, excludedOrdinals.length + 1);
        excludedUntil = Arrays.copyOf(excludedUntil, excludedUntil.length + 1);
        excludedOrdinals[excludedOrdinals.length - 1] = agent.ordinal;
        excludedUntil[excludedUntil.length - 1] = until;
    }

    /** Drops exclusions that ended; returns whether any remain. */
    boolean pruneExclusions(long now) {
        int n = 0;
        for (int i = 0; i < excludedOrdinals.length; i++) {
            if (excludedUntil[i] > now) {
                excludedOrdinals[n] = excludedOrdinals[i];
                excludedUntil[n] = excludedUntil[i];
                n++;
            }
        }
        if (n != excludedOrdinals.length) {
            excludedOrdinals = Arrays.copyOf(excludedOrdinals, n);
            excludedUntil = Arrays.copyOf(excludedUntil, n);
        }
        return n > 0;
    }

    boolean isOfferedTo(AgentSession agent) {
        for (AgentSession a : offeredTo) {
            if (a == agent) {
                return true;
            }
        }
        return false;
    }

    void removeOffer(AgentSession agent) {
        int n = 0;
        AgentSession[] rest = new AgentSession[Math.max(0, offeredTo.length - 1)];
        for (AgentSession a : offeredTo) {
            if (a != agent && n < rest.length) {
                rest[n++] = a;
            }
        }
        offeredTo = n == rest.length ? rest : Arrays.copyOf(rest, n);
    }

    @Override
    public String toString() {
        return "interaction " + id;
    }
}
