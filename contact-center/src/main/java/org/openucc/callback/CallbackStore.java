package org.openucc.callback;

import java.util.List;

/** Where callback requests are kept (so scheduled and retrying ones survive a restart). */
public interface CallbackStore {
    void save(CallbackRequest request);

    /** Requests still to be called: SCHEDULED or QUEUED. */
    List<CallbackRequest> open();

    /** The request whose current (or last) attempt is this interaction. */
    java.util.Optional<CallbackRequest> byInteraction(String interactionId);
}
