package org.openucc.routing.spi;

/** Eligible available agents in some order, produced lazily from the engine's indexes. */
public interface CandidateIterator {
    /** The next candidate, or null when there are no more. */
    Candidate next();
}
