package org.openucc.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.openucc.auth.AccessDeniedException;
import org.openucc.chat.ChatNodes;
import org.openucc.crm.NotFoundException;
import org.openucc.fault.UnavailableException;
import org.openucc.json.ApiJson;
import org.openucc.message.TranscriptMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web chat's view of the cluster over the clustered event bus: each node serves the requests for the chats it
 * carries at {@code openucc.chat.node.<nodeId>} (an agent's line, typing or read receipt from a console on another
 * node; a hand-over to the node a visitor came back through), and hears of nodes that leave from Hazelcast. A
 * request is the record as JSON with its simple name in the {@code op} header; a failure comes back with its kind in
 * the {@code failure} header: the chat's own exceptions keep their type, the others travel as {@link FailureWire}.
 * A supervisor's console on one node monitors a chat another node carries: the carrier sends the console's messages
 * to {@code openucc.chat.console.<nodeId>}, from one context so that they keep their order.
 */
public final class ClusterChatNodes implements ChatNodes {
    private static final Logger log = LoggerFactory.getLogger(ClusterChatNodes.class);
    static final String ADDRESS = "openucc.chat.node.";
    /** Where a node's supervisor consoles hear the chats other nodes carry. */
    static final String CONSOLES = "openucc.chat.console.";
    private static final Map<String, Class<? extends Request>> OPS = Map.of("Line", Line.class, "Typing", Typing.class,
            "Read", Read.class, "HandOver", HandOver.class, "Monitor", Monitor.class,
            "SupervisorLine", SupervisorLine.class, "MonitorStop", MonitorStop.class,
            "ConsoleClosed", ConsoleClosed.class, "OpenChats", OpenChats.class);

    private final ClusterRuntime runtime;
    private final String nodeId;
    private final long timeoutMillis;
    private final ObjectMapper mapper = ApiJson.mapper();
    private final FailureWire failures = new FailureWire(ApiJson.mapper());
    private volatile MessageConsumer<Buffer> consumer;
    private volatile MessageConsumer<Buffer> consoleConsumer;
    /**
     * Every console message leaves from this one context, in the order it was handed over: the event bus keeps one
     * sender's order to one address, and sends made from several threads would not be one sender.
     */
    private final io.vertx.core.Context sender;
    /** The seq of the last console message sent to each node; guarded by itself. */
    private final Map<String, Long> sent = new java.util.HashMap<>();
    private volatile UUID membership;

