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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingEventSink;
import org.openucc.routing.RoutingException;
import org.openucc.routing.RoutingPort;
import org.openucc.routing.RoutingService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing port of a cluster node. On the node that owns the engine it is that node's {@link RoutingService}; on
 * every other node a command crosses the clustered event bus to the owner and its answer comes back, and the
 * engine's events, published by the owner once durable, reach this node's listeners in order.
 *
 * <p>The port's promises hold across nodes: commands from one node are carried out in the order sent (one owner,
 * one engine thread), and a command's answer is handed over only once this node's listeners have heard the events
 * published before it (the answer carries the owner's event sequence number, and waits for it here). While no node
 * owns the engine (a failover), a command waits for the new owner up to {@code commandTimeout}; a command the old
 * owner took but never answered fails with {@link RoutingException.Kind#UNAVAILABLE}, as a change the log could
 * not store does on one node (it may or may not have been made).
 */
public final class ClusterRoutingPort implements RoutingPort, AutoCloseable {
    static final String COMMANDS = "openucc.acd.commands";
    static final String EVENTS = "openucc.acd.events";
    private static final String H_EPOCH = "epoch";
    private static final String H_SEQ = "seq";
    private static final String H_NODE = "node";
    private static final String H_OK = "ok";
    private static final long NO_OWNER_PAUSE_MILLIS = 50;
    private static final Logger log = LoggerFactory.getLogger(ClusterRoutingPort.class);

    /** The engine while this node owns it. */
    private static final class Owned {
        final long epoch;
        final RoutingService service;
        final AtomicLong seq = new AtomicLong();
        volatile boolean fencedOut;
        /** Set once the failover recovery is done: commands that waited for an owner go ahead from then on. */
        volatile boolean serving;
        volatile MessageConsumer<Buffer> commands;

        Owned(long epoch, RoutingService service) {
            this.epoch = epoch;
            this.service = service;
        }
    }

    private final Vertx vertx;
    private final String nodeId;
    private final long timeoutMillis;
    private final RoutingWire wire = new RoutingWire();
    private final List<RoutingEventSink> listeners = new CopyOnWriteArrayList<>();
    /** Delivers the owner's events to this node's listeners, one at a time, in order. */
    private final ExecutorService delivery;
    private final MessageConsumer<Buffer> events;
    /** Commands that set up the engine for this node's adapters (phones), sent again to each new owner. */
    private final Map<String, RoutingCommand<?>> standing = new LinkedHashMap<>();
    private volatile Owned owned;
    private volatile String ownerNode;
    private final java.util.Set<Pending<?>> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    // Delivery thread's view of the owner's event stream, and answers waiting for it (guarded by waiters).
    private long seenEpoch;
    private long seenSeq;
    private final TreeMap<Long, List<Runnable>> waiters = new TreeMap<>();
    private final AtomicLong remoteCommands = new AtomicLong();
    private final AtomicLong remoteEvents = new AtomicLong();

    ClusterRoutingPort(Vertx vertx, String nodeId, Duration commandTimeout, ExecutorService delivery) {
        this.vertx = vertx;
        this.nodeId = nodeId;
        this.timeoutMillis = commandTimeout.toMillis();
        this.delivery = delivery;
        this.events = vertx.eventBus().consumer(EVENTS, this::onEvent);
    }

    /** Completes once this node hears the owner's events (the cluster knows the subscription). */
    CompletionStage<Void> ready() {
        return events.completion().toCompletionStage();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> CompletionStage<R> send(RoutingCommand<R> command) {
        java.util.Objects.requireNonNull(command, "command");
        remember(command);
        Owned o = owned;
        if (o != null && o.serving) {
            return o.service.send(command);
        }
        // Another node owns the engine, none does (a failover), or this node is rebuilding it: the command waits.
        CompletableFuture<R> result = new CompletableFuture<>();
        byte[] body;
        try {
            body = wire.command(command);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return result;
        }
        remoteCommands.incrementAndGet();
        Pending<R> p = new Pending<>(command, body, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis), result);
        inFlight.add(p);
        result.whenComplete((v, e) -> inFlight.remove(p));
        attempt(p, p.attempt.get());
        return result;
    }

    /** A command sent to the owner and not answered yet. */
    private static final class Pending<R> {
        final RoutingCommand<R> command;
        final byte[] body;
        final long deadline;
        final CompletableFuture<R> result;
        /** Raised when the command is sent again (its owner died): answers of earlier attempts are ignored. */
        final java.util.concurrent.atomic.AtomicInteger attempt = new java.util.concurrent.atomic.AtomicInteger();

        Pending(RoutingCommand<R> command, byte[] body, long deadline, CompletableFuture<R> result) {
            this.command = command;
            this.body = body;
            this.deadline = deadline;
            this.result = result;
        }
    }

    private <R> void attempt(Pending<R> p, int attempt) {
        CompletableFuture<R> result = p.result;
        if (result.isDone() || p.attempt.get() != attempt) {
            return;
        }
        if (closed) {
            result.completeExceptionally(new IllegalStateException("routing service is stopped"));
            return;
        }
        Owned o = owned;
        if (o != null && o.serving) { // this node took the engine over while the command waited
            carryOut(o, p.command).whenComplete((v, e) -> complete(result, v, e));
            return;
        }
        if (o != null) { // taking over: the recovery must rebuild the engine before anything else changes it
            vertx.setTimer(NO_OWNER_PAUSE_MILLIS, t -> attempt(p, attempt));
            return;
        }
        long left = TimeUnit.NANOSECONDS.toMillis(p.deadline - System.nanoTime());
        if (left <= 0) {
            result.completeExceptionally(new RoutingException(RoutingException.Kind.UNAVAILABLE,
                    "no node owns the ACD engine (a failover is under way); nothing was changed, try again shortly"));
            return;
        }
        vertx.eventBus().<Buffer>request(COMMANDS, Buffer.buffer(p.body), new DeliveryOptions().setSendTimeout(left))
                .onComplete(ar -> {
                    if (p.attempt.get() != attempt || result.isDone()) {
                        return; // sent again meanwhile: that attempt answers
                    }
                    if (ar.succeeded()) {
                        answered(p.command, ar.result(), result);
                    } else if (ar.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
                        // Nobody took it: no owner yet. Wait for one.
                        vertx.setTimer(NO_OWNER_PAUSE_MILLIS, t -> attempt(p, attempt));
                    } else {
                        result.completeExceptionally(new RoutingException(RoutingException.Kind.UNAVAILABLE,
                                "the ACD engine's owner did not answer (" + ar.cause().getMessage()
                                        + "); the change may or may not have been made"));
                    }
                });
    }

    /** Which node owns the engine, as last known (the lease, or a new owner's announcement). */
    void ownerIs(String node) {
        this.ownerNode = node;
    }

    /**
     * {@code node} left the cluster. If it owned the engine, the commands sent to it and not answered are sent again
     * (to whoever takes over; they wait for one): it died before answering, and the new owner's engine is rebuilt
     * from the log, so a command it took and stored is found done (a repeat is refused or does nothing) and one it
     * had not stored is carried out now.
     */
    void ownerLost(String node) {
        if (node != null && node.equals(ownerNode)) {
            resendInFlight();
        }
    }

    /**
     * A new owner serves: every command still waiting for an answer is sent again to it (the old owner may have
     * died with it, and the event bus may have routed it to the dead node while its subscription was still known).
     */
    void resendInFlight() {
        for (Pending<?> p : inFlight) {
            int next = p.attempt.incrementAndGet();
            vertx.setTimer(NO_OWNER_PAUSE_MILLIS, t -> attempt(p, next));
        }
    }

    @SuppressWarnings("unchecked")
    private <R> void answered(RoutingCommand<R> command, Message<Buffer> reply, CompletableFuture<R> result) {
        byte[] bytes = reply.body().getBytes();
        if (!"true".equals(reply.headers().get(H_OK))) {
            result.completeExceptionally(wire.failure(bytes));
            return;
        }
        R value;
        try {
            value = (R) wire.answer(command, bytes);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        long epoch = Long.parseLong(reply.headers().get(H_EPOCH));
        long seq = Long.parseLong(reply.headers().get(H_SEQ));
        afterEvents(epoch, seq, () -> result.complete(value));
    }

    private static <R> void complete(CompletableFuture<R> f, R value, Throwable error) {
        if (error != null) {
            f.completeExceptionally(unwrapped(error));
        } else {
            f.complete(value);
        }
    }

    /** What failed, without the CompletionException a stage wraps it in. */
    private static Throwable unwrapped(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
    }

    /** Runs {@code then} once this node delivered the owner's events up to {@code seq} of {@code epoch}. */
    private void afterEvents(long epoch, long seq, Runnable then) {
        synchronized (waiters) {
            // Waits only while this node follows the epoch's stream and is behind it. Before the first event of
            // an epoch arrives there is nothing to wait for: events published before this node subscribed never
            // come, and those the command caused travel ahead of its answer on the same connection.
            if (seenEpoch == epoch && seenSeq < seq) {
                waiters.computeIfAbsent(key(epoch, seq), k -> new ArrayList<>()).add(then);
                // Never wait for ever on an event the bus lost: answer anyway after the command timeout.
                vertx.setTimer(timeoutMillis, t -> {
                    if (removeWaiter(key(epoch, seq), then)) {
                        log.warn("Answer of epoch {} waited {} ms for event {}; answering without it", epoch, timeoutMillis, seq);
                        then.run();
                    }
                });
                return;
            }
        }
        then.run();
    }

    private boolean removeWaiter(long key, Runnable r) {
        synchronized (waiters) {
            List<Runnable> l = waiters.get(key);
            if (l != null && l.remove(r)) {
                if (l.isEmpty()) {
                    waiters.remove(key);
                }
                return true;
            }
            return false;
        }
    }

    private static long key(long epoch, long seq) {
        return (epoch << 40) | seq;
    }

    private void onEvent(Message<Buffer> m) {
        if (nodeId.equals(m.headers().get(H_NODE))) {
            return; // the owner's own listeners heard it on the engine thread
        }
        long epoch = Long.parseLong(m.headers().get(H_EPOCH));
        long seq = Long.parseLong(m.headers().get(H_SEQ));
        RoutingEvent event;
        try {
            event = wire.event(m.body().getBytes());
        } catch (RuntimeException e) {
            log.error("Routing event {} of epoch {} could not be read: {}", seq, epoch, e.toString());
            return;
        }
        remoteEvents.incrementAndGet();
        delivery.execute(() -> deliver(epoch, seq, event));
    }

    private void deliver(long epoch, long seq, RoutingEvent event) {
        synchronized (waiters) {
            if (epoch < seenEpoch) {
                return; // a deposed owner's late event
            }
            if (epoch == seenEpoch && seq != seenSeq + 1 && seenSeq != 0) {
                log.warn("Routing events of epoch {}: expected {} but got {}", epoch, seenSeq + 1, seq);
            }
        }
        dispatch(event);
        List<Runnable> ready = new ArrayList<>();
        synchronized (waiters) {
            seenEpoch = epoch;
            seenSeq = seq;
            Iterator<Map.Entry<Long, List<Runnable>>> it = waiters.headMap(key(epoch, seq), true).entrySet().iterator();
            while (it.hasNext()) {
                ready.addAll(it.next().getValue());
                it.remove();
            }
        }
        ready.forEach(Runnable::run);
    }

    private void dispatch(RoutingEvent ev) {
        for (RoutingEventSink l : listeners) {
            try {
                l.accept(ev);
            } catch (RuntimeException ex) {
                log.error("routing listener {} failed on {}", l, ev, ex);
            }
        }
    }

    @Override
    public void addListener(RoutingEventSink listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(RoutingEventSink listener) {
        listeners.remove(listener);
    }

    // ------------------------------------------------------------------ owning the engine

    /**
     * This node now owns the engine ({@code service}, loaded, journaled and fenced with {@code epoch}): its events
     * go to this node's listeners on the engine thread and are published to the others. Commands from other nodes
     * are taken once {@link #serve()} is called (after the failover recovery).
     */
    void own(long epoch, RoutingService service) {
        Owned o = new Owned(epoch, service);
        service.addListener(ev -> {
            if (o.fencedOut) {
                return; // another node owns the engine: this one's decisions count for nothing
            }
            dispatch(ev);
            long seq = o.seq.incrementAndGet();
            vertx.eventBus().publish(EVENTS, Buffer.buffer(wire.event(ev)), new DeliveryOptions()
                    .addHeader(H_EPOCH, Long.toString(epoch)).addHeader(H_SEQ, Long.toString(seq))
                    .addHeader(H_NODE, nodeId));
        });
        synchronized (waiters) {
            seenEpoch = Math.max(seenEpoch, epoch);
            seenSeq = 0;
        }
        owned = o;
    }

    /** Takes other nodes' commands from now on; completes once the cluster knows this node serves them. */
    CompletionStage<Void> serve() {
        Owned o = owned;
        if (o == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("this node does not own the engine"));
        }
        o.serving = true;
        MessageConsumer<Buffer> c = vertx.eventBus().consumer(COMMANDS, m -> onCommand(o, m));
        o.commands = c;
        return c.completion().toCompletionStage();
    }

    private void onCommand(Owned o, Message<Buffer> m) {
        RoutingCommand<?> command;
        try {
            command = wire.command(m.body().getBytes());
        } catch (RuntimeException e) {
            reply(o, m, false, wire.failure(e));
            return;
        }
        if (o.fencedOut || owned != o) {
            reply(o, m, false, wire.failure(new RoutingException(RoutingException.Kind.UNAVAILABLE,
                    "node " + nodeId + " no longer owns the ACD engine; nothing was changed, try again")));
            return;
        }
        carryOut(o, command).whenComplete((value, e) -> {
            if (e != null) {
                reply(o, m, false, wire.failure(e));
            } else {
                reply(o, m, true, wire.answer(command, value));
            }
        });
    }

    /**
     * Runs a command that came from another node or waited through a failover on this node's engine. An arrival
     * the engine already has (sent again after a failover, or restored from the log by it) answers where it is.
     */
    private <R> CompletableFuture<R> carryOut(Owned o, RoutingCommand<R> command) {
        CompletableFuture<R> out = new CompletableFuture<>();
        o.service.send(command).whenComplete((value, error) -> {
            Throwable e = unwrapped(error);
            if (e instanceof RoutingException re && re.kind() == RoutingException.Kind.CONFLICT
                    && command instanceof RoutingCommand.Arrive arrive) {
                o.service.send(new RoutingCommand.GetInteraction(arrive.interaction().id())).whenComplete((view, f) -> {
                    if (f == null && view.isPresent()) {
                        @SuppressWarnings("unchecked")
                        R arrival = (R) new RoutingCommand.Arrival(view.get(), null);
                        out.complete(arrival);
                    } else {
                        out.completeExceptionally(re);
                    }
                });
            } else if (e != null) {
                out.completeExceptionally(e);
            } else {
                out.complete(value);
            }
        });
        return out;
    }

    private void reply(Owned o, Message<Buffer> m, boolean ok, byte[] body) {
        m.reply(Buffer.buffer(body), new DeliveryOptions().addHeader(H_OK, Boolean.toString(ok))
                .addHeader(H_EPOCH, Long.toString(o.epoch)).addHeader(H_SEQ, Long.toString(o.seq.get())));
    }

    /** The fence failed: another node took the engine over. Stops serving and deciding at once. */
    void fencedOut() {
        Owned o = owned;
        if (o != null) {
            o.fencedOut = true;
        }
    }

    /** Gives the engine up (fenced out or stopping); commands go to the new owner from now on. */
    RoutingService release() {
        Owned o = owned;
        owned = null;
        if (o == null) {
            return null;
        }
        o.fencedOut = true;
        MessageConsumer<Buffer> c = o.commands;
        if (c != null) {
            c.unregister();
        }
        return o.service;
    }

    boolean owns() {
        return owned != null;
    }

    Long ownedEpoch() {
        Owned o = owned;
        return o == null ? null : o.epoch;
    }

    long remoteCommands() {
        return remoteCommands.get();
    }

    long remoteEvents() {
        return remoteEvents.get();
    }

    // ------------------------------------------------------------------ standing set-up

    private void remember(RoutingCommand<?> command) {
        String key = null;
        if (command instanceof RoutingCommand.RequirePhoneRegistration) {
            key = "require-phones";
        } else if (command instanceof RoutingCommand.PhoneReachable p) {
            key = "phone:" + p.agentId();
        }
        if (key != null) {
            synchronized (standing) {
                standing.put(key, command);
            }
        }
    }

    /** The set-up this node's adapters gave the engine (phones), to give a new owner's engine again. */
    List<RoutingCommand<?>> standing() {
        synchronized (standing) {
            return List.copyOf(standing.values());
        }
    }

    @Override
    public void close() {
        closed = true;
        events.unregister();
        RoutingService s = release();
        if (s != null) {
            s.close();
        }
    }
}
