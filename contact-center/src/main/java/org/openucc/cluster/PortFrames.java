package org.openucc.cluster;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The frames of the routing port's own connection between a node and the engine's owner ({@link PortDoor},
 * {@link PortLink}): a 4-byte length, a type byte, then the type's fields; {@link RoutingWire} encodes the bodies.
 * Vert.x's {@link RecordParser} cuts the stream into frames.
 *
 * <p>Handshake (the cluster's secret never travels): the node opens with OPEN (once its reader is in place, so that
 * nothing the door says can arrive before the node listens); the door sends a CHALLENGE (its nonce); the node answers HELLO
 * (its nonce, its node id, an HMAC-SHA256 of both nonces and the id); the door checks it and answers WELCOME (its own
 * HMAC of both nonces), which the node checks in turn. Only then are COMMAND and ANSWER frames read.
 */
final class PortFrames {
    static final byte CHALLENGE = 1;
    static final byte HELLO = 2;
    static final byte WELCOME = 3;
    static final byte COMMAND = 4;
    static final byte ANSWER = 5;
    static final byte NOT_OWNER = 6;
    static final byte OPEN = 7;
    static final int NONCE = 32;
    static final int MAC = 32;
    /** The largest frame either side reads before the handshake is done. */
    static final int HANDSHAKE_MAX = 512;

    private PortFrames() {
    }

    /** The key both sides derive from the cluster's secret (for this use only). */
    static byte[] key(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(("openucc routing port\u0000" + secret).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HMAC-SHA256 over the role and the parts (the role keeps a node's proof from serving as the door's). */
    static byte[] mac(byte[] key, String role, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(role.getBytes(StandardCharsets.UTF_8));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Buffer frame(byte type, byte[] payload) {
        return Buffer.buffer(5 + payload.length).appendInt(1 + payload.length).appendByte(type).appendBytes(payload);
    }

    static Buffer command(long id, byte[] body) {
        return Buffer.buffer(13 + body.length).appendInt(9 + body.length).appendByte(COMMAND).appendLong(id)
                .appendBytes(body);
    }

    static Buffer answer(long id, boolean ok, long epoch, long seq, byte[] body) {
        return Buffer.buffer(30 + body.length).appendInt(26 + body.length).appendByte(ANSWER).appendLong(id)
                .appendByte((byte) (ok ? 1 : 0)).appendLong(epoch).appendLong(seq).appendBytes(body);
    }

    static Buffer notOwner(long id) {
        return Buffer.buffer(13).appendInt(9).appendByte(NOT_OWNER).appendLong(id);
    }

    /**
     * A parser handing each whole frame (type byte first) to {@code frames}; a length over {@code max} (read per
     * frame: it grows after the handshake) goes to {@code tooBig} instead, and nothing after it is read.
     */
    static RecordParser parser(IntSupplier max, Consumer<Buffer> frames, IntConsumer tooBig) {
        RecordParser parser = RecordParser.newFixed(4);
        boolean[] head = {true};
        boolean[] dead = {false};
        parser.handler(b -> {
            if (dead[0]) {
                return;
            }
            if (head[0]) {
                int length = b.getInt(0);
                if (length < 1 || length > max.getAsInt()) {
                    dead[0] = true;
                    tooBig.accept(length);
                    return;
                }
                head[0] = false;
                parser.fixedSizeMode(length);
            } else {
                head[0] = true;
                parser.fixedSizeMode(4);
                frames.accept(b);
            }
        });
        return parser;
    }
}
