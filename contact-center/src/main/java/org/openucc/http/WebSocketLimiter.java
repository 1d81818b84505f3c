package org.openucc.http;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openucc.config.WebSocketLimits;
import org.openucc.limits.Rejections;
import org.openucc.limits.TokenBucket;

/**
 * The message rate of the WebSockets: every connection has its own budget and every logged-in user one
 * over all their connections (an agent's console tabs together). A message over either is refused
 * with an error and not run; a connection that goes on sending regardless is closed. Each refusal is
 * counted under door "websocket".
 */
public final class WebSocketLimiter {
    /** RFC 6455 §7.4.1: policy violation (the flooding connection) and message too big. */
    public static final short POLICY_VIOLATION = 1008;
    public static final short MESSAGE_TOO_BIG = 1009;
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"\\\\]{1,64})\"");

    private final WebSocketLimits limits;
    private final Rejections rejections;
    private final LongSupplier nanos;
    private final Map<String, UserBudget> users = new ConcurrentHashMap<>();

    public WebSocketLimiter(WebSocketLimits limits, Rejections rejections, LongSupplier nanos) {
        this.limits = limits;
        this.rejections = rejections;
        this.nanos = nanos;
    }

    public WebSocketLimits limits() {
        return limits;
    }

    /** What to do with one message. */
    public enum Verdict {
        /** Run it. */
        PASS,
        /** Answer with {@link Gate#refusal()} and drop it. */
        REFUSE,
        /** Refused too often in a row: close the connection ({@link #POLICY_VIOLATION}). */
        CLOSE,
        /** The connection is being closed for flooding: ignore what still arrives. */
        DROP
    }

    /** The budget of a new connection; {@code user} (null for anonymous chat visitors) shares one over connections. */
    public Gate open(String user) {
        if (user != null) {
            users.compute(user, (k, b) -> {
                UserBudget budget = b == null ? new UserBudget(bucket(limits.messagesPerSecondPerUser(),
                        2 * limits.messagesPerSecondPerUser())) : b;
                budget.connections++;
                return budget;
            });
        }
        return new Gate(user);
    }

    private TokenBucket bucket(int perSecond, int burst) {
        return new TokenBucket(perSecond, burst, nanos);
    }

    /** The id a refused message carried, for the error (read without parsing the whole message). */
    public static String idOf(String text) {
        Matcher m = ID.matcher(text.length() > 512 ? text.substring(0, 512) : text);
        return m.find() ? m.group(1) : null;
    }

    /**
     * Whether a socket's failure is a message over {@code maxMessageBytes} (one frame too large, which the
     * decoder refuses, or frames that add up to too much, which Vert.x drops); such a one is counted and
     * the connection should be closed with {@link #MESSAGE_TOO_BIG}.
     */
    public boolean tooBig(Throwable failure) {
        boolean tooBig = failure instanceof CorruptedWebSocketFrameException c
                && c.closeStatus() != null && c.closeStatus().code() == MESSAGE_TOO_BIG
                || failure instanceof IllegalStateException && String.valueOf(failure.getMessage()).contains("exceeds");
        if (tooBig) {
            rejections.count("websocket", "message-size");
        }
        return tooBig;
    }

    /** One connection's budget. Call {@link #close()} when the connection closes. */
    public final class Gate {
        private final String user;
        private final TokenBucket own = bucket(limits.messagesPerSecond(), limits.messageBurst());
        private int refusedInARow;
        private String lastLimit;
        private boolean closed;
        private boolean flooded;

        private Gate(String user) {
            this.user = user;
        }

        /** Whether the next message may run. */
        public synchronized Verdict admit() {
            if (flooded) {
                return Verdict.DROP;
            }
            String limit = null;
            if (!own.tryTake()) {
                limit = "messages-per-connection";
            } else if (user != null) {
                UserBudget budget = users.get(user);
                if (budget != null && !budget.bucket.tryTake()) {
                    limit = "messages-per-user";
                }
            }
            if (limit == null) {
                refusedInARow = 0;
                return Verdict.PASS;
            }
            lastLimit = limit;
            rejections.count("websocket", limit);
            if (++refusedInARow >= limits.closeAfterRefusals()) {
                flooded = true;
                rejections.count("websocket", "flood-closed");
                return Verdict.CLOSE;
            }
            return Verdict.REFUSE;
        }

        /** Why the last message was refused, for the error sent back. */
        public synchronized String refusal() {
            return "messages-per-user".equals(lastLimit)
                    ? "you are sending too fast: at most " + limits.messagesPerSecondPerUser()
                            + " messages a second over all your consoles; this one was not run, send it again in a moment"
                    : "you are sending too fast: at most " + limits.messagesPerSecond() + " messages a second on this"
                            + " connection; this one was not run, send it again in a moment";
        }

        /** The connection closed: the user's shared budget goes once their last connection has. */
        public synchronized void close() {
            if (closed || user == null) {
                closed = true;
                return;
            }
            closed = true;
            users.computeIfPresent(user, (k, b) -> --b.connections <= 0 ? null : b);
        }
    }

    private static final class UserBudget {
        final TokenBucket bucket;
        int connections;

        UserBudget(TokenBucket bucket) {
            this.bucket = bucket;
        }
    }
}
