package org.openucc.routing.spi;

import org.openucc.interaction.Channel;

/** An available agent as a strategy sees it: read-only, valid during one selection. */
public interface Candidate {
    String agentId();

    /** Registration order of the agent in this engine (stable, unique). */
    int agentOrdinal();

    /** Level 0..10 of a skill, by the handle from {@link SelectionContext#skillHandle(String)}. */
    int level(int skillHandle);

    int load(Channel channel);

    int totalLoad();

    long idleSinceMillis();

    /** Handle time (talk + wrap-up) accumulated since login. */
    long busyMillis();

    /** Interactions completed since login. */
    int handledCount();
}
