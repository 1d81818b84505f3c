package org.openucc.recording;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.TestServer;
import org.openucc.config.RecordingsConfig;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;
import org.slf4j.LoggerFactory;

/**
 * A real call's recording over real HTTP against the whole server: the agent who took the call plays it whole and
 * by ranges (first bytes, suffix, open-ended, past the end), another agent is refused, a supervisor plays it, an
 * anonymous client must log in, a user is held to the rate limit; each playback (a request from byte 0) is in the
 * interaction's log once, range requests that continue it are not. Then the purge, with a clock 31 days on,
 * deletes it (logged at INFO and as RECORDING_PURGED) and keeps a newer one; playing the deleted one is 410.
 */
@ExtendWith(VertxExtension.class)
class RecordingPlaybackTest {
    private static final int PER_MINUTE = 40;

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    @Test
    void theHandlingAgentAndSupervisorsPlayTheCallByRangesEachPlaybackAuditedOnceUntilThePurgeDeletesIt(Vertx vertx)
            throws Exception {
        try (TestServer server = TestServer.start(dataDir, c -> c.withRecordings(
                new RecordingsConfig(Duration.ofDays(30), null, PER_MINUTE)))) {
            RecordedCall call = RecordedCall.make(server.contactCenter(), work);
            byte[] wav = Files.readAllBytes(call.wav());
            int size = wav.length;
            assertThat(size).as("3 s of stereo 8 kHz 16-bit audio and a header").isGreaterThan(40_000);
            String url = "/api/interactions/" + call.interactionId() + "/recordings/" + call.recordingId();
            int port = server.port();
            ApiClient bob = ApiClient.bearer(vertx, port, "bob", "bob-demo");
            ApiClient alice = ApiClient.bearer(vertx, port, "alice", "alice-demo");
            ApiClient supervisor = ApiClient.cookie(vertx, port, "supervisor", "supervisor-demo");

            // The whole file, as the log indexed it: 200, every byte, what a player needs to know.
            HttpResponse<Buffer> full = bob.get(url);
            assertThat(full.statusCode()).as(full.bodyAsString()).isEqualTo(200);
            assertThat(full.getHeader("content-type")).isEqualTo("audio/wav");
            assertThat(full.getHeader("accept-ranges")).isEqualTo("bytes");
            assertThat(full.getHeader("content-length")).isEqualTo(String.valueOf(size));
            assertThat(full.body().getBytes()).isEqualTo(wav);
            assertThat(new String(wav, 0, 4)).isEqualTo("RIFF");
            String etag = full.getHeader("etag");
            assertThat(etag).isNotBlank();
            assertThat(full.getHeader("last-modified")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
            assertThat(full.getHeader("cache-control")).isEqualTo("private, no-store");
            // The purge is scheduled: /health says how long recordings are kept and when it runs next.
            assertThat(server.contactCenter().health().get("recordings").details())
                    .containsEntry("retention", "30d").containsKey("nextPurge");

            // HEAD: the headers only, and no playback.
            HttpResponse<Buffer> head = bob.send(HttpMethod.HEAD, url, Map.of());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.getHeader("content-length")).isEqualTo(String.valueOf(size));
            assertThat(head.body() == null ? 0 : head.body().length()).isZero();

            // The first bytes: 206 with where they are.
            HttpResponse<Buffer> first = bob.send(HttpMethod.GET, url, Map.of("range", "bytes=0-99"));
            assertThat(first.statusCode()).isEqualTo(206);
            assertThat(first.getHeader("content-range")).isEqualTo("bytes 0-99/" + size);
            assertThat(first.getHeader("content-length")).isEqualTo("100");
            assertThat(first.body().getBytes()).isEqualTo(Arrays.copyOfRange(wav, 0, 100));
            // The last 500 bytes (a suffix range).
            HttpResponse<Buffer> suffix = bob.send(HttpMethod.GET, url, Map.of("range", "bytes=-500"));
            assertThat(suffix.statusCode()).isEqualTo(206);
            assertThat(suffix.getHeader("content-range")).isEqualTo("bytes " + (size - 500) + "-" + (size - 1) + "/" + size);
            assertThat(suffix.body().getBytes()).isEqualTo(Arrays.copyOfRange(wav, size - 500, size));
            // From a byte to the end (open-ended), as a player seeking does.
            HttpResponse<Buffer> open = bob.send(HttpMethod.GET, url, Map.of("range", "bytes=20000-"));
            assertThat(open.statusCode()).isEqualTo(206);
            assertThat(open.getHeader("content-range")).isEqualTo("bytes 20000-" + (size - 1) + "/" + size);
            assertThat(open.body().getBytes()).isEqualTo(Arrays.copyOfRange(wav, 20000, size));
            // A range past the end: 416 with the size, and the JSON error every refusal has.
            HttpResponse<Buffer> past = bob.send(HttpMethod.GET, url, Map.of("range", "bytes=" + size + "-"));
            assertThat(past.statusCode()).isEqualTo(416);
            assertThat(past.getHeader("content-range")).isEqualTo("bytes */" + size);
            assertThat(past.getHeader("content-type")).startsWith("application/json");
            assertThat(past.bodyAsJsonObject().getString("error")).isEqualTo("range not satisfiable");
            assertThat(past.bodyAsJsonObject().getString("message")).contains("has " + size + " bytes");
            HttpResponse<Buffer> garbage = bob.send(HttpMethod.GET, url, Map.of("range", "bytes=9-3"));
            assertThat(garbage.statusCode()).isEqualTo(416);
            assertThat(garbage.bodyAsJsonObject().getString("message")).contains("ends before it starts");
            // A stale If-Range: the file changed since the client's copy, so it gets all of it.
            HttpResponse<Buffer> stale = bob.send(HttpMethod.GET, url, Map.of("range", "bytes=100-199",
                    "if-range", "\"something-else\""));
            assertThat(stale.statusCode()).isEqualTo(200);
            assertThat(stale.body().length()).isEqualTo(size);
            HttpResponse<Buffer> current = bob.send(HttpMethod.GET, url, Map.of("range", "bytes=100-199",
                    "if-range", etag));
            assertThat(current.statusCode()).isEqualTo(206);

            // Another agent did not handle the call; anonymous clients must log in; supervisors play any.
            HttpResponse<Buffer> other = alice.get(url);
            assertThat(other.statusCode()).isEqualTo(403);
            assertThat(other.bodyAsJsonObject().getString("message")).contains("did not handle interaction");
            HttpResponse<Buffer> anonymous = ApiClient.anonymous(vertx, port).get(url);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized");
            HttpResponse<Buffer> sup = supervisor.get(url);
            assertThat(sup.statusCode()).isEqualTo(200);
            assertThat(sup.body().getBytes()).isEqualTo(wav);
            HttpResponse<Buffer> none = supervisor.get("/api/interactions/" + call.interactionId() + "/recordings/1");
            assertThat(none.statusCode()).isEqualTo(404);
            assertThat(none.bodyAsJsonObject().getString("message")).contains("recording '1' of interaction");

            // A player's playback: the start, then the rest as it streams and seeks: one playback.
            assertThat(supervisor.send(HttpMethod.GET, url, Map.of("range", "bytes=0-")).statusCode()).isEqualTo(206);
            assertThat(supervisor.send(HttpMethod.GET, url, Map.of("range", "bytes=30000-")).statusCode()).isEqualTo(206);
            assertThat(supervisor.send(HttpMethod.GET, url, Map.of("range", "bytes=8000-")).statusCode()).isEqualTo(206);

            // Audited: bob's whole GET, his bytes=0-99, the stale If-Range (whole file), the supervisor's two plays.
            // Not: HEAD, ranges from later bytes, the refused, the 416s.
            InteractionLog log = server.contactCenter().store().interactionLog();
            log.flush().join();
            List<LogEvent> played = log.timeline(call.interactionId()).stream()
                    .filter(e -> e.type() == LogEventType.RECORDING_PLAYED).toList();
            assertThat(played).extracting(LogEvent::actor)
                    .containsExactly("bob", "bob", "bob", "supervisor", "supervisor");
            assertThat(played).allSatisfy(e -> {
                assertThat(e.detailLong("recordingId", -1)).isEqualTo(call.recordingId());
                assertThat(e.detailLong("rangeStart", -1)).isZero();
                assertThat(e.agentId()).as("an audit names the user, not an agent who handled it").isNull();
            });
            assertThat(played).extracting(e -> e.detail("role"))
                    .containsExactly("AGENT", "AGENT", "AGENT", "SUPERVISOR", "SUPERVISOR");

            // The door's limit, per user: carol (who may not play it anyway) is stopped after PER_MINUTE requests.
            ApiClient carol = ApiClient.bearer(vertx, port, "carol", "carol-demo");
            int refused = 0;
            HttpResponse<Buffer> limited = null;
            for (int i = 0; i < PER_MINUTE + 5 && limited == null; i++) {
                HttpResponse<Buffer> r = carol.get(url);
                if (r.statusCode() == 429) {
                    limited = r;
                } else {
                    assertThat(r.statusCode()).isEqualTo(403);
                    refused++;
                }
            }
            assertThat(refused).isEqualTo(PER_MINUTE);
            assertThat(limited).isNotNull();
            assertThat(limited.getHeader("retry-after")).isNotBlank();
            assertThat(limited.bodyAsJsonObject().getString("message")).contains("recordings.maxRequestsPerMinute");
            assertThat(server.contactCenter().rejections().total("recordings", "requests-per-user")).isEqualTo(1);
            assertThat(bob.get(url).statusCode()).as("another user's budget").isEqualTo(200);

            purgeDeletesItAndKeepsANewerOne(server, log, call, url, supervisor);
        }
    }

