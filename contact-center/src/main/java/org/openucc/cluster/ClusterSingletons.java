package org.openucc.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openucc.Singletons;
import org.openucc.fault.UnavailableException;
import org.openucc.json.ApiJson;
import org.openucc.recovery.RecoveryReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster node's {@link Singletons}: they run while this node owns the ACD engine ({@link ClusterComponent} calls
 * {@link #gained} after each takeover and {@link #lost} before it gives the engine up), and the requests other nodes
 * {@link #ask} go over the clustered event bus to the address only the owner serves. Starts and stops are serial
 * (this object's lock): a singleton never runs twice on one node, and a node that stops owning stops them before
 * its engine goes.
 */
final class ClusterSingletons implements Singletons {
    private static final Logger log = LoggerFactory.getLogger(ClusterSingletons.class);
    static final String ADDRESS = "openucc.cluster.singleton.";

    private final Vertx vertx;
    private final String nodeId;
    private final Duration timeout;
    private final FailureWire failures = new FailureWire(ApiJson.mapper());
    private final List<Singleton> registered = new ArrayList<>();
    private final List<Singleton> running = new CopyOnWriteArrayList<>();
    private final Map<String, Function<String, String>> handlers = new LinkedHashMap<>();
    private final Map<String, MessageConsumer<Buffer>> consumers = new LinkedHashMap<>();
    private volatile boolean here;
    /** The report of this term's failover (null: this node took the engine at start). */
    private RecoveryReport takeover;

    ClusterSingletons(Vertx vertx, String nodeId, Duration timeout) {
        this.vertx = vertx;
        this.nodeId = nodeId;
        this.timeout = timeout;
    }

    /** This node owns the engine now: its singletons start (after a failover, with what the takeover restored). */
    synchronized void gained(RecoveryReport report) {
        if (here) {
            return;
        }
        takeover = report;
        for (Singleton s : registered) {
            start(s);
        }
        List<io.vertx.core.Future<Void>> announced = new ArrayList<>();
        for (Map.Entry<String, Function<String, String>> h : handlers.entrySet()) {
            announced.add(listen(h.getKey(), h.getValue()));
        }
        awaitAll(announced, "announce the singletons' requests to the other nodes");
        here = true; // after they started: /health says so once they run
        if (!running.isEmpty()) {
            log.info("Cluster: node {} runs the singletons {}", nodeId, running());
        }
    }

    /** This node gives the engine up (or lost it): its singletons stop first, and it stops answering for them. */
    synchronized void lost(String why) {
        if (!here) {
            return;
        }
        here = false;
        List<io.vertx.core.Future<Void>> withdrawn = new ArrayList<>();
        for (String name : List.copyOf(consumers.keySet())) {
            withdrawn.add(unlisten(name));
        }
        awaitAll(withdrawn, "withdraw the singletons' requests");
        List<Singleton> stopping = new ArrayList<>(running);
        java.util.Collections.reverse(stopping);
        for (Singleton s : stopping) {
            stop(s);
        }
        if (!stopping.isEmpty()) {
            log.warn("Cluster: node {} stopped its singletons {}: {}", nodeId,
                    stopping.stream().map(Singleton::name).toList(), why);
        }
    }

    @Override
    public synchronized Registration run(Singleton singleton) {
        registered.add(singleton);
        if (here) {
            start(singleton);
            log.info("Cluster: node {} runs {} (it owns the engine)", nodeId, singleton.name());
        }
        return () -> {
            synchronized (ClusterSingletons.this) {
                registered.remove(singleton);
                if (running.contains(singleton)) {
                    stop(singleton);
                }
            }
        };
    }

    @Override
    public synchronized Registration serve(String name, Function<String, String> handler) {
        handlers.put(name, handler);
        if (here) {
            awaitAll(List.of(listen(name, handler)), "announce " + name);
        }
        return () -> {
            synchronized (ClusterSingletons.this) {
                if (handlers.remove(name, handler)) {
                    awaitAll(List.of(unlisten(name)), "withdraw " + name);
                }
            }
        };
    }

    @Override
    public CompletionStage<String> ask(String name, String body) {
        CompletableFuture<String> result = new CompletableFuture<>();
        vertx.eventBus().<Buffer>request(ADDRESS + name, Buffer.buffer(body),
                new DeliveryOptions().setSendTimeout(timeout.toMillis()).addHeader("from", nodeId)).onComplete(ar -> {
            if (ar.succeeded()) {
                Message<Buffer> m = ar.result();
                if (m.headers().contains("failure")) {
                    result.completeExceptionally(failures.decode(m.body().getBytes()));
                } else {
                    result.complete(m.body().toString());
                }
            } else if (ar.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
                result.completeExceptionally(UnavailableException.here("no node of the cluster runs " + name
                        + " now (the engine's owner is being chosen); try again in a few seconds", Duration.ofSeconds(2)));
            } else {
                result.completeExceptionally(UnavailableException.here("the node that runs " + name
                        + " did not answer within " + timeout.toSeconds() + " s: " + ar.cause().getMessage(),
                        Duration.ofSeconds(2)));
            }
        });
        return result;
    }

    @Override
    public boolean runHere() {
        return here;
    }

    @Override
    public List<String> running() {
        return running.stream().map(Singleton::name).toList();
    }

    private void start(Singleton s) {
        try {
            s.start(takeover);
            running.add(s);
        } catch (Exception e) {
            log.error("Cluster: node {} could not start {}: {}", nodeId, s.name(), e.toString(), e);
        }
    }

    private void stop(Singleton s) {
        running.remove(s);
        try {
            s.stop();
        } catch (RuntimeException e) {
            log.error("Cluster: node {} could not stop {} cleanly: {}", nodeId, s.name(), e.toString(), e);
        }
    }

    private io.vertx.core.Future<Void> listen(String name, Function<String, String> handler) {
        MessageConsumer<Buffer> c = vertx.eventBus().consumer(ADDRESS + name, m -> vertx.<String>executeBlocking(
                () -> handler.apply(m.body().toString()), false).onComplete(ar -> {
            if (ar.succeeded()) {
                m.reply(Buffer.buffer(ar.result()));
            } else {
                m.reply(Buffer.buffer(failures.encode(ar.cause())), new DeliveryOptions().addHeader("failure", "1"));
            }
        }));
        consumers.put(name, c);
        return c.completion();
    }

    private io.vertx.core.Future<Void> unlisten(String name) {
        MessageConsumer<Buffer> c = consumers.remove(name);
        return c == null ? io.vertx.core.Future.succeededFuture() : c.unregister();
    }

    /** Waits (5 s at most, all together) for the cluster to know of registrations; a failure is logged, not fatal. */
    private void awaitAll(List<io.vertx.core.Future<Void>> all, String what) {
        if (all.isEmpty()) {
            return;
        }
        try {
            io.vertx.core.Future.join(all).await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Cluster: node {} could not {} in time: {}", nodeId, what, e.toString());
        }
    }
}
