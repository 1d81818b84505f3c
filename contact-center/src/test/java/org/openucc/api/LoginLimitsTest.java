package org.openucc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.ApiConfig;
import org.openucc.limits.Rejections;

/**
 * The login throttle over real HTTP: a guesser (connecting from 127.0.0.2 or 127.0.0.3, "another
 * office") waits, with growing pauses, while the real user from elsewhere and the guesser's
 * office mates log in at the same time; logins take JSON only.
 */
@ExtendWith(VertxExtension.class)
class LoginLimitsTest {
    /** 3 free failures per name+address, then 1 s, 2 s, 4 s…; 8 failures per address before only known users pass (the guesser test stays under it). */
    static final ApiConfig API = new ApiConfig(null, null, 16 * 1024, 64 * 1024, 3, 8, Duration.ofSeconds(1),
            Duration.ofMinutes(1), null, null);

    @TempDir
    static Path dataDir;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, c -> c.withApi(API));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonObject credentials(String user, String password) {
        return new JsonObject().put("username", user).put("password", password);
    }

    private Rejections rejections() {
        return server.contactCenter().rejections();
    }

    @Test
    void aGuesserWaitsLongerEachTimeWhileTheRealUserElsewhereAndOfficeMatesLogIn(Vertx vertx) throws Exception {
        ApiClient guesser = ApiClient.anonymousFrom(vertx, server.port(), "127.0.0.2");
        ApiClient realUser = ApiClient.anonymous(vertx, server.port());
        for (int i = 0; i < API.maxFailedLogins(); i++) {
            assertThat(guesser.post("/api/auth/login", credentials("heidi", "guess-" + i)).statusCode()).isEqualTo(401);
        }
        long before = rejections().total("login", "failed-logins-per-user-address");

        // At the same time: the guesser keeps trying (even with the right password, which it must not learn),
        // the real heidi logs in from her own address, ivan logs in from the guesser's address.
        List<CompletableFuture<HttpResponse<Buffer>>> guesses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String password = i == 5 ? "heidi-demo" : "again-" + i;
            guesses.add(CompletableFuture.supplyAsync(() -> guesser.post("/api/auth/login", credentials("heidi", password))));
        }
        CompletableFuture<HttpResponse<Buffer>> heidi = CompletableFuture.supplyAsync(
                () -> realUser.post("/api/auth/login", credentials("heidi", "heidi-demo")));
        CompletableFuture<HttpResponse<Buffer>> ivan = CompletableFuture.supplyAsync(
                () -> guesser.post("/api/auth/token", credentials("ivan", "ivan-demo")));

        assertThat(heidi.get().statusCode()).isEqualTo(200);
        assertThat(ivan.get().statusCode()).isEqualTo(200);
        for (CompletableFuture<HttpResponse<Buffer>> g : guesses) {
            HttpResponse<Buffer> r = g.get();
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.getHeader("retry-after")).isEqualTo("1");
            assertThat(r.bodyAsJsonObject().getString("message")).contains("this user name from your address");
            assertThat(r.cookies()).isEmpty();
        }
        assertThat(rejections().total("login", "failed-logins-per-user-address")).isEqualTo(before + 10);

        // Each failure after the pause doubles the next pause: Retry-After 2, then 4.
        assertThat(retryAfterOfNextFailure(guesser, "heidi")).isEqualTo("2");
        assertThat(retryAfterOfNextFailure(guesser, "heidi")).isEqualTo("4");
        // The real user is still never paused.
        assertThat(realUser.post("/api/auth/login", credentials("heidi", "heidi-demo")).statusCode()).isEqualTo(200);
    }

    /** Waits out the pair's pause (the guess answers 401 again), then reads the Retry-After of the pause it caused. */
    private static String retryAfterOfNextFailure(ApiClient guesser, String user) {
        AtomicReference<HttpResponse<Buffer>> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last.set(guesser.post("/api/auth/login", credentials(user, "wrong")));
            return last.get().statusCode() == 401;
        });
        HttpResponse<Buffer> paused = guesser.post("/api/auth/login", credentials(user, "wrong"));
        assertThat(paused.statusCode()).isEqualTo(429);
        return paused.getHeader("retry-after");
    }

    @Test
    void anAddressSprayingNamesLetsInOnlyItsKnownUsersWhileEveryoneElsewhereLogsIn(Vertx vertx) throws Exception {
        ApiClient office = ApiClient.anonymousFrom(vertx, server.port(), "127.0.0.3");
        ApiClient elsewhere = ApiClient.anonymous(vertx, server.port());
        assertThat(office.post("/api/auth/login", credentials("alice", "alice-demo")).statusCode()).isEqualTo(200);
        for (int i = 0; i < API.maxFailedLoginsPerAddress(); i++) {
            assertThat(office.post("/api/auth/login", credentials("user" + i, "spray")).statusCode()).isEqualTo(401);
        }
        long before = rejections().total("login", "failed-logins-per-address");

        CompletableFuture<HttpResponse<Buffer>> sprayed = CompletableFuture.supplyAsync(
                () -> office.post("/api/auth/login", credentials("bob", "bob-demo")));
        CompletableFuture<HttpResponse<Buffer>> known = CompletableFuture.supplyAsync(
                () -> office.post("/api/auth/login", credentials("alice", "alice-demo")));
        CompletableFuture<HttpResponse<Buffer>> bobElsewhere = CompletableFuture.supplyAsync(
                () -> elsewhere.post("/api/auth/login", credentials("bob", "bob-demo")));

        HttpResponse<Buffer> refused = sprayed.get();
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(refused.getHeader("retry-after"))).isPositive();
        assertThat(refused.bodyAsJsonObject().getString("message")).contains("only users who logged in from it before");
        assertThat(known.get().statusCode()).isEqualTo(200);
        assertThat(bobElsewhere.get().statusCode()).isEqualTo(200);
        assertThat(rejections().total("login", "failed-logins-per-address")).isEqualTo(before + 1);
    }

    @Test
    void loginsTakeOnlyJsonSoACrossSiteFormCannotLogInNorSpendAttempts(Vertx vertx) {
        ApiClient page = ApiClient.anonymousFrom(vertx, server.port(), "127.0.0.4");
        Buffer json = credentials("judy", "judy-demo").toBuffer();
        long before = rejections().total("login", "json-only");
        for (String path : List.of("/api/auth/login", "/api/auth/token")) {
            HttpResponse<Buffer> text = page.send(HttpMethod.POST, path, json, "text/plain");
            HttpResponse<Buffer> form = page.send(HttpMethod.POST, path,
                    Buffer.buffer("username=judy&password=judy-demo"), "application/x-www-form-urlencoded");
            HttpResponse<Buffer> multipart = page.send(HttpMethod.POST, path, json, "multipart/form-data; boundary=x");
            HttpResponse<Buffer> none = page.send(HttpMethod.POST, path, json, null);
            for (HttpResponse<Buffer> r : List.of(text, form, multipart, none)) {
                assertThat(r.statusCode()).isEqualTo(415);
                assertThat(r.bodyAsJsonObject().getString("message")).contains("application/json");
                assertThat(r.cookies()).isEmpty();
            }
        }
        assertThat(rejections().total("login", "json-only")).isEqualTo(before + 8);
        // None of them counted as a failed login: judy is not paused, and JSON logs her in.
        for (int i = 0; i < API.maxFailedLogins() + 2; i++) {
            page.send(HttpMethod.POST, "/api/auth/login", credentials("judy", "wrong").toBuffer(), "text/plain");
        }
        assertThat(page.send(HttpMethod.POST, "/api/auth/login", json, "application/json; charset=utf-8").statusCode())
                .isEqualTo(200);
    }
}
