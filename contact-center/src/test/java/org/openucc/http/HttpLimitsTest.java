package org.openucc.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openucc.ComponentHealth;
import org.openucc.config.HttpLimits;
import org.openucc.config.ServerConfig;
import org.openucc.limits.Rejections;

/**
 * The HTTP server's limits against real TCP clients on loopback: the abuser (127.0.0.1) is refused or
 * cut off while a legitimate client (from 127.0.0.2) is served at the same time.
 */
class HttpLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final Vertx vertx = Vertx.vertx();
    private final Rejections rejections = new Rejections();
    private final List<Socket> sockets = new ArrayList<>();
    private HttpApi api;

    private void start(HttpLimits limits) throws Exception {
        HttpRoutes echo = router -> router.post("/echo").handler(BodyHandler.create().setBodyLimit(1 << 20))
                .handler(ctx -> ctx.response().end(ctx.body().asString()));
        api = new HttpApi(vertx, new ServerConfig("127.0.0.1", 0, "unused").withHttp(limits),
                () -> Map.of("store", ComponentHealth.up()), List.of(echo), rejections);
        api.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        if (api != null) {
            api.stop();
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void connectionsOverTheCapFromOneAddressAreClosedWhileAnotherAddressIsServed() throws Exception {
        int cap = 40;
        int opened = 300;
        start(new HttpLimits(Duration.ofMinutes(10), Duration.ofMinutes(10), null, cap, 0, 0));

        for (int i = 0; i < opened; i++) {
            sockets.add(connect("127.0.0.1")); // idle: connected, nothing sent
        }
        await().atMost(WAIT).until(() -> rejections.total("http", "connections-per-address") == opened - cap);

        // Connections are accepted in the order they were made: the first `cap` are kept, the rest were
        // closed by the server as they arrived (they read end-of-stream).
        for (Socket s : sockets.subList(cap, opened)) {
            assertThat(closedByServer(s)).isTrue();
        }
        for (Socket s : sockets.subList(0, cap)) {
            assertThat(closedByServer(s, 20)).isFalse();
        }
        // Meanwhile another address is served.
        Response health = get("127.0.0.2", "/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("UP");
        // And the abusing address is still refused, at connection time, with no answer.
        try (Socket extra = connect("127.0.0.1")) {
            assertThat(closedByServer(extra)).isTrue();
        }
    }

    @Test
    void aClientThatDribblesItsHeadersIsCutOffWhileAnotherIsServed() throws Exception {
        start(new HttpLimits(Duration.ofMinutes(1), Duration.ofMillis(500), null, 0, 0, 0));
        Socket slow = connect("127.0.0.1");
        OutputStream out = slow.getOutputStream();
        out.write("GET /health HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
        boolean cut = false;
        // A header line every 50 ms keeps the idle timeout from firing; the header deadline does not care.
        for (int i = 0; i < 400 && !cut; i++) { // bounded: 400 lines, 20 s at most
            try {
                out.write(("X-Slow-" + i + ": a\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (i == 2) {
                    assertThat(get("127.0.0.2", "/health").status()).isEqualTo(200); // served meanwhile
                }
                cut = closedByServer(slow, 50);
            } catch (SocketException e) {
                cut = true; // the server closed it (broken pipe / reset)
            }
        }
        assertThat(cut).as("the dribbling client was cut off").isTrue();
        assertThat(rejections.total("http", "header-timeout")).isEqualTo(1);
        assertThat(get("127.0.0.2", "/health").status()).isEqualTo(200);
    }

    @Test
    void aBodyThatDoesNotArriveInTimeIsAnswered408AndCutOff() throws Exception {
        start(new HttpLimits(Duration.ofMinutes(1), null, Duration.ofMillis(500), 0, 0, 0));
        Socket slow = connect("127.0.0.1");
        OutputStream out = slow.getOutputStream();
        out.write(("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 10000\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        Response answer = null;
        for (int i = 0; i < 400 && answer == null; i++) { // bounded: one byte every 50 ms, 20 s at most
            try {
                out.write('x');
                out.flush();
            } catch (SocketException e) {
                break;
            }
            slow.setSoTimeout(50);
            try {
                answer = read(slow);
            } catch (SocketTimeoutException e) {
                // nothing yet
            }
            if (i == 2) {
                Response legit = post("127.0.0.2", "/echo", "hello");
                assertThat(legit.status()).isEqualTo(200);
                assertThat(legit.body()).isEqualTo("hello");
            }
        }
        assertThat(answer).as("the server answered the slow body").isNotNull();
        assertThat(answer.status()).isEqualTo(408);
        assertThat(new JsonObject(answer.body()).getString("error")).isEqualTo("request timeout");
        assertThat(rejections.total("http", "body-timeout")).isEqualTo(1);
    }

    @Test
    void aTooLongUriOrTooLargeHeadersGetJsonErrorsAndOthersAreStillServed() throws Exception {
        start(new HttpLimits(null, null, null, 0, 2048, 1024));

        Response longUri = get("127.0.0.1", "/health?q=" + "a".repeat(2000));
        assertThat(longUri.status()).isEqualTo(414);
        assertThat(longUri.contentType()).startsWith("application/json");
        assertThat(new JsonObject(longUri.body()).getString("error")).isEqualTo("uri too long");
        assertThat(new JsonObject(longUri.body()).getString("message")).contains("1024");

        Response bigHeaders = request("127.0.0.1", "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                + "b".repeat(4000) + "\r\nConnection: close\r\n\r\n");
        assertThat(bigHeaders.status()).isEqualTo(431);
        assertThat(bigHeaders.contentType()).startsWith("application/json");
        assertThat(new JsonObject(bigHeaders.body()).getString("error")).isEqualTo("request header fields too large");

        assertThat(get("127.0.0.2", "/health").status()).isEqualTo(200);
        assertThat(rejections.total("http", "request-line-length")).isEqualTo(1);
        assertThat(rejections.total("http", "header-size")).isEqualTo(1);
    }

    // ---- a plain HTTP/1.1 client over a socket, from a chosen loopback address

    private record Response(int status, String contentType, String body) {
    }

    private Socket connect(String from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new InetSocketAddress("127.0.0.1", api.port()), 5000);
        return s;
    }

    private Response get(String from, String path) throws IOException {
        return request(from, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    }

    private Response post(String from, String path, String body) throws IOException {
        return request(from, "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    }

    private Response request(String from, String text) throws IOException {
        try (Socket s = connect(from)) {
            s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            s.setSoTimeout(10_000);
            return read(s);
        }
    }

    /** Reads one response (headers, then Content-Length bytes or up to the end of the stream). */
    private static Response read(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before a response: " + head);
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        int length = -1;
        String type = "";
        for (String line : lines) {
            String lower = line.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            } else if (lower.startsWith("content-type:")) {
                type = line.substring(13).trim();
            }
        }
        byte[] body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
        return new Response(status, type, new String(body, StandardCharsets.UTF_8));
    }

    /** Whether the server closed the connection (end of stream or reset), waiting a few seconds for it. */
    private static boolean closedByServer(Socket s) throws IOException {
        return closedByServer(s, 5000);
    }

    private static boolean closedByServer(Socket s, int waitMillis) throws IOException {
        s.setSoTimeout(waitMillis);
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }
}
