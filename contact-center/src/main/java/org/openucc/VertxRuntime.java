package org.openucc;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x instance every network adapter shares (one set of event loops, one Netty), as a
 * component: registered first so it is closed last, after everything that uses it has stopped.
 */
final class VertxRuntime implements Lifecycle {
    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private final Vertx vertx;
    private volatile boolean closed;

    VertxRuntime(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public String name() {
        return "vertx";
    }

    @Override
    public void start() {
        // Vert.x runs from construction; nothing to do, but closing it belongs to the shutdown order.
    }

    @Override
    public void stop() throws Exception {
        closed = true;
        vertx.close().await(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public ComponentHealth health() {
        return closed ? ComponentHealth.down("closed") : ComponentHealth.up();
    }
}
