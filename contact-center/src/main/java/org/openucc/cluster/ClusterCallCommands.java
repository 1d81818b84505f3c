package org.openucc.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.openucc.cti.CallCommands;
import org.openucc.cti.MonitorSession;
import org.openucc.fault.UnavailableException;
import org.openucc.json.ApiJson;
import org.openucc.telephony.MonitorMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's call commands in a cluster: a call's SIP legs live on one node, an agent's console may be on any.
 * A command for a call this node carries runs here, as on a single node; otherwise it goes over the clustered event
 * bus to every other live node at once ({@code openucc.voice.node.<nodeId>}); the node that carries the call runs it
 * with the asker's agent or supervisor id (so its own checks decide: the agent must be the one on the call) and its
 * answer comes back; the others answer "not carried" in the {@code failure} header. A failure travels as
 * {@link FailureWire} (a 409 or 403 keeps its meaning). No node carries it: this node's own answer (409); a node
 * that did not answer in time and none that carries it: 503 with a retry hint.
 */
public final class ClusterCallCommands implements CallCommands {
    private static final Logger log = LoggerFactory.getLogger(ClusterCallCommands.class);
    static final String ADDRESS = "openucc.voice.node.";
    private static final String NOT_CARRIED = "NotCarried";

    /** A command on the wire: its name and the arguments it uses (the others null). */
    record Command(String op, String interactionId, String agentId, String destination, String digits,
                   String supervisor, String phone, MonitorMode mode, boolean anyone) {
    }

    private final ClusterRuntime runtime;
    private final String nodeId;
    private final long timeoutMillis;
    private final CallCommands local;
    private final Predicate<String> carries;
    private final ObjectMapper mapper = ApiJson.mapper();
    private final FailureWire failures = new FailureWire(ApiJson.mapper());
    private volatile MessageConsumer<Buffer> consumer;

    /**
     * @param local   this node's commands (SIP or Asterisk, whichever carries the call)
     * @param carries whether this node carries an interaction's call
     * @param timeout how long a node's answer is waited for
     */
    public ClusterCallCommands(ClusterRuntime runtime, Duration timeout, CallCommands local, Predicate<String> carries) {
        this.runtime = runtime;
        this.nodeId = runtime.config().nodeId();
        this.timeoutMillis = timeout.toMillis();
        this.local = local;
        this.carries = carries;
    }

    /** Serves the other nodes' commands for the calls this node carries. */
    public void serve() {
        MessageConsumer<Buffer> c = runtime.vertx().eventBus().consumer(ADDRESS + nodeId, this::handle);
        try {
            c.completion().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("node " + nodeId + " could not serve the cluster's call commands: "
                    + e.getMessage(), e);
        }
        consumer = c;
    }

    /** Stops serving. */
    public void close() {
        MessageConsumer<Buffer> c = consumer;
        if (c != null) {
            c.unregister();
        }
    }

    @Override
    public CompletionStage<Void> hold(String interactionId, String agentId) {
        return to(cmd("hold", interactionId, agentId), Void.class, c -> c.hold(interactionId, agentId));
    }

    @Override
    public CompletionStage<Void> resume(String interactionId, String agentId) {
        return to(cmd("resume", interactionId, agentId), Void.class, c -> c.resume(interactionId, agentId));
    }

    @Override
    public CompletionStage<Void> transfer(String interactionId, String agentId, String destination) {
        return to(new Command("transfer", interactionId, agentId, destination, null, null, null, null, false),
                Void.class, c -> c.transfer(interactionId, agentId, destination));
    }

    @Override
    public CompletionStage<Void> hangup(String interactionId, String agentId) {
        return to(cmd("hangup", interactionId, agentId), Void.class, c -> c.hangup(interactionId, agentId));
    }

    @Override
    public CompletionStage<Void> sendDtmf(String interactionId, String agentId, String digits) {
        return to(new Command("sendDtmf", interactionId, agentId, null, digits, null, null, null, false),
                Void.class, c -> c.sendDtmf(interactionId, agentId, digits));
    }

    @Override
    public CompletionStage<MonitorSession> monitor(String interactionId, String supervisor, String phone,
                                                   MonitorMode mode) {
        return to(new Command("monitor", interactionId, null, null, null, supervisor, phone, mode, false),
                MonitorSession.class, c -> c.monitor(interactionId, supervisor, phone, mode));
    }

    @Override
    public CompletionStage<MonitorSession> changeMonitor(String interactionId, String supervisor, boolean anyone,
                                                         MonitorMode mode) {
        return to(new Command("changeMonitor", interactionId, null, null, null, supervisor, null, mode, anyone),
                MonitorSession.class, c -> c.changeMonitor(interactionId, supervisor, anyone, mode));
    }

