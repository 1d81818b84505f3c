package org.openucc.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door through which the other nodes reach this node's routing port when it owns the engine: a TCP server on the
 * node's cluster host, one connection per node, framed by {@link PortFrames}. A connection is served only once its
 * peer proved it has the cluster's secret; the door limits its connections, its frames' size and each connection's
 * commands in flight. Whether a command is carried out (this node owns the engine) is the port's call.
 */
final class PortDoor implements AutoCloseable {
    /** Where the door hands authenticated commands (on the connection's event loop). */
    interface Commands {
        void command(Connection from, long id, byte[] body);
    }

    /** Limits of the door: connections at once, bytes per command frame, commands per connection awaiting answers. */
    record Limits(int connections, int frameBytes, int inFlight, long handshakeMillis) {
        static final Limits DEFAULT = new Limits(64, 1 << 20, 10_000, 5_000);
    }

    private static final Logger log = LoggerFactory.getLogger(PortDoor.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx;
    private final String host;
    private final byte[] key;
    private final Limits limits;
    private final Commands commands;
    /** The answer to a command over the in-flight limit (a RoutingWire failure, made by the port). */
    private final byte[] busy;
    private final AtomicInteger connections = new AtomicInteger();
    private volatile NetServer server;

    PortDoor(Vertx vertx, String host, byte[] key, Limits limits, byte[] busy, Commands commands) {
        this.vertx = vertx;
        this.host = host;
        this.key = key.clone();
        this.limits = limits;
        this.busy = busy.clone();
        this.commands = commands;
    }

    /** Opens the door on the host, on a free port; completes with the port. */
    Future<Integer> listen() {
        return vertx.createNetServer(new NetServerOptions().setHost(host).setPort(0).setTcpNoDelay(true))
                .connectHandler(this::accept).listen().map(s -> {
                    server = s;
                    return s.actualPort();
                });
    }

    /** One authenticated node's connection to this door. */
    final class Connection {
        private final NetSocket socket;
        private final byte[] nonce = new byte[PortFrames.NONCE];
        private final AtomicInteger inFlight = new AtomicInteger();
        private volatile String peer;
        /** The CHALLENGE went out (after the node's OPEN; read on the connection's event loop only). */
        private boolean challenged;

        Connection(NetSocket socket) {
            this.socket = socket;
            RANDOM.nextBytes(nonce);
        }

        /** The node at the other end (its id, once authenticated). */
        String peer() {
            return peer;
        }

        /** Answers command {@code id} (any thread; the connection writes in the order answered). */
        void answer(long id, boolean ok, long epoch, long seq, byte[] body) {
            inFlight.decrementAndGet();
            socket.write(PortFrames.answer(id, ok, epoch, seq, body));
        }

        /** This node does not serve the engine's commands (now): the sender waits for the owner. */
        void notOwner(long id) {
            inFlight.decrementAndGet();
            socket.write(PortFrames.notOwner(id));
        }

        private int maxFrame() {
            return peer == null ? PortFrames.HANDSHAKE_MAX : limits.frameBytes();
        }

        private void frame(Buffer f) {
            byte type = f.getByte(0);
            if (peer == null && !challenged) {
                // The node speaks first, once it listens: a CHALLENGE sent at accept could reach it before its reader.
                if (type != PortFrames.OPEN || f.length() != 1) {
                    refuse("no OPEN");
                    return;
                }
                challenged = true;
                socket.write(PortFrames.frame(PortFrames.CHALLENGE, nonce));
                return;
            }
            if (peer == null) {
                hello(type, f);
                return;
            }
            if (type != PortFrames.COMMAND || f.length() < 9) {
                refuse("a frame of type " + type + " where a command was expected");
                return;
            }
            long id = f.getLong(1);
            if (inFlight.incrementAndGet() > limits.inFlight()) {
                answer(id, false, 0, 0, busy);
                return;
            }
            commands.command(this, id, f.getBytes(9, f.length()));
        }

        private void hello(byte type, Buffer f) {
            int fixed = 1 + PortFrames.NONCE + PortFrames.MAC;
            if (type != PortFrames.HELLO || f.length() <= fixed) {
                refuse("no valid HELLO");
                return;
            }
            byte[] theirs = f.getBytes(1, 1 + PortFrames.NONCE);
            byte[] mac = f.getBytes(1 + PortFrames.NONCE, fixed);
            byte[] id = f.getBytes(fixed, f.length());
            if (!MessageDigest.isEqual(mac, PortFrames.mac(key, "node", nonce, theirs, id))) {
                refuse("a wrong proof of the cluster secret");
                return;
            }
            peer = new String(id, StandardCharsets.UTF_8);
            socket.write(PortFrames.frame(PortFrames.WELCOME, PortFrames.mac(key, "door", nonce, theirs)));
            log.info("Routing port door: node {} connected from {}", peer, socket.remoteAddress());
        }

        private void refuse(String why) {
            log.warn("Routing port door: refused the connection from {} ({}): {}", socket.remoteAddress(),
                    peer == null ? "not authenticated" : "node " + peer, why);
            socket.close();
        }
    }

    private void accept(NetSocket socket) {
        if (connections.incrementAndGet() > limits.connections()) {
            connections.decrementAndGet();
            log.warn("Routing port door: refused the connection from {}: already {} connections",
                    socket.remoteAddress(), limits.connections());
            socket.close();
            return;
        }
        Connection c = new Connection(socket);
        long timer = vertx.setTimer(limits.handshakeMillis(), t -> {
            if (c.peer == null) {
                c.refuse("no handshake within " + limits.handshakeMillis() + " ms");
            }
        });
        socket.closeHandler(v -> {
            connections.decrementAndGet();
            vertx.cancelTimer(timer);
        });
        socket.exceptionHandler(e -> log.debug("Routing port door: connection from {}: {}", socket.remoteAddress(), e.toString()));
        socket.handler(PortFrames.parser(c::maxFrame, c::frame,
                length -> c.refuse("a frame of " + length + " bytes (at most " + c.maxFrame() + ")")));
    }

    int connections() {
        return connections.get();
    }

    @Override
    public void close() {
        NetServer s = server;
        if (s != null) {
            s.close();
        }
    }
}
