package org.openucc.cluster;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's connection to another node's {@link PortDoor} (the engine's owner): commands go out in the order sent,
 * answers come back on the connection's event loop. Commands sent while the handshake runs wait for it.
 */
final class PortLink {
    /** What comes back (on the connection's event loop). */
    interface Answers {
        void answer(PortLink link, long id, boolean ok, long epoch, long seq, byte[] body);

        void notOwner(PortLink link, long id);

        /** The connection is gone; {@code opened} says whether it ever passed the handshake. */
        void closed(PortLink link, boolean opened);
    }

    /** The largest answer frame read (a list of every interaction can be large). */
    static final int MAX_ANSWER_BYTES = 64 << 20;
    private static final Logger log = LoggerFactory.getLogger(PortLink.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String node;
    private final String address;
    private final byte[] key;
    private final String self;
    private final Answers answers;
    private final byte[] nonce = new byte[PortFrames.NONCE];
    private final List<Buffer> queued = new ArrayList<>();
    // Guarded by queued.
    private NetSocket socket;
    private boolean open;
    private boolean closed;
    private byte[] challenge;

    /**
     * Connects to the door of {@code node} at {@code address} ("host:port"), as node {@code self}.
     */
    PortLink(NetClient client, String node, String address, byte[] key, String self, Answers answers) {
        this.node = node;
        this.address = address;
        this.key = key;
        this.self = self;
        this.answers = answers;
        RANDOM.nextBytes(nonce);
        int colon = address.lastIndexOf(':');
        client.connect(Integer.parseInt(address.substring(colon + 1)), address.substring(0, colon)).onComplete(ar -> {
            if (ar.failed()) {
                log.debug("Routing port: could not connect to node {} at {}: {}", node, address, ar.cause().toString());
                gone();
                return;
            }
            connected(ar.result());
        });
    }

    String node() {
        return node;
    }

    String address() {
        return address;
    }

    /** Sends a frame (any thread), or queues it until the handshake is done; false once the link is closed. */
    boolean send(Buffer frame) {
        synchronized (queued) {
            if (closed) {
                return false;
            }
            if (open) {
                socket.write(frame);
            } else {
                queued.add(frame);
            }
            return true;
        }
    }

    boolean isClosed() {
        synchronized (queued) {
            return closed;
        }
    }

    void close() {
        NetSocket s;
        synchronized (queued) {
            s = socket;
        }
        if (s != null) {
            s.close();
        } else {
            gone();
        }
    }

    private void connected(NetSocket s) {
        synchronized (queued) {
            socket = s;
            if (closed) {
                s.close();
                return;
            }
        }
        s.closeHandler(v -> gone());
        s.exceptionHandler(e -> log.debug("Routing port: connection to node {}: {}", node, e.toString()));
        s.handler(PortFrames.parser(() -> isOpen() ? MAX_ANSWER_BYTES : PortFrames.HANDSHAKE_MAX, this::frame, length -> {
            log.warn("Routing port: node {} at {} sent a frame of {} bytes; closing", node, address, length);
            s.close();
        }));
        // Only now that this side listens does the door speak (its CHALLENGE answers this): this callback may run on
        // the caller's thread after the connection's loop already read, so a door that spoke first could be missed.
        s.write(PortFrames.frame(PortFrames.OPEN, new byte[0]));
    }

    private boolean isOpen() {
        synchronized (queued) {
            return open;
        }
    }

    private void frame(Buffer f) {
        byte type = f.getByte(0);
        if (type == PortFrames.ANSWER && f.length() >= 26) {
            answers.answer(this, f.getLong(1), f.getByte(9) == 1, f.getLong(10), f.getLong(18), f.getBytes(26, f.length()));
        } else if (type == PortFrames.NOT_OWNER && f.length() >= 9) {
            answers.notOwner(this, f.getLong(1));
        } else if (type == PortFrames.CHALLENGE && f.length() == 1 + PortFrames.NONCE && challenge == null) {
            challenge = f.getBytes(1, f.length());
            byte[] id = self.getBytes(StandardCharsets.UTF_8);
            Buffer hello = Buffer.buffer().appendBytes(nonce).appendBytes(PortFrames.mac(key, "node", challenge, nonce, id))
                    .appendBytes(id);
            socket.write(PortFrames.frame(PortFrames.HELLO, hello.getBytes()));
        } else if (type == PortFrames.WELCOME && challenge != null && !isOpen()
                && MessageDigest.isEqual(f.getBytes(1, f.length()), PortFrames.mac(key, "door", challenge, nonce))) {
            synchronized (queued) {
                open = true;
                for (Buffer b : queued) {
                    socket.write(b);
                }
                queued.clear();
            }
        } else {
            log.warn("Routing port: node {} at {} sent an unexpected frame (type {}, {} bytes; a wrong cluster secret?);"
                    + " closing", node, address, type, f.length());
            socket.close();
        }
    }

    private void gone() {
        boolean opened;
        synchronized (queued) {
            if (closed) {
                return;
            }
            closed = true;
            opened = open;
            queued.clear();
        }
        answers.closed(this, opened);
    }
}
