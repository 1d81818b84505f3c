package org.openucc.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.limits.Rejections;

/**
 * The public callback form over real HTTP: numbers a callback must not call (premium rate,
 * satellite, emergency) are refused field by field while a customer with an ordinary number is
 * served at the same time, and an address over its hourly quota gets 429 with Retry-After while
 * another address is still served.
 */
@ExtendWith(VertxExtension.class)
class CallbackLimitsTest {
    @TempDir
    static Path dataDir;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonObject request(String phone) {
        return new JsonObject().put("name", "Caller").put("phone", phone).put("queueId", "general");
    }

    private Rejections rejections() {
        return server.contactCenter().rejections();
    }

    @Test
    void premiumRateSatelliteAndEmergencyNumbersAreRefusedWhileAnOrdinaryNumberIsTaken(Vertx vertx) throws Exception {
        ApiClient abuser = ApiClient.anonymousFrom(vertx, server.port(), "127.0.0.6");
        ApiClient customer = ApiClient.anonymousFrom(vertx, server.port(), "127.0.0.7");
        long before = rejections().total("callback", "number-type");
        List<String> refused = List.of("0900 1234567", "+1 900 555 1234", "+881 612345678", "+882 1612345",
                "+870 772345678", "112", "110", "+44 70 1234 5678");
        List<CompletableFuture<HttpResponse<Buffer>>> bad = new ArrayList<>();
        for (String phone : refused) {
            bad.add(CompletableFuture.supplyAsync(() -> abuser.post("/api/callbacks", request(phone))));
        }
        CompletableFuture<HttpResponse<Buffer>> good = CompletableFuture.supplyAsync(
                () -> customer.post("/api/callbacks", request("+49 30 1234567")));

        HttpResponse<Buffer> served = good.get();
        assertThat(served.statusCode()).as(served.bodyAsString()).isEqualTo(202);
        for (int i = 0; i < refused.size(); i++) {
            HttpResponse<Buffer> r = bad.get(i).get();
            assertThat(r.statusCode()).as(refused.get(i) + ": " + r.bodyAsString()).isEqualTo(400);
            JsonObject field = r.bodyAsJsonObject().getJsonArray("fields").getJsonObject(0);
            assertThat(field.getString("field")).isEqualTo("phone");
            String expected = refused.get(i).startsWith("11") ? "emergency number"
                    : refused.get(i).startsWith("+8") ? "satellite number"
                    : refused.get(i).startsWith("+44") ? "personal number" : "premium rate number";
            assertThat(field.getString("message")).as(refused.get(i)).contains(expected);
        }
        assertThat(bad.get(0).get().bodyAsJsonObject().getJsonArray("fields").getJsonObject(0).getString("message"))
                .contains("we call back only fixed line, mobile");
        assertThat(rejections().total("callback", "number-type")).isEqualTo(before + refused.size());
    }

    @Test
    void anAddressOverItsHourlyQuotaGets429WithRetryAfterWhileAnotherIsServed(Vertx vertx) throws Exception {
        ApiClient flooder = ApiClient.anonymousFrom(vertx, server.port(), "127.0.0.8");
        ApiClient customer = ApiClient.anonymousFrom(vertx, server.port(), "127.0.0.9");
        int quota = server.contactCenter().config().channels().callback().maxRequestsPerHourPerAddress();
        for (int i = 0; i < quota; i++) {
            assertThat(flooder.post("/api/callbacks", request("+49 30 55500" + i)).statusCode()).isEqualTo(202);
        }
        long before = rejections().total("callback", "requests-per-address");
        CompletableFuture<HttpResponse<Buffer>> over = CompletableFuture.supplyAsync(
                () -> flooder.post("/api/callbacks", request("+49 30 5550099")));
        CompletableFuture<HttpResponse<Buffer>> served = CompletableFuture.supplyAsync(
                () -> customer.post("/api/callbacks", request("+49 40 5550001")));

        HttpResponse<Buffer> refused = over.get();
        assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(429);
        assertThat(refused.getHeader("retry-after")).isNotNull();
        assertThat(Long.parseLong(refused.getHeader("retry-after"))).isBetween(1L, 3600L);
        assertThat(refused.bodyAsJsonObject().getLong("retryAfterSeconds"))
                .isEqualTo(Long.parseLong(refused.getHeader("retry-after")));
        assertThat(served.get().statusCode()).isEqualTo(202);
        assertThat(rejections().total("callback", "requests-per-address")).isEqualTo(before + 1);
    }
}
