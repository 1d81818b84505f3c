package org.openucc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The routing port's door on real loopback sockets: a node with the cluster's secret is served; a peer with another
 * secret, a frame over the limit (before and after the handshake), a connection over the limit and a command over the
 * in-flight limit are refused, while the real peer's connection goes on being served.
 */
class PortDoorTest {
    private static final byte[] KEY = PortFrames.key("the-cluster-secret-0123456789");
    private static final byte[] BUSY = "busy".getBytes(StandardCharsets.UTF_8);

    private final Vertx vertx = Vertx.vertx();
    private final NetClient client = vertx.createNetClient();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    /** What a link got back: answers by frame id, and how it closed. */
    private static final class Received implements PortLink.Answers {
        final Map<Long, CompletableFuture<String>> answers = new ConcurrentHashMap<>();
        final CompletableFuture<Boolean> closed = new CompletableFuture<>();

        CompletableFuture<String> answer(long id) {
            return answers.computeIfAbsent(id, k -> new CompletableFuture<>());
        }

        @Override
        public void answer(PortLink link, long id, boolean ok, long epoch, long seq, byte[] body) {
            answer(id).complete((ok ? "ok " : "failed ") + epoch + "/" + seq + " " + new String(body, StandardCharsets.UTF_8));
        }

        @Override
        public void notOwner(PortLink link, long id) {
            answer(id).complete("not owner");
        }

        @Override
        public void closed(PortLink link, boolean opened) {
            closed.complete(opened);
        }
    }

    @Test
    void theRealPeerIsServedWhileAWrongSecretOversizedFramesAndExcessConnectionsAndCommandsAreRefused() throws Exception {
        Map<String, PortDoor.Connection> held = new ConcurrentHashMap<>();
        PortDoor door = new PortDoor(vertx, "127.0.0.1", KEY, new PortDoor.Limits(3, 1024, 2, 5_000), BUSY,
                (from, id, body) -> {
                    String text = new String(body, StandardCharsets.UTF_8);
                    if (text.startsWith("hold")) {
                        held.put(text, from); // answered later: stays in flight
                    } else if (text.equals("elsewhere")) {
                        from.notOwner(id);
                    } else {
                        from.answer(id, true, 7, 42, ("echo " + text + " from " + from.peer()).getBytes(StandardCharsets.UTF_8));
                    }
                });
        int port = door.listen().await(10, TimeUnit.SECONDS);
        String address = "127.0.0.1:" + port;

        Received real = new Received();
        PortLink link = new PortLink(client, "owner", address, KEY, "n2", real);
        assertThat(link.send(PortFrames.command(1, bytes("hello")))).isTrue(); // queued until the handshake is done
        assertThat(real.answer(1).get(10, TimeUnit.SECONDS)).isEqualTo("ok 7/42 echo hello from n2");
        link.send(PortFrames.command(2, bytes("elsewhere")));
        assertThat(real.answer(2).get(10, TimeUnit.SECONDS)).isEqualTo("not owner");

        // Another secret: the door closes the connection before reading a command; nothing is answered.
        Received impostor = new Received();
        PortLink wrong = new PortLink(client, "owner", address, PortFrames.key("another-secret-0123456789"), "x", impostor);
        wrong.send(PortFrames.command(1, bytes("hello")));
        assertThat(impostor.closed.get(10, TimeUnit.SECONDS)).as("ever opened").isFalse();
        assertThat(impostor.answers).isEmpty();

        // Before the handshake: any frame over the handshake's limit closes the connection.
        RawPeer raw = RawPeer.connect(client, port);
        raw.socket.write(Buffer.buffer().appendInt(PortFrames.HANDSHAKE_MAX + 1).appendByte(PortFrames.HELLO));
        raw.closed.get(10, TimeUnit.SECONDS);

        // After the handshake: a command frame over the door's limit closes that connection only.
        RawPeer big = RawPeer.connect(client, port);
        big.authenticate("n3");
        big.socket.write(PortFrames.command(1, new byte[2048]));
        big.closed.get(10, TimeUnit.SECONDS);

        // In flight: two commands held by the owner; the third is refused at once with the busy answer.
        link.send(PortFrames.command(3, bytes("hold-a")));
        link.send(PortFrames.command(4, bytes("hold-b")));
        link.send(PortFrames.command(5, bytes("one too many")));
        assertThat(real.answer(5).get(10, TimeUnit.SECONDS)).isEqualTo("failed 0/0 busy");
        held.get("hold-a").answer(3, true, 7, 43, bytes("done a"));
        assertThat(real.answer(3).get(10, TimeUnit.SECONDS)).isEqualTo("ok 7/43 done a");

        // Connections: the real link and two more fill the door; the next one is closed at once.
        await().atMost(10, TimeUnit.SECONDS).until(() -> door.connections() == 1); // the refused ones are gone
        RawPeer second = RawPeer.connect(client, port);
        second.authenticate("n4");
        RawPeer third = RawPeer.connect(client, port);
        third.authenticate("n5");
        // A plain blocking socket: the door may close it before any handler could be set on a Vert.x socket, and
        // a read sees the end of the stream whenever it came.
        try (Socket over = new Socket(InetAddress.getLoopbackAddress(), port)) {
            over.setSoTimeout(10_000);
            assertThat(over.getInputStream().read()).as("the door closed the connection over its limit").isEqualTo(-1);
        }
        assertThat(door.connections()).isEqualTo(3);

        // The real peer is still served, on the same connection.
        link.send(PortFrames.command(6, bytes("still there")));
        assertThat(real.answer(6).get(10, TimeUnit.SECONDS)).isEqualTo("ok 7/42 echo still there from n2");
        assertThat(real.closed).isNotDone();
        door.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A peer speaking the frames by hand, to send what a PortLink never would. */
    private static final class RawPeer {
        final NetSocket socket;
        final BlockingQueue<Buffer> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        private RawPeer(NetSocket socket) {
            this.socket = socket;
            socket.closeHandler(v -> closed.complete(null));
            socket.handler(PortFrames.parser(() -> 1 << 20, frames::add, n -> socket.close()));
        }

        static RawPeer connect(NetClient client, int port) throws Exception {
            return client.connect(port, "127.0.0.1").map(RawPeer::new).await(10, TimeUnit.SECONDS);
        }

        void authenticate(String node) throws Exception {
            // The node speaks first (its reader is in place): the door answers with its CHALLENGE.
            socket.write(PortFrames.frame(PortFrames.OPEN, new byte[0]));
            Buffer challenge = frames.poll(10, TimeUnit.SECONDS);
            assertThat(challenge).isNotNull();
            assertThat(challenge.getByte(0)).isEqualTo(PortFrames.CHALLENGE);
            byte[] theirs = challenge.getBytes(1, challenge.length());
            byte[] mine = new byte[PortFrames.NONCE];
            byte[] id = bytes(node);
            socket.write(PortFrames.frame(PortFrames.HELLO, Buffer.buffer().appendBytes(mine)
                    .appendBytes(PortFrames.mac(KEY, "node", theirs, mine, id)).appendBytes(id).getBytes()));
            Buffer welcome = frames.poll(10, TimeUnit.SECONDS);
            assertThat(welcome).isNotNull();
            assertThat(welcome.getByte(0)).isEqualTo(PortFrames.WELCOME);
            assertThat(welcome.getBytes(1, welcome.length())).isEqualTo(PortFrames.mac(KEY, "door", theirs, mine));
        }
    }
}
