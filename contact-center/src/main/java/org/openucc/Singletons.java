package org.openucc;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.openucc.fault.UnavailableException;
import org.openucc.recovery.RecoveryReport;

/**
 * Where a node runs the services a contact center must run once, whatever its number of nodes: the mailbox
 * watcher, the callback scheduler, the campaign pacers. In a cluster they run on the node that owns the ACD
 * engine and only while it owns it (a new owner starts them after a failover, a node that loses the engine stops
 * them first); the other nodes reach them through {@link #ask}. A single node owns them for good
 * ({@link #thisNodeOnly()}): they start with their component, exactly as without a cluster.
 */
public interface Singletons {
    /** A service the contact center runs once. Its start and stop are called on one thread at a time. */
    interface Singleton {
        String name();

        /**
         * Starts it on this node, which now runs the singletons.
         *
         * @param takeover what the engine's takeover after a failover restored (the channels pick their live
         *                 interactions from it); null at start-up, where the start-up recovery tells them
         */
        void start(RecoveryReport takeover) throws Exception;

        /** Stops it: nothing of it acts on this node afterwards (timers cancelled, watchers closed). */
        void stop();
    }

    /** A registration: closing it stops the singleton if it runs here and forgets it. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Runs {@code singleton} while this node runs the singletons: at once (on the caller's thread) if it does now. */
    Registration run(Singleton singleton);

    /**
     * Answers the requests named {@code name} that any node {@link #ask}s, while this node runs the singletons.
     * The handler gets and returns JSON text; it may block; the {@code fault} exceptions it throws reach the asker
     * as the same exceptions.
     */
    Registration serve(String name, Function<String, String> handler);

    /**
     * Asks the node that runs the singletons (this one included). Fails with {@link UnavailableException} (503)
     * when no node answers within the cluster's command timeout (e.g. during a failover).
     */
    CompletionStage<String> ask(String name, String body);

    /** Whether this node runs the singletons now. */
    boolean runHere();

    /** The singletons running on this node now, by name (for {@code /health}). */
    List<String> running();

    /**
     * Waits for an {@link #ask}'s answer (or any stage a door waits on), at most {@code limit}: the owner's own
     * exception comes through as it is, no answer in time is a 503 naming {@code what}.
     */
    static <T> T await(CompletionStage<T> stage, java.time.Duration limit, String what) {
        try {
            return stage.toCompletableFuture().get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw UnavailableException.here(what + " did not answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UnavailableException.here("interrupted while waiting for " + what);
        }
    }

    /** The single node's singletons: they run here from their registration on, and requests are answered here. */
    static Singletons thisNodeOnly() {
        return new ThisNode();
    }

    /** Without a cluster: everything runs here, at once. */
    final class ThisNode implements Singletons {
        private final List<Singleton> running = new CopyOnWriteArrayList<>();
        private final java.util.Map<String, Function<String, String>> handlers = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Registration run(Singleton singleton) {
            try {
                singleton.start(null);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(singleton.name() + " could not start: " + e.getMessage(), e);
            }
            running.add(singleton);
            return () -> {
                if (running.remove(singleton)) {
                    singleton.stop();
                }
            };
        }

        @Override
        public Registration serve(String name, Function<String, String> handler) {
            handlers.put(name, handler);
            return () -> handlers.remove(name, handler);
        }

        @Override
        public CompletionStage<String> ask(String name, String body) {
            Function<String, String> h = handlers.get(name);
            if (h == null) {
                return CompletableFuture.failedFuture(UnavailableException.here(name + " is not running on this server"));
            }
            try {
                return CompletableFuture.completedFuture(h.apply(body));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public boolean runHere() {
            return true;
        }

        @Override
        public List<String> running() {
            return running.stream().map(Singleton::name).toList();
        }
    }
}
