package org.openucc;

/**
 * A part of the server that {@link ContactCenter} starts in dependency order and stops in reverse.
 *
 * <p>{@link #start()} returns once the component is ready to be used by the ones started after it,
 * or throws. {@link #stop()} is only called after a successful start, releases everything, and should
 * return within a few seconds (the composition root gives up on it after its shutdown budget).
 * {@link #health()} is called from the HTTP event loop: it must be cheap, thread-safe and never block.
 */
public interface Lifecycle {
    /** Short, stable name used in logs and as the key in {@code /health}, e.g. {@code http}, {@code routing}. */
    String name();

    void start() throws Exception;

    void stop() throws Exception;

    /**
     * Called from another thread while {@link #start()} runs, when the server is asked to stop (SIGTERM
     * during a long first start): make {@code start()} give up soon, by returning or throwing.
     * Components whose start is quick need not do anything.
     */
    default void cancelStart() {
    }

    default ComponentHealth health() {
        return ComponentHealth.up();
    }
}
