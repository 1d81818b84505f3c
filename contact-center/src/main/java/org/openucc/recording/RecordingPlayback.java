package org.openucc.recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openucc.auth.Caller;
import org.openucc.crm.NotFoundException;
import org.openucc.fault.GoneException;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;

/**
 * Finds a recording a user asks to play, checks they may, and audits the playback in the interaction's log.
 * Every method blocks (the log, the file system): call it on a worker, never an event loop.
 *
 * <p>The audit rule: a playback is a request for the recording's bytes that starts at byte 0 (no Range, or a
 * range whose first byte is 0). A player asks for the start once when it begins, then for later ranges as it
 * streams and seeks; those continue the same playback and are not logged again. HEAD requests, refused
 * requests and requests that start later are not playbacks.
 */
public final class RecordingPlayback {
    /** How long an audit may wait for the log to make it durable before the playback is refused. */
    private static final long AUDIT_TIMEOUT_SECONDS = 10;

    private final InteractionLog log;
    private final InstantSource clock;

    public RecordingPlayback(InteractionLog log, InstantSource clock) {
        this.log = log;
        this.clock = clock;
    }

    /**
     * The recording with the file to send.
     *
     * @throws NotFoundException     no such interaction, no such recording of it, or its file is not on this server
     * @throws org.openucc.auth.AccessDeniedException the caller may not play it ({@link RecordingAccess})
     * @throws GoneException         it was deleted after the retention period
     */
    public Playable open(Caller caller, String interactionId, long recordingId) {
        List<LogEvent> timeline = log.timeline(interactionId);
        if (timeline.isEmpty()) {
            throw new NotFoundException("interaction", interactionId);
        }
        RecordingAccess.requireMayPlay(caller, interactionId, timeline);
        CallRecording recording = timeline.stream()
                .filter(e -> e.id() == recordingId && e.type() == LogEventType.RECORDING_AVAILABLE)
                .findFirst().map(CallRecording::of)
                .orElseThrow(() -> new NotFoundException("recording", recordingId + "' of interaction '" + interactionId));
        Optional<LogEvent> purged = timeline.stream()
                .filter(e -> e.type() == LogEventType.RECORDING_PURGED && e.detailLong("recordingId", -1) == recordingId)
                .findFirst();
        if (purged.isPresent()) {
            throw new GoneException("recording " + recordingId + " of interaction " + interactionId + " was deleted on "
                    + purged.get().at() + " after the retention period (recordings.retention "
                    + purged.get().detail("retention") + ")");
        }
        Path file = recording.location() == null ? null : Path.of(recording.location());
        if (file == null || !file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav")
                || !Files.isRegularFile(file)) {
            throw new NotFoundException("recording file", recording.location() + "' (recording " + recordingId
                    + ") on this server");
        }
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Playable(recording, file, a.size(), a.lastModifiedTime().toInstant());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read recording " + file, e);
        }
    }

    /** Whether a request whose first byte is {@code firstByte} starts a playback (the audit rule above). */
    public static boolean startsPlayback(long firstByte) {
        return firstByte == 0;
    }

    /**
     * Logs RECORDING_PLAYED (who, their role, the first byte) and returns once it is durable, so no playback
     * goes out unaudited. Refused (503 with a retry hint) while the log cannot take it.
     */
    public void audit(Caller caller, Playable playable, long firstByte) {
        log.admit();
        CallRecording r = playable.recording();
        try {
            log.append(NewLogEvent.recordingPlayed(clock.instant(), r.interactionId(), r.id(), caller.username(),
                    caller.role().name(), firstByte)).get(AUDIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while auditing the playback of recording " + r.id(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the playback of recording " + r.id() + " could not be audited", e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw org.openucc.fault.UnavailableException.here("the interaction log did not take the audit of this"
                    + " playback within " + AUDIT_TIMEOUT_SECONDS + " s; try again", java.time.Duration.ofSeconds(5));
        }
    }
}
