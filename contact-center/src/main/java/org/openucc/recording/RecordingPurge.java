package org.openucc.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openucc.config.DurationFormat;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.LogPage;
import org.openucc.log.LogQuery;
import org.openucc.log.NewLogEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the recordings older than the retention period, once a day: each deletion is logged at INFO and as
 * RECORDING_PURGED in the interaction's log (so a later playback is told it is gone, 410). Recordings are found
 * from the log's RECORDING_AVAILABLE events; a file already missing (deleted by hand, or on another host's
 * Asterisk) is skipped. The clock is injected, so tests run the purge at any "now".
 */
public final class RecordingPurge {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingPurge.class);
    private static final int PAGE = 500;

    private final InteractionLog log;
    private final Duration retention;
    private final InstantSource clock;
    /**
     * Every RECORDING_AVAILABLE event up to this id is dealt with (deleted, or already gone): later runs read
     * only what came after. In memory: the first run after a start reads all the old ones again (and finds their
     * files gone).
     */
    private Long doneThrough;

    /** What one run did. */
    public record Result(int deleted, int alreadyGone, int failed) {
    }

    /** @param retention recordings older than this go; not null (a config that keeps them forever has no purge) */
    public RecordingPurge(InteractionLog log, Duration retention, InstantSource clock) {
        this.log = log;
        this.retention = java.util.Objects.requireNonNull(retention, "retention");
        this.clock = clock;
    }

    /** Deletes every recording indexed before now minus the retention. Blocking; one run at a time. */
    public synchronized Result purge() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(retention);
        int deleted = 0;
        int gone = 0;
        int failed = 0;
        boolean contiguous = true;
        Long cursor = doneThrough;
        scan:
        while (true) {
            // Oldest first, by id; stops at the first one still within the retention (the log's order follows time).
            LogPage page = log.events(new LogQuery(null, null, null, null, Set.of(LogEventType.RECORDING_AVAILABLE),
                    null, null, cursor, PAGE, false));
            for (LogEvent e : page.events()) {
                if (!e.at().isBefore(cutoff)) {
                    break scan;
                }
                switch (purgeOne(CallRecording.of(e), now)) {
                    case DELETED -> deleted++;
                    case GONE -> gone++;
                    case FAILED -> {
                        failed++;
                        contiguous = false; // tried again at the next run
                    }
                }
                if (contiguous) {
                    doneThrough = e.id();
                }
            }
            cursor = page.nextCursor();
            if (cursor == null || page.events().isEmpty()) {
                break;
            }
        }
        if (deleted > 0 || failed > 0) {
            LOG.info("Recording purge: {} deleted, {} failed (recordings.retention {}: everything recorded before {})",
                    deleted, failed, DurationFormat.format(retention), cutoff);
        }
        return new Result(deleted, gone, failed);
    }

    private enum Outcome { DELETED, GONE, FAILED }

    private Outcome purgeOne(CallRecording r, Instant now) {
        if (r.location() == null) {
            return Outcome.GONE;
        }
        Path file = Path.of(r.location());
        try {
            if (!Files.deleteIfExists(file)) {
                return Outcome.GONE;
            }
        } catch (IOException | SecurityException e) {
            LOG.warn("Recording {} of interaction {} is past the retention but cannot be deleted ({}): {}", r.id(),
                    r.interactionId(), file, e.toString());
            return Outcome.FAILED;
        }
        LOG.info("Recording {} of interaction {} deleted: {} (recorded {}, older than recordings.retention {})", r.id(),
                r.interactionId(), file, r.recordedAt(), DurationFormat.format(retention));
        try {
            log.append(NewLogEvent.recordingPurged(now, r.interactionId(), r.id(), r.location(),
                    DurationFormat.format(retention), r.recordedAt())).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("Recording {} of interaction {} was deleted, but RECORDING_PURGED was not logged (interrupted)",
                    r.id(), r.interactionId());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.error("Recording {} of interaction {} was deleted, but RECORDING_PURGED could not be logged: {}",
                    r.id(), r.interactionId(), e.toString());
        }
        return Outcome.DELETED;
    }

    /** How long from {@code now} until the next {@code at} in {@code zone} (tomorrow's if today's has passed). */
    public static Duration untilNext(Instant now, LocalTime at, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime next = local.toLocalDate().atTime(at).atZone(zone);
        if (!next.isAfter(local)) {
            next = local.toLocalDate().plusDays(1).atTime(at).atZone(zone);
        }
        return Duration.between(now, next.toInstant());
    }
}