    private void purgeDeletesItAndKeepsANewerOne(TestServer server, InteractionLog log, RecordedCall call, String url,
                                                 ApiClient supervisor) throws Exception {
        Instant now = Instant.now();
        // A second recording of the call, made 10 days later (21 days old when the purge runs): it stays.
        Path newer = call.wav().resolveSibling(call.interactionId() + "-2.wav");
        Files.copy(call.wav(), newer);
        long newerId = log.append(NewLogEvent.recordingAvailable(now.plus(Duration.ofDays(10)), call.interactionId(),
                newer.toString(), 3000)).join().id();
        RecordingPurge purge = new RecordingPurge(log, Duration.ofDays(30),
                InstantSource.fixed(now.plus(Duration.ofDays(31))));
        Logger logger = (Logger) LoggerFactory.getLogger(RecordingPurge.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        RecordingPurge.Result result;
        try {
            result = purge.purge();
        } finally {
            logger.detachAppender(lines);
        }
        assertThat(result.deleted()).isEqualTo(1);
        assertThat(result.failed()).isZero();
        assertThat(call.wav()).doesNotExist();
        assertThat(newer).exists();
        assertThat(lines.list).filteredOn(e -> e.getLevel() == Level.INFO).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("Recording " + call.recordingId() + " of interaction "
                        + call.interactionId() + " deleted").contains(call.wav().toString()).contains("30d"));
        log.flush().join();
        List<LogEvent> purged = log.timeline(call.interactionId()).stream()
                .filter(e -> e.type() == LogEventType.RECORDING_PURGED).toList();
        assertThat(purged).hasSize(1);
        assertThat(purged.get(0).detailLong("recordingId", -1)).isEqualTo(call.recordingId());
        assertThat(purged.get(0).detail("retention")).isEqualTo("30d");

        HttpResponse<Buffer> gone = supervisor.get(url);
        assertThat(gone.statusCode()).isEqualTo(410);
        JsonObject body = gone.bodyAsJsonObject();
        assertThat(body.getString("error")).isEqualTo("gone");
        assertThat(body.getString("message")).contains("was deleted on").contains("after the retention period")
                .contains("recordings.retention 30d");
        HttpResponse<Buffer> kept = supervisor.get("/api/interactions/" + call.interactionId() + "/recordings/" + newerId);
        assertThat(kept.statusCode()).isEqualTo(200);

        // The next day's run finds nothing new; two months on, the newer one goes too.
        assertThat(purge.purge().deleted()).isZero();
        assertThat(new RecordingPurge(log, Duration.ofDays(30), InstantSource.fixed(now.plus(Duration.ofDays(60))))
                .purge().deleted()).isEqualTo(1);
        assertThat(newer).doesNotExist();
    }
}
