package org.openucc.outbound.pacing;

import java.time.Duration;
import java.util.Objects;

/**
 * What happened to one campaign call, reported by the runtime to {@link CampaignPacer#record(DialEvent)} as
 * it happens (the pacer reads the time from its clock). A call's events, in order: {@link CallPlaced}; then
 * {@link CallNotAnswered}, or {@link CallAnswered} followed by {@link MachineDetected}, {@link ConnectedToAgent}
 * or {@link CallAbandoned}; a connected call then ends its talk ({@link TalkEnded}) and the agent's wrap-up
 * ({@link WrapUpEnded}). A call answered by a person is one that reached {@link ConnectedToAgent} or
 * {@link CallAbandoned}: those two are the abandon rate's denominator.
 */
public sealed interface DialEvent {

    /** A call was sent to the trunk. */
    record CallPlaced() implements DialEvent {
    }

    /** The callee picked up (a person or a machine, not known yet) after ringing this long. */
    record CallAnswered(Duration ringTime) implements DialEvent {
        public CallAnswered {
            requireNotNegative(ringTime, "ring time");
        }
    }

    /** Not answered at the ring timeout, busy, or failed; after this long. */
    record CallNotAnswered(Outcome outcome, Duration ringTime) implements DialEvent {
        public CallNotAnswered {
            Objects.requireNonNull(outcome, "outcome");
            requireNotNegative(ringTime, "ring time");
        }
    }

    /** Why a call was not answered. */
    enum Outcome { NO_ANSWER, BUSY, FAILED }

    /** Answering-machine detection said the answered call is a machine; no agent is needed. */
    record MachineDetected() implements DialEvent {
    }

    /** A person answered and an agent joined after the person waited this long (at most the abandon time). */
    record ConnectedToAgent(Duration waited) implements DialEvent {
        public ConnectedToAgent {
            requireNotNegative(waited, "wait");
        }
    }

    /**
     * A person answered and no agent joined within the abandon time (2 s): the runtime played the
     * identification message and hung up.
     */
    record CallAbandoned(Duration waited) implements DialEvent {
        public CallAbandoned {
            requireNotNegative(waited, "wait");
        }
    }

    /** The agent's conversation ended after this long; the agent goes to wrap-up. */
    record TalkEnded(Duration talkTime) implements DialEvent {
        public TalkEnded {
            requireNotNegative(talkTime, "talk time");
        }
    }

    /** The agent's wrap-up ended after this long. */
    record WrapUpEnded(Duration wrapUpTime) implements DialEvent {
        public WrapUpEnded {
            requireNotNegative(wrapUpTime, "wrap-up time");
        }
    }

    private static void requireNotNegative(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException("a " + what + " cannot be negative: " + d);
        }
    }
}
