package org.openucc.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * every other node a command crosses this node's own connection to the owner's {@link PortDoor} (authenticated with
 * the cluster's secret; the owner's engine thread writes the answer straight to it) and its answer comes back, and
 * the engine's events, published by the owner on the clustered event bus once durable, reach this node's listeners in
 * order. (The commands used to cross the clustered event bus too: its request and reply cost two to three times the
 * CPU per command and twice the median latency; see the README's cluster benchmark.)
 *
 * <p>The port's promises hold across nodes: commands from one node are carried out in the order sent (one owner,
 * one engine thread), and a command's answer is handed over only once this node's listeners have heard the events
 * published before it (the answer carries the owner's event sequence number, and waits for it here). While no node
 * owns the engine (a failover), a command waits for the new owner up to {@code commandTimeout}; a command the old
 * owner took but never answered fails with {@link RoutingException.Kind#UNAVAILABLE}, as a change the log could
 * not store does on one node (it may or may not have been made).
 */
public final class ClusterRoutingPort implements RoutingPort, AutoCloseable {
    /** The Hazelcast replicated map of each node's door ("host:port" by node id). */
    static final String DOORS = "openucc.cluster.port-doors";
    static final String EVENTS = "openucc.acd.events";
    private static final String H_EPOCH = "epoch";
    private static final String H_SEQ = "seq";
    private static final String H_NODE = "node";
    private static final long NO_OWNER_PAUSE_MILLIS = 50;
    /** How often answers overdue (no answer, or events that never came) are looked for: one timer per port. */
    private static final long SWEEP_MILLIS = 250;
    private static final Logger log = LoggerFactory.getLogger(ClusterRoutingPort.class);

    /** The engine while this node owns it. */
    private static final class Owned {
        final long epoch;
        final RoutingService service;
        final AtomicLong seq = new AtomicLong();
        volatile boolean fencedOut;
        /** Set once the failover recovery is done: commands that waited for an owner go ahead from then on. */
        volatile boolean serving;

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
    private volatile String lastOwner;
    private final java.util.Set<Pending<?>> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    // Delivery thread's view of the owner's event stream, and answers waiting for it (guarded by waiters).
    private long seenEpoch;
    private long seenSeq;
    private final TreeMap<Long, List<Waiter>> waiters = new TreeMap<>();
    /** Epochs after this one started once this node heard the owner's events: all their events come. */
    private volatile long followsFrom = Long.MAX_VALUE;
    private final byte[] key;
    private final Function<String, String> doorOf;
    private final NetClient client;
    private volatile PortLink link;
    private final AtomicLong frameIds = new AtomicLong();
    /** Commands written to a link and not answered yet, by frame id. */
    private final Map<Long, Sent> sent = new ConcurrentHashMap<>();
    private final long sweep;
    private final AtomicLong remoteCommands = new AtomicLong();
    private final AtomicLong remoteEvents = new AtomicLong();

    /**
     * @param key    the door key derived from the cluster's secret ({@link PortFrames#key})
     * @param doorOf where a node's door listens ("host:port"), or null when unknown
     */
    ClusterRoutingPort(Vertx vertx, String nodeId, Duration commandTimeout, ExecutorService delivery, byte[] key,
                       Function<String, String> doorOf) {
        this.vertx = vertx;
        this.nodeId = nodeId;
        this.timeoutMillis = commandTimeout.toMillis();
        this.delivery = delivery;
        this.key = key.clone();
        this.doorOf = doorOf;
        this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis)));
        this.events = vertx.eventBus().consumer(EVENTS, this::onEvent);
        this.sweep = vertx.setPeriodic(SWEEP_MILLIS, t -> sweep());
    }

    /** A door for this node's engine: the other nodes' commands reach {@link #onCommand} through it. */
    PortDoor door(String host) {
        return new PortDoor(vertx, host, key, PortDoor.Limits.DEFAULT, wire.failure(new RoutingException(
                RoutingException.Kind.UNAVAILABLE, "node " + nodeId + " has too many commands in flight from this node;"
                        + " nothing was changed, try again shortly")), this::onCommand);
    }

    /**
     * This node hears the owner's events since the epoch {@code epoch} (read once the subscription was known): every
     * event of a later epoch reaches it, so an answer of such an epoch waits for the events before it.
     */
    void followsFrom(long epoch) {
        this.followsFrom = epoch;
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

    /** A command written to a link, for one attempt. */
    private record Sent(Pending<?> pending, int attempt, PortLink link) {
    }

    /** An answer waiting for the events before it, until its deadline. */
    private record Waiter(long deadline, long epoch, long seq, Runnable then) {
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
        // Written from the caller's thread to this node's connection to the owner; the owner's engine thread writes
        // the answer back, and the connection's event loop here completes it. No reply address, no timer per command.
        PortLink l = linkToOwner();
        if (l == null) {
            vertx.setTimer(NO_OWNER_PAUSE_MILLIS, t -> attempt(p, attempt));
            return;
        }
        long id = frameIds.incrementAndGet();
        sent.put(id, new Sent(p, attempt, l));
        if (!l.send(PortFrames.command(id, p.body))) {
            sent.remove(id);
            vertx.setTimer(NO_OWNER_PAUSE_MILLIS, t -> attempt(p, attempt));
        }
    }

    /** The link to the owner's door, connecting when there is none; null while the owner or its door is unknown. */
    private PortLink linkToOwner() {
        String owner = ownerNode;
        if (owner == null || owner.equals(nodeId)) {
            return null; // no owner known, or this node's stale belief that it owns the engine
        }
        PortLink l = link;
        if (l != null && l.node().equals(owner) && !l.isClosed()) {
            return l;
        }
        String address = doorOf.apply(owner);
        if (address == null) {
            return null;
        }
        synchronized (this) {
            l = link;
            if (l != null && l.node().equals(owner) && l.address().equals(address) && !l.isClosed()) {
                return l;
            }
            if (l != null) {
                l.close();
            }
            l = new PortLink(client, owner, address, key, nodeId, answers);
            link = l;
            return l;
        }
    }

    private final PortLink.Answers answers = new PortLink.Answers() {
        @Override
        public void answer(PortLink from, long id, boolean ok, long epoch, long seq, byte[] body) {
            Sent s = sent.remove(id);
            if (s != null && current(s)) {
                answered(s.pending(), ok, epoch, seq, body);
            }
        }

        @Override
        public void notOwner(PortLink from, long id) {
            Sent s = sent.remove(id);
            if (s != null && current(s)) { // that node no longer serves the engine: wait for the owner
                vertx.setTimer(NO_OWNER_PAUSE_MILLIS, t -> attempt(s.pending(), s.attempt()));
            }
        }

        @Override
        public void closed(PortLink from, boolean opened) {
            if (opened) {
                // Commands the owner may have taken stay in flight: sent again when it leaves the cluster (a new owner
                // finds the ones it stored done), or UNAVAILABLE at their deadline.
                return;
            }
            for (Map.Entry<Long, Sent> e : sent.entrySet()) { // never reached the door: wait for the owner
                Sent s = e.getValue();
                if (s.link() == from && sent.remove(e.getKey(), s) && current(s)) {
                    vertx.setTimer(NO_OWNER_PAUSE_MILLIS, t -> attempt(s.pending(), s.attempt()));
                }
            }
        }
    };

    private static boolean current(Sent s) {
        return s.pending().attempt.get() == s.attempt() && !s.pending().result.isDone();
    }

    /** One timer for the port: commands the owner never answered, and answers whose events never came. */
    private void sweep() {
        long now = System.nanoTime();
        for (Map.Entry<Long, Sent> e : sent.entrySet()) {
            Sent s = e.getValue();
            if (!current(s)) {
                sent.remove(e.getKey(), s);
            } else if (now - s.pending().deadline >= 0 && sent.remove(e.getKey(), s)) {
                s.pending().result.completeExceptionally(new RoutingException(RoutingException.Kind.UNAVAILABLE,
                        "the ACD engine's owner (node " + s.link().node() + ") did not answer within " + timeoutMillis
                                + " ms; the change may or may not have been made"));
            }
        }
        List<Waiter> late = new ArrayList<>();
        synchronized (waiters) {
            Iterator<List<Waiter>> it = waiters.values().iterator();
            while (it.hasNext()) {
                List<Waiter> l = it.next();
                l.removeIf(w -> {
                    if (now - w.deadline() >= 0) {
                        late.add(w);
                        return true;
                    }
                    return false;
                });
                if (l.isEmpty()) {
                    it.remove();
                }
            }
        }
        for (Waiter w : late) {
            // Never wait for ever on an event the bus lost: answer anyway after the command timeout.
            log.warn("Answer of epoch {} waited {} ms for event {}; answering without it", w.epoch(), timeoutMillis, w.seq());
            w.then().run();
        }
    }

    /** Which node owns the engine, as last known (the lease, or a new owner's announcement). */
    void ownerIs(String node) {
        this.ownerNode = node;
        if (node != null) {
            this.lastOwner = node;
        }
    }

    /** The last node known to own the engine (it may have left since, and given the lease up). */
    String lastOwner() {
        return lastOwner;
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
     * died with it, or this node's link may have carried it to the dead node's door before the new owner was known).
     */
    void resendInFlight() {
        for (Pending<?> p : inFlight) {
            int next = p.attempt.incrementAndGet();
            vertx.setTimer(NO_OWNER_PAUSE_MILLIS, t -> attempt(p, next));
        }
    }

    @SuppressWarnings("unchecked")
    private <R> void answered(Pending<R> p, boolean ok, long epoch, long seq, byte[] bytes) {
        if (!ok) {
            p.result.completeExceptionally(wire.failure(bytes));
            return;
        }
        R value;
        try {
            value = (R) wire.answer(p.command, bytes);
        } catch (RuntimeException e) {
            p.result.completeExceptionally(e);
            return;
        }
        afterEvents(epoch, seq, () -> p.result.complete(value));
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
            // Waits while this node is behind the epoch's stream: in the epoch it follows, or in one that began after
            // it subscribed (it hears all of that one's events; answers travel apart from them, and may come first).
            // Events of the epoch under way when this node subscribed, published before, never come: an answer of that
            // epoch waits only once its first event arrived.
            boolean behind = seenEpoch == epoch ? seenSeq < seq : epoch > seenEpoch && epoch > followsFrom && seq > 0;
            if (behind) {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
                waiters.computeIfAbsent(key(epoch, seq), k -> new ArrayList<>()).add(new Waiter(deadline, epoch, seq, then));
                return;
            }
        }
        then.run();
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
        List<Waiter> ready = new ArrayList<>();
        synchronized (waiters) {
            seenEpoch = epoch;
            seenSeq = seq;
            Iterator<Map.Entry<Long, List<Waiter>>> it = waiters.headMap(key(epoch, seq), true).entrySet().iterator();
            while (it.hasNext()) {
                ready.addAll(it.next().getValue());
                it.remove();
            }
        }
        ready.forEach(w -> w.then().run());
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
        o.serving = true; // the door hands this node's engine the other nodes' commands from now on
        return CompletableFuture.completedFuture(null);
    }

    /** A command from another node, through this node's door (the connection's event loop). */
    private void onCommand(PortDoor.Connection from, long id, byte[] body) {
        Owned o = owned;
        if (o == null || !o.serving) {
            from.notOwner(id); // not (yet) serving: the sender waits for the owner
            return;
        }
        RoutingCommand<?> command;
        try {
            command = wire.command(body);
        } catch (RuntimeException e) {
            from.answer(id, false, o.epoch, o.seq.get(), wire.failure(e));
            return;
        }
        if (o.fencedOut) {
            from.answer(id, false, o.epoch, o.seq.get(), wire.failure(new RoutingException(RoutingException.Kind.UNAVAILABLE,
                    "node " + nodeId + " no longer owns the ACD engine; nothing was changed, try again")));
            return;
        }
        carryOut(o, command).whenComplete((value, e) -> answer(o, from, id, command, value, e));
    }

    /** Engine thread (mostly): the answer goes straight to the sender's connection, with the events' place. */
    private <R> void answer(Owned o, PortDoor.Connection to, long id, RoutingCommand<R> command, Object value, Throwable e) {
        byte[] body;
        boolean ok = e == null;
        try {
            @SuppressWarnings("unchecked")
            R r = (R) value;
            body = ok ? wire.answer(command, r) : wire.failure(e);
        } catch (RuntimeException ex) {
            ok = false;
            body = wire.failure(ex);
        }
        to.answer(id, ok, o.epoch, o.seq.get(), body);
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
        o.serving = false;
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
        vertx.cancelTimer(sweep);
        PortLink l = link;
        if (l != null) {
            l.close();
        }
        client.close();
        RoutingService s = release();
        if (s != null) {
            s.close();
        }
    }
}
