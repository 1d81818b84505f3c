package org.openucc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's file format: what was appended reads back exactly; a record cut short or damaged ends the reading. */
class LogJournalTest {
    @TempDir
    Path dir;

    private static LogJournal.Entry entry(long id, String interaction, String details) {
        return new LogJournal.Entry(id, Instant.parse("2026-12-07T10:00:00.123456Z").plusSeconds(id), "QUEUED",
                interaction, id % 2 == 0 ? null : "agent-" + id, "support", null, "näme ✓", details);
    }

    @Test
    void appendedBatchesReadBackExactlyInOrderWithNullsAndUnicode() throws Exception {
        List<LogJournal.Entry> all = new ArrayList<>();
        try (LogJournal journal = LogJournal.open(dir)) {
            for (int batch = 0; batch < 5; batch++) {
                List<LogJournal.Entry> events = new ArrayList<>();
                for (int i = 0; i <= batch; i++) {
                    events.add(entry(all.size() + events.size() + 1, "call-" + batch, i == 0 ? null : "{\"k\":\"v" + i + "\"}"));
                }
                journal.append(events);
                all.addAll(events);
            }
            assertThat(journal.records()).isEqualTo(5);
        }
        List<Path> segments = LogJournal.segments(dir);
        assertThat(segments).hasSize(1);
        assertThat(LogJournal.read(segments.get(0))).containsExactlyElementsOf(all);
    }

    @Test
    void aRecordCutShortByACrashEndsTheReadingAndTheRecordsBeforeItStay() throws Exception {
        try (LogJournal journal = LogJournal.open(dir)) {
            journal.append(List.of(entry(1, "a", null)));
            journal.append(List.of(entry(2, "b", "{}"), entry(3, "c", null)));
        }
        Path segment = LogJournal.segments(dir).get(0);
        long whole = Files.size(segment);
        byte[] bytes = Files.readAllBytes(segment);
        // Every cut inside the second record leaves exactly the first one.
        int firstEnds = LogJournal.read(segment).isEmpty() ? -1 : recordEnd(bytes);
        for (int cut = firstEnds + 1; cut < whole; cut += 7) {
            Path torn = dir.resolve("torn-" + cut);
            Files.write(torn, java.util.Arrays.copyOf(bytes, cut));
            assertThat(LogJournal.read(torn)).as("cut at %d", cut).containsExactly(entry(1, "a", null));
        }
    }

    @Test
    void aRecordWhoseBytesChangedIsNotBelieved() throws Exception {
        try (LogJournal journal = LogJournal.open(dir)) {
            journal.append(List.of(entry(1, "a", null)));
            journal.append(List.of(entry(2, "b", "{\"x\":1}")));
        }
        Path segment = LogJournal.segments(dir).get(0);
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 3] ^= 0x20; // a byte of the second record's payload
        Files.write(segment, bytes);
        assertThat(LogJournal.read(segment)).containsExactly(entry(1, "a", null));
        // Garbage after good records (a torn header) is not a record either.
        Files.write(segment, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        assertThat(LogJournal.read(segment)).containsExactly(entry(1, "a", null));
    }

    @Test
    void rotationStartsTheNextSegmentAndDeletingStopsAtTheClosedOne() throws Exception {
        try (LogJournal journal = LogJournal.open(dir)) {
            journal.append(List.of(entry(1, "a", null)));
            long closed = journal.rotate();
            journal.append(List.of(entry(2, "b", null)));
            assertThat(LogJournal.segments(dir)).hasSize(2);
            journal.deleteThrough(closed);
            List<Path> left = LogJournal.segments(dir);
            assertThat(left).hasSize(1);
            assertThat(LogJournal.read(left.get(0))).containsExactly(entry(2, "b", null));
        }
        // A journal opened over old segments writes after them, never into them.
        try (LogJournal again = LogJournal.open(dir)) {
            again.append(List.of(entry(3, "c", null)));
        }
        List<Path> segments = LogJournal.segments(dir);
        assertThat(segments).hasSize(2);
        assertThat(LogJournal.read(segments.get(0))).containsExactly(entry(2, "b", null));
        assertThat(LogJournal.read(segments.get(1))).containsExactly(entry(3, "c", null));
    }

    /** Where the first record ends: header (16 bytes) plus the length it announces. */
    private static int recordEnd(byte[] bytes) {
        return 16 + java.nio.ByteBuffer.wrap(bytes, 4, 4).getInt();
    }
}
