package org.openucc.callback;

import java.time.Instant;

/**
 * The door for web callback requests on any node: the {@link CallbackService} itself where it runs, or a
 * forwarder to the node that runs it (in a cluster, the engine's owner schedules and dials every callback).
 */
@FunctionalInterface
public interface CallbackRequests {
    /** As {@link CallbackService#request}; blocking. */
    CallbackService.Accepted request(String name, String phone, String queueId, Instant at, String note, String address);
}
