package org.openucc.routing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openucc.interaction.Channel;
import org.openucc.routing.spi.Candidate;

/**
 * The engine's live view of one agent: skills as a flat level array, load and capacity per channel,
 * ready flag, pending offer, the work in hand. Owned by the engine thread; never shared.
 * Fields that order the agent in the availability index (load, idleSince, busyMillis) change only
 * while the agent is out of the index.
 */
final class AgentSession implements Candidate {
    static final int CHANNELS = Channel.values().length;
    /** Channels that ring the agent's phone (a call, a callback, an outbound call). */
    static final int PHONE_CHANNELS = phoneChannels();

    final int ordinal;
    final String id;
    String name;

    byte[] levels = new byte[0];
    int[] skillIds = new int[0];
    /** {@link Requirement#bitsOf} of the skills held, for a quick "lacks a required skill". */
    long skillBits;

    final int[] capacity = new int[CHANNELS];
    final int[] load = new int[CHANNELS];
    /** Channels on which no new work may start because of work in hand (blending). */
    int blockedMask;

    /** What the telephony last said of this agent's phone; null if it said nothing yet. */
    Boolean phoneReported;
    /** No reachable phone: work on {@link #PHONE_CHANNELS} is not offered (other channels are). */
    boolean phoneUnreachable;

    boolean loggedIn;
    boolean ready;
    String notReadyReason;
    /** Asked to go NOT_READY (reason) or log out while working: applied when the work is done. */
    String pendingNotReadyReason;
    boolean pendingLogout;

    QueueEntry pendingOffer;
    final List<Assignment> work = new ArrayList<>(4);
    int connectedCount;
    int wrapUpCount;
    /** Returning customers held for this agent for the queue's sticky window. */
    final ArrayDeque<QueueEntry> sticky = new ArrayDeque<>(0);

    long idleSince;
    long stateSince;
    long busyMillis;
    int handled;
    int missedInARow;

    /**
     * Channels on which this agent currently sits in the availability index. An agent with a pending
     * offer may stay there, parked: searches skip it, and it leaves when it accepts.
     */
    int indexedMask;
    /** idleNodes[channel][skill slot]: intrusive nodes for the longest-idle buckets. */
    private IdleBucket.Node[][] idleNodes;
    /** Waiting to look for work after a batch of timers. */
    boolean deferred;

    AgentState publishedState = AgentState.LOGGED_OUT;
    String publishedReason;

    AgentSession(int ordinal, String id) {
        this.ordinal = ordinal;
        this.id = id;
    }

    @Override
    public int level(int skill) {
        return skill >= 0 && skill < levels.length ? levels[skill] : 0;
    }

    /** This agent's node in the longest-idle bucket of (channel, its skill at {@code slot}). */
    IdleBucket.Node idleNode(int channel, int slot) {
        if (idleNodes == null) {
            idleNodes = new IdleBucket.Node[CHANNELS][];
        }
        IdleBucket.Node[] row = idleNodes[channel];
        if (row == null) {
            row = new IdleBucket.Node[skillIds.length];
            idleNodes[channel] = row;
        }
        IdleBucket.Node n = row[slot];
        if (n == null) {
            n = new IdleBucket.Node(this);
            row[slot] = n;
        }
        return n;
    }

    /**
     * Unlinks the stale nodes this agent left in longest-idle buckets (leaving is lazy, see
     * {@link IdleBucket}); for when its nodes are dropped (skills changed, agent removed).
     */
    void unlinkIdleNodes() {
        if (indexedMask != 0) {
            throw new IllegalStateException(this + ": still in the availability index");
        }
        if (idleNodes == null) {
            return;
        }
        for (IdleBucket.Node[] row : idleNodes) {
            if (row != null) {
                for (IdleBucket.Node n : row) {
                    if (n != null && n.bucket != null) {
                        n.bucket.remove(n);
                    }
                }
            }
        }
    }

    void setSkills(int[] skills, byte[] skillLevels, int registrySize) {
        if (indexedMask != 0) {
            throw new IllegalStateException(this + ": skills changed while in the availability index");
        }
        unlinkIdleNodes();
        idleNodes = null;
        byte[] fresh = new byte[Math.max(registrySize, 1)];
        fresh[SkillRegistry.ANY] = SkillRegistry.MAX_LEVEL;
        int[] held = new int[skills.length + 1];
        held[0] = SkillRegistry.ANY;
        int n = 1;
        for (int i = 0; i < skills.length; i++) {
            if (skills[i] == SkillRegistry.ANY) {
                continue;
            }
            fresh[skills[i]] = skillLevels[i];
            held[n++] = skills[i];
        }
        levels = fresh;
        skillIds = Arrays.copyOf(held, n);
        skillBits = Requirement.bitsOf(skillIds);
    }

    /** Whether new work on this channel could be offered now, ignoring skills. */
    boolean canAccept(int channel) {
        return loggedIn && ready && pendingOffer == null && !pendingLogout && pendingNotReadyReason == null
                && load[channel] < capacity[channel] && (blockedMask & (1 << channel)) == 0
                && !(phoneUnreachable && (PHONE_CHANNELS & (1 << channel)) != 0);
    }

    private static int phoneChannels() {
        int mask = 0;
        for (Channel c : Channel.values()) {
            if (c.isVoice()) {
                mask |= 1 << c.ordinal();
            }
        }
        return mask;
    }

    /** Channels on which the agent could take new work now. */
    int acceptMask() {
        int mask = 0;
        for (int c = 0; c < CHANNELS; c++) {
            if (canAccept(c)) {
                mask |= 1 << c;
            }
        }
        return mask;
    }

    @Override
    public int totalLoad() {
        int sum = 0;
        for (int l : load) {
            sum += l;
        }
        return sum;
    }

    void recomputeBlocked(int[] blendMasks) {
        int mask = 0;
        for (int c = 0; c < CHANNELS; c++) {
            if (load[c] > 0) {
                mask |= blendMasks[c];
            }
        }
        blockedMask = mask;
    }

    AgentState displayState() {
        if (!loggedIn) {
            return AgentState.LOGGED_OUT;
        }
        if (pendingOffer != null) {
            return AgentState.RESERVED;
        }
        if (connectedCount > 0) {
            return AgentState.BUSY;
        }
        if (wrapUpCount > 0) {
            return AgentState.WRAP_UP;
        }
        return ready ? AgentState.READY : AgentState.NOT_READY;
    }

    @Override
    public String agentId() {
        return id;
    }

    @Override
    public int agentOrdinal() {
        return ordinal;
    }

    @Override
    public int load(Channel channel) {
        return load[channel.ordinal()];
    }

    @Override
    public long idleSinceMillis() {
        return idleSince;
    }

    @Override
    public long busyMillis() {
        return busyMillis;
    }

    @Override
    public int handledCount() {
        return handled;
    }

    @Override
    public String toString() {
        return "agent " + id;
    }
}