    @Override
    public CompletionStage<Void> stopMonitor(String interactionId, String supervisor, boolean anyone) {
        return to(new Command("stopMonitor", interactionId, null, null, null, supervisor, null, null, anyone),
                Void.class, c -> c.stopMonitor(interactionId, supervisor, anyone));
    }

    private static Command cmd(String op, String interactionId, String agentId) {
        return new Command(op, interactionId, agentId, null, null, null, null, null, false);
    }

    // ------------------------------------------------------------------ asking the other nodes

    private <T> CompletionStage<T> to(Command command, Class<T> answer, Function<CallCommands, CompletionStage<T>> here) {
        if (carries.test(command.interactionId())) {
            return here.apply(local);
        }
        List<String> others = new ArrayList<>(runtime.members());
        others.remove(nodeId);
        if (others.isEmpty()) {
            return here.apply(local);
        }
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(command);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("cannot write " + command + ": " + e));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicInteger pending = new AtomicInteger(others.size());
        List<String> silent = java.util.Collections.synchronizedList(new ArrayList<>());
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMillis).addHeader("node", nodeId);
        for (String node : others) {
            runtime.vertx().eventBus().<Buffer>request(ADDRESS + node, Buffer.buffer(body), options)
                    .onComplete(ar -> {
                        if (ar.failed()) {
                            log.debug("node {} did not answer {}: {}", node, command.op(), ar.cause().toString());
                            silent.add(node);
                        } else {
                            String kind = ar.result().headers().get("failure");
                            byte[] bytes = ar.result().body().getBytes();
                            if (kind == null) {
                                try {
                                    result.complete(bytes.length == 0 || answer == Void.class ? null
                                            : mapper.readValue(bytes, answer));
                                } catch (IOException e) {
                                    result.completeExceptionally(new IllegalStateException("an unreadable answer to "
                                            + command.op() + " from node " + node + ": " + e.getMessage()));
                                }
                            } else if (!NOT_CARRIED.equals(kind)) {
                                result.completeExceptionally(failures.decode(bytes));
                            }
                        }
                        if (pending.decrementAndGet() == 0 && !result.isDone()) {
                            if (silent.isEmpty()) {
                                // No node carries it: this node's own answer (409 "no connected call").
                                here.apply(local).whenComplete((v, err) -> {
                                    if (err != null) {
                                        result.completeExceptionally(unwrap(err));
                                    } else {
                                        result.complete(v);
                                    }
                                });
                            } else {
                                result.completeExceptionally(UnavailableException.here("node(s) " + silent
                                        + " of the cluster did not answer for the call of interaction "
                                        + command.interactionId() + "; try again in a few seconds",
                                        Duration.ofSeconds(2)));
                            }
                        }
                    });
        }
        return result;
    }

    // ------------------------------------------------------------------ serving the other nodes

    private void handle(Message<Buffer> m) {
        Command c;
        try {
            c = mapper.readValue(m.body().getBytes(), Command.class);
        } catch (IOException e) {
            reply(m, new IllegalArgumentException("an unreadable call command: " + e.getMessage()));
            return;
        }
        if (c.interactionId() == null || !carries.test(c.interactionId())) {
            m.reply(Buffer.buffer(), new DeliveryOptions().addHeader("failure", NOT_CARRIED));
            return;
        }
        CompletionStage<?> done;
        try {
            done = switch (String.valueOf(c.op())) {
                case "hold" -> local.hold(c.interactionId(), c.agentId());
                case "resume" -> local.resume(c.interactionId(), c.agentId());
                case "transfer" -> local.transfer(c.interactionId(), c.agentId(), c.destination());
                case "hangup" -> local.hangup(c.interactionId(), c.agentId());
                case "sendDtmf" -> local.sendDtmf(c.interactionId(), c.agentId(), c.digits());
                case "monitor" -> local.monitor(c.interactionId(), c.supervisor(), c.phone(), c.mode());
                case "changeMonitor" -> local.changeMonitor(c.interactionId(), c.supervisor(), c.anyone(), c.mode());
                case "stopMonitor" -> local.stopMonitor(c.interactionId(), c.supervisor(), c.anyone());
                default -> throw new IllegalArgumentException("unknown call command '" + c.op() + "'");
            };
        } catch (RuntimeException e) {
            reply(m, e);
            return;
        }
        done.whenComplete((answer, failure) -> {
            if (failure != null) {
                reply(m, failure);
                return;
            }
            try {
                m.reply(answer == null ? Buffer.buffer() : Buffer.buffer(mapper.writeValueAsBytes(answer)));
            } catch (IOException e) {
                reply(m, e);
            }
        });
    }

    private void reply(Message<Buffer> m, Throwable failure) {
        m.reply(Buffer.buffer(failures.encode(unwrap(failure))), new DeliveryOptions().addHeader("failure", "Fault"));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
