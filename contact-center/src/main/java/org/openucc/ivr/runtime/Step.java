package org.openucc.ivr.runtime;

/** What a node decided: go to another node, to another flow's start, or end the IVR. */
sealed interface Step {
    record Next(String node) implements Step {
    }

    record Jump(String flow) implements Step {
    }

    record End(IvrOutcome outcome) implements Step {
    }
}
