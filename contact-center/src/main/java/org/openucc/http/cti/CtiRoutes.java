package org.openucc.http.cti;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.openucc.auth.AccessDeniedException;
import org.openucc.auth.Authenticator;
import org.openucc.auth.Caller;
import org.openucc.auth.NotAuthenticatedException;
import org.openucc.auth.Session;
import org.openucc.config.Role;
import org.openucc.cti.CtiComponent;
import org.openucc.cti.StreamPeer;
import org.openucc.http.ApiProblem;
import org.openucc.http.HttpRoutes;
import org.openucc.http.SessionTokens;
import org.openucc.http.WebSocketLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CTI WebSockets: {@code /ws/agent} for agents (their state, offers with screen pops, commands)
 * and {@code /ws/supervisor} for supervisors and admins (live figures). The handshake must carry a
 * live session (cookie or bearer token) of the right role, or it is refused with 401/403 before any
 * WebSocket exists. A socket closes when its session is logged out or expires.
 */
public final class CtiRoutes implements HttpRoutes {
    private static final Logger log = LoggerFactory.getLogger(CtiRoutes.class);
    /** RFC 6455 §7.4.1: policy violation, used when the session behind a socket has ended. */
    private static final short SESSION_ENDED = 1008;
    private static final short SERVER_ERROR = 1011;

    private final Authenticator auth;
    private final CtiComponent cti;
    private final WebSocketLimiter limiter;
    private final Map<String, Set<StreamPeer>> peersBySession = new ConcurrentHashMap<>();

    /** @param limiter the consoles' message size and rates (per connection, per user) */
    public CtiRoutes(Authenticator auth, CtiComponent cti, WebSocketLimiter limiter) {
        this.auth = auth;
        this.cti = cti;
        this.limiter = limiter;
        auth.sessions().onEnded(this::sessionEnded);
    }

    @Override
    public void mount(Router router) {
        router.get("/ws/agent").handler(ctx -> open(ctx, false));
        router.get("/ws/supervisor").handler(ctx -> open(ctx, true));
    }

    private void open(RoutingContext ctx, boolean supervisor) {
        Session session;
        try {
            session = authorize(ctx.request(), supervisor);
        } catch (RuntimeException e) {
            ctx.fail(e);
            return;
        }
        ctx.request().toWebSocket().onSuccess(ws -> {
            try {
                if (supervisor) {
                    attachSupervisor(ctx.vertx(), ws, session);
                } else {
                    attachAgent(ctx.vertx(), ws, session);
                }
            } catch (RuntimeException e) {
                // A console left open but never attached would hear nothing for ever: it is told and closed instead.
                log.error("WebSocket of session {} could not be attached", session.shortId(), e);
                ws.writeTextMessage(ConsoleReplies.error(null, ApiProblem.of(e), "the console could not be connected"));
                ws.close(SERVER_ERROR, "not attached");
            }
        }).onFailure(e -> log.debug("WebSocket handshake of session {} failed: {}", session.shortId(), e.toString()));
    }

    private Session authorize(HttpServerRequest request, boolean supervisor) {
        Session session = auth.authenticate(SessionTokens.tokenOf(request)).orElseThrow(() ->
                new NotAuthenticatedException("log in first: the WebSocket needs the session cookie or a bearer token"));
        checkOrigin(request);
        Caller caller = session.caller();
        if (supervisor) {
            caller.require(Role.SUPERVISOR);
        } else if (caller.agentId() == null) {
            throw new AccessDeniedException("user '" + caller.username() + "' is not an agent; supervisors use /ws/supervisor");
        }
        return session;
    }

    /** A browser page of another site must not open a socket with this site's cookie (SameSite covers most browsers). */
    private static void checkOrigin(HttpServerRequest request) {
        String origin = request.getHeader("origin");
        if (origin == null) {
            return;
        }
        String host = request.authority() == null ? null : request.authority().toString();
        try {
            URI o = URI.create(origin);
            String originHost = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            if (host != null && (host.equalsIgnoreCase(originHost) || host.equalsIgnoreCase(o.getHost()))) {
                return;
            }
        } catch (IllegalArgumentException e) {
            // not a URI: refused below
        }
        throw new AccessDeniedException("WebSockets are only opened from pages of this server (Origin " + origin + ")");
    }