    /** @param timeout how long a request waits for the other node's answer */
    public ClusterChatNodes(ClusterRuntime runtime, Duration timeout) {
        this.runtime = runtime;
        this.nodeId = runtime.config().nodeId();
        this.timeoutMillis = timeout.toMillis();
        this.sender = runtime.vertx().getOrCreateContext();
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public boolean isLive(String node) {
        return runtime.members().contains(node);
    }

    @Override
    public CompletableFuture<Object> ask(String node, Request request) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(request);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("cannot write " + request + ": " + e));
        }
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMillis)
                .addHeader("op", request.getClass().getSimpleName()).addHeader("node", nodeId);
        return runtime.vertx().eventBus().<Buffer>request(ADDRESS + node, Buffer.buffer(body), options)
                .toCompletionStage().toCompletableFuture()
                .handle((answer, failure) -> {
                    if (failure != null) {
                        throw UnavailableException.here("node " + node + " of the cluster"
                                + (request.interactionId() == null ? ""
                                : ", which carries chat " + request.interactionId() + ",")
                                + " did not answer (" + failure.getMessage() + "); try again in a few seconds",
                                Duration.ofSeconds(2));
                    }
                    String kind = answer.headers().get("failure");
                    if (kind != null) {
                        throw failure(kind, answer.body().getBytes());
                    }
                    return answerOf(request, answer.body().getBytes());
                });
    }

    private Object answerOf(Request request, byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            Class<?> type = request instanceof Line ? TranscriptMessage.class : Object.class;
            return mapper.readValue(body, type);
        } catch (IOException e) {
            throw new IllegalStateException("an unreadable answer to " + request + ": " + e.getMessage(), e);
        }
    }

    @Override
    public java.util.Set<String> liveNodes() {
        return java.util.Set.copyOf(runtime.members());
    }

    @Override
    public void toConsole(String node, ConsoleMessage message) {
        synchronized (sent) {
            long seq = sent.merge(node, 1L, Long::sum);
            byte[] body;
            try {
                body = mapper.writeValueAsBytes(new ConsoleMessage(message.fromNode(), message.consoleId(),
                        message.interactionId(), message.ended(), message.text(), seq));
            } catch (IOException e) {
                log.warn("A console message for node {} could not be written: {}", node, e.toString());
                return;
            }
            // Numbered and queued on the one sending context under the same lock: they leave in their seq order.
            sender.runOnContext(v -> runtime.vertx().eventBus().send(CONSOLES + node, Buffer.buffer(body)));
        }
    }

    @Override
    public long sentTo(String node) {
        synchronized (sent) {
            return sent.getOrDefault(node, 0L);
        }
    }

    @Override
    public void consoles(Consumer<ConsoleMessage> delivery) {
        MessageConsumer<Buffer> c = runtime.vertx().eventBus().consumer(CONSOLES + nodeId, m -> {
            try {
                delivery.accept(mapper.readValue(m.body().getBytes(), ConsoleMessage.class));
            } catch (IOException | RuntimeException e) {
                log.warn("A console message from another node could not be delivered: {}", e.toString());
            }
        });
        try {
            c.completion().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("node " + nodeId + " could not take the console messages of other nodes: "
                    + e.getMessage(), e);
        }
        consoleConsumer = c;
    }

    @Override
    public void serve(Function<Request, CompletableFuture<?>> handler) {
        MessageConsumer<Buffer> c = runtime.vertx().eventBus().consumer(ADDRESS + nodeId, m -> handle(m, handler));
        try {
            c.completion().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("node " + nodeId + " could not serve the cluster's chat requests: "
                    + e.getMessage(), e);
        }
        consumer = c;
    }

    private void handle(Message<Buffer> m, Function<Request, CompletableFuture<?>> handler) {
        CompletableFuture<?> done;
        try {
            Class<? extends Request> type = OPS.get(m.headers().get("op"));
            if (type == null) {
                throw new IllegalArgumentException("unknown chat request '" + m.headers().get("op") + "'");
            }
            done = handler.apply(mapper.readValue(m.body().getBytes(), type));
        } catch (IOException e) {
            done = CompletableFuture.failedFuture(new IllegalArgumentException("an unreadable chat request: "
                    + e.getMessage()));
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        done.whenComplete((answer, failure) -> {
            if (failure == null) {
                try {
                    m.reply(answer == null ? Buffer.buffer() : Buffer.buffer(mapper.writeValueAsBytes(answer)));
                } catch (IOException e) {
                    reply(m, e);
                }
            } else {
                reply(m, failure);
            }
        });
    }

    private void reply(Message<Buffer> m, Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        String kind;
        byte[] body;
        if (e instanceof NotCarriedException || e instanceof AccessDeniedException) {
            kind = e instanceof NotCarriedException ? "NotCarried" : "AccessDenied";
            body = String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8);
        } else if (e instanceof NotFoundException nf) {
            kind = "NotFound";
            body = (nf.entity() + "\n" + nf.id()).getBytes(StandardCharsets.UTF_8);
        } else {
            kind = "Fault";
            body = failures.encode(e);
        }
        m.reply(Buffer.buffer(body), new DeliveryOptions().addHeader("failure", kind));
    }

    private RuntimeException failure(String kind, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return switch (kind) {
            case "NotCarried" -> new NotCarriedException(text);
            case "AccessDenied" -> new AccessDeniedException(text);
            case "NotFound" -> {
                int nl = text.indexOf('\n');
                yield new NotFoundException(text.substring(0, Math.max(nl, 0)), text.substring(nl + 1));
            }
            default -> failures.decode(body);
        };
    }

    @Override
    public void whenNodeLeft(Consumer<String> listener) {
        membership = runtime.hazelcast().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                String left = e.getMember().getAttribute(ClusterRuntime.NODE_ATTRIBUTE);
                if (left != null) {
                    synchronized (sent) {
                        sent.remove(left); // a node that comes back under this id counts from 1
                    }
                    listener.accept(left);
                }
            }
        });
    }

    @Override
    public void close() {
        MessageConsumer<Buffer> c = consumer;
        if (c != null) {
            c.unregister();
        }
        MessageConsumer<Buffer> cc = consoleConsumer;
        if (cc != null) {
            cc.unregister();
        }
        UUID id = membership;
        if (id != null) {
            try {
                runtime.hazelcast().getCluster().removeMembershipListener(id);
            } catch (RuntimeException e) {
                log.debug("Hazelcast already stopped: {}", e.toString());
            }
        }
    }
}
