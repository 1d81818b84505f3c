package org.openucc.interaction;

/** Where an interaction is in its life; the legal moves are in {@link InteractionLifecycle}. */
public enum InteractionState {
    NEW,
    IN_IVR,
    QUEUED,
    OFFERED,
    CONNECTED,
    HELD,
    WRAP_UP,
    DONE,
    ABANDONED,
    TRANSFERRED,
    FAILED;

    public boolean isFinal() {
        return this == DONE || this == ABANDONED || this == TRANSFERRED || this == FAILED;
    }
}