    private void attachAgent(Vertx vertx, ServerWebSocket ws, Session session) {
        StreamPeer peer = new WebSocketPeer(ws);
        Caller caller = session.caller();
        AgentConnection connection = new AgentConnection(caller, peer, cti.desk(), cti.channelCommands());
        long expiry = track(vertx, ws, session, peer);
        WebSocketLimiter.Gate gate = limiter.open(caller.username());
        ws.closeHandler(v -> {
            gate.close();
            untrack(session, peer);
            vertx.cancelTimer(expiry);
            cti.agentStreams().disconnect(caller.agentId(), peer);
        });
        wireInbound(ws, session, peer, connection, gate);
        cti.agentStreams().connect(caller.agentId(), peer).whenComplete((ok, failure) -> {
            if (failure != null) {
                peer.send(ConsoleReplies.error(null, ApiProblem.of(failure), "agent " + caller.agentId()
                        + " is not known to the ACD"));
                peer.close(SERVER_ERROR, "agent unknown");
            }
        });
    }

    private void attachSupervisor(Vertx vertx, ServerWebSocket ws, Session session) {
        StreamPeer peer = new WebSocketPeer(ws);
        SupervisorConnection connection = new SupervisorConnection(session.caller(), peer, cti.desk(),
                cti.supervisorCommands());
        long expiry = track(vertx, ws, session, peer);
        WebSocketLimiter.Gate gate = limiter.open(session.caller().username());
        ws.closeHandler(v -> {
            gate.close();
            untrack(session, peer);
            vertx.cancelTimer(expiry);
            cti.stats().unsubscribe(connection);
            cti.supervisorDisconnected(connection);
            connection.closed();
        });
        wireInbound(ws, session, peer, connection, gate);
        cti.stats().subscribe(connection);
        cti.supervisorConnected(connection);
    }

    private void wireInbound(ServerWebSocket ws, Session session, StreamPeer peer, ConsoleConnection connection,
                             WebSocketLimiter.Gate gate) {
        ws.textMessageHandler(text -> {
            if (!auth.sessions().isLive(session)) {
                end(peer, "your session has ended; log in again");
                return;
            }
            if (admitted(gate, peer, WebSocketLimiter.idOf(text))) {
                connection.onText(text);
            }
        });
        ws.binaryMessageHandler(b -> {
            if (admitted(gate, peer, null)) {
                connection.onBinary();
            }
        });
        ws.exceptionHandler(e -> {
            log.debug("WebSocket of session {}: {}", session.shortId(), e.toString());
            if (limiter.tooBig(e)) {
                peer.close(WebSocketLimiter.MESSAGE_TOO_BIG, "message too big");
            }
        });
    }

    /** Whether the message is within the rates; if not, the console hears why (or is closed for flooding). */
    private static boolean admitted(WebSocketLimiter.Gate gate, StreamPeer peer, String id) {
        switch (gate.admit()) {
            case PASS -> {
                return true;
            }
            case REFUSE -> peer.send(ConsoleReplies.error(id, new ApiProblem(429, null, java.util.List.of(), 1L, null), gate.refusal()));
            case CLOSE -> {
                peer.send(ConsoleReplies.error(id, ApiProblem.of(429, null), "too many messages over the limit;"
                        + " this connection is closed"));
                peer.close(WebSocketLimiter.POLICY_VIOLATION, "too many messages");
            }
            case DROP -> {
                // closing: nothing more is answered
            }
        }
        return false;
    }

    /** Remembers the socket under its session and closes it when the session expires. */
    private long track(Vertx vertx, ServerWebSocket ws, Session session, StreamPeer peer) {
        peersBySession.computeIfAbsent(session.id(), k -> ConcurrentHashMap.newKeySet()).add(peer);
        long millis = Math.max(1, Duration.between(Instant.now(), session.expiresAt()).toMillis());
        return vertx.setTimer(millis, id -> end(peer, "your session has expired; log in again"));
    }

    private void untrack(Session session, StreamPeer peer) {
        peersBySession.computeIfPresent(session.id(), (k, set) -> {
            set.remove(peer);
            return set.isEmpty() ? null : set;
        });
    }

    private void sessionEnded(Session session) {
        Set<StreamPeer> peers = peersBySession.remove(session.id());
        if (peers != null) {
            peers.forEach(p -> end(p, "you logged out"));
        }
    }

    private static void end(StreamPeer peer, String reason) {
        peer.send(ConsoleReplies.sessionEnded(reason));
        peer.close(SESSION_ENDED, "session ended");
    }
}
