package org.openucc.api;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.openucc.auth.Caller;
import org.openucc.config.Role;
import org.openucc.crm.NotFoundException;
import org.openucc.fault.LimitExceededException;
import org.openucc.http.HttpStatusException;
import org.openucc.limits.RateLimiter;
import org.openucc.recording.Playable;
import org.openucc.recording.RecordingPlayback;

/**
 * {@code GET|HEAD /api/interactions/{id}/recordings/{recordingId}}: a call's recording as WAV, with range
 * requests (206, 416) so players stream and seek. The recording id is its RECORDING_AVAILABLE event's id (the
 * timeline shows it). Supervisors play any; agents those of interactions they handled; each playback (a request
 * from byte 0) is in the interaction's log as RECORDING_PLAYED before a byte goes out. The bytes go with
 * Vert.x's sendFile (zero-copy where the platform has it), never through the event loop's hands.
 */
final class RecordingRoutes {
    static final String PATH = "/api/interactions/:interactionId/recordings/:recordingId";

    private final ApiContext api;
    private final RateLimiter perUser;
    private final int perMinute;

    RecordingRoutes(ApiContext api) {
        this.api = api;
        this.perMinute = api.config().recordings().maxRequestsPerMinute();
        this.perUser = new RateLimiter(perMinute, Duration.ofMinutes(1), api.clock());
    }

    void mount(Endpoints e) {
        e.get(PATH, Role.AGENT, this::recording);
        e.route(HttpMethod.HEAD, PATH, Role.AGENT, null, this::recording);
    }

    /** A prepared answer: the file and what of it to send. */
    private record Prepared(Playable playable, ByteRanges.Answer answer) {
    }

    private void recording(RoutingContext ctx) {
        new QueryParams(ctx).end();
        Caller caller = Replies.caller(ctx);
        if (!perUser.tryAcquire(caller.username())) {
            api.rejections().count("recordings", "requests-per-user");
            long retry = perUser.retryAfterSeconds(caller.username());
            throw new LimitExceededException("at most " + perMinute + " recording requests per minute"
                    + " (recordings.maxRequestsPerMinute); try again in " + retry + " s", Duration.ofSeconds(retry));
        }
        String interactionId = ctx.pathParam("interactionId");
        String rawId = ctx.pathParam("recordingId");
        long recordingId = parseId(rawId);
        boolean head = ctx.request().method() == HttpMethod.HEAD;
        // RFC 9110 §14.2: Range means something only for GET.
        String range = head ? null : ctx.request().getHeader("range");
        String ifRange = ctx.request().getHeader("if-range");
        RecordingPlayback playback = new RecordingPlayback(api.store().get().interactionLog(), api.clock());
        ctx.vertx().executeBlocking(() -> {
            Playable p = playback.open(caller, interactionId, recordingId);
            ByteRanges.Answer answer = ByteRanges.answer(range, ifRange, p.size(), p.etag(), p.lastModified());
            if (!head && !(answer instanceof ByteRanges.Unsatisfiable)
                    && RecordingPlayback.startsPlayback(answer.first())) {
                playback.audit(caller, p, answer.first());
            }
            return new Prepared(p, answer);
        }, false).onComplete(r -> {
            if (r.failed()) {
                ctx.fail(r.cause());
            } else {
                send(ctx, head, r.result());
            }
        });
    }

    private static long parseId(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new NotFoundException("recording", raw);
        }
    }

    private static void send(RoutingContext ctx, boolean head, Prepared prepared) {
        Playable p = prepared.playable();
        HttpServerResponse res = ctx.response()
                .putHeader("accept-ranges", "bytes")
                .putHeader("etag", p.etag())
                .putHeader("last-modified", ByteRanges.HTTP_DATE.format(p.lastModified()))
                .putHeader("cache-control", "private, no-store");
        String file = p.file().toString();
        ByteRanges.Answer answer = prepared.answer();
        if (answer instanceof ByteRanges.Unsatisfiable u) {
            res.putHeader("content-range", "bytes */" + p.size());
            ctx.fail(new HttpStatusException(416, u.reason()));
        } else if (answer instanceof ByteRanges.Part part) {
            audio(res, p).setStatusCode(206).putHeader("content-range", part.contentRange())
                    .putHeader("content-length", String.valueOf(part.length()));
            finish(ctx, res.sendFile(file, part.first(), part.length()));
        } else {
            audio(res, p).setStatusCode(200).putHeader("content-length", String.valueOf(p.size()));
            finish(ctx, head ? res.end() : res.sendFile(file, 0, p.size()));
        }
    }

    private static HttpServerResponse audio(HttpServerResponse res, Playable p) {
        String name = ("interaction-" + p.recording().interactionId() + "-" + p.recording().id())
                .replaceAll("[^A-Za-z0-9._-]", "_") + ".wav";
        return res.putHeader("content-type", "audio/wav")
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("content-disposition", "inline; filename=\"" + name + "\"");
    }

    /** A file that fails before its head is out is a JSON error; after that the connection is cut. */
    private static void finish(RoutingContext ctx, Future<Void> sent) {
        sent.onFailure(err -> {
            if (!ctx.response().headWritten()) {
                ctx.fail(err);
            } else {
                ctx.response().reset();
            }
        });
    }
}
