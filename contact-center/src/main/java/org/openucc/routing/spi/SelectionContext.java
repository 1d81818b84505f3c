package org.openucc.routing.spi;

import java.util.Map;
import org.openucc.config.QueueConfig;
import org.openucc.interaction.Channel;

/**
 * What the engine tells a strategy about the interaction being routed, and access to the agents
 * who could take it now. Every iterator already applies skills, levels (with overflow), channel
 * capacity, blending and recent declines: a strategy only chooses among them.
 */
public interface SelectionContext {
    String interactionId();

    Channel channel();

    QueueConfig queue();

    /** Overflow steps applied so far (0: none). */
    int overflowStep();

    int priority();

    long waitedMillis();

    Map<String, String> attributes();

    long nowMillis();

    /** How many agents a ring-all offer may ring at once. */
    int ringAllLimit();

    /** A handle for {@link Candidate#level(int)}; -1 if no agent has ever held the skill. */
    int skillHandle(String skill);

    /** Eligible available agents in the given order. */
    CandidateIterator candidates(AgentOrder order);

    /**
     * Eligible available agents by descending level of {@code skillHandle}, each level in
     * {@code order}; agents without the skill (possible after overflow to another queue) come last.
     */
    CandidateIterator candidatesByLevel(int skillHandle, AgentOrder order);

    /** Eligible available agents in {@link AgentOrder#AGENT_ORDER} starting at {@code fromOrdinal} inclusive. */
    CandidateIterator candidatesFrom(int fromOrdinal);
}
