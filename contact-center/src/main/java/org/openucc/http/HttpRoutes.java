package org.openucc.http;

import io.vertx.ext.web.Router;

/**
 * Something that serves part of the HTTP API (queues, agents, the CRM store…). The composition root
 * hands these to {@link HttpApi}, which mounts them before it starts listening.
 */
@FunctionalInterface
public interface HttpRoutes {
    void mount(Router router);
}
