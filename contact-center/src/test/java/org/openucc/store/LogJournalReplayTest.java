package org.openucc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.StoreConfig;
import org.openucc.interaction.Channel;
import org.openucc.limits.Rejections;
import org.openucc.log.InteractionSummary;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.LogQuery;
import org.openucc.log.NewLogEvent;
import org.openucc.routing.ManualClock;

/**
 * The embedded H2 log acknowledges a commit once its events are in the journal, and H2 writes its own file later.
 * A crash is simulated exactly: the files as they are on disk at that moment (H2's file, told to write only every
 * ten minutes, and the journal) are copied while the log runs, and the copy is opened as a restart would. The
 * kill -9 tests ({@code CrashDurabilityTest}, {@code CrashRoundsTest}) do the same with a real SIGKILL.
 */
class LogJournalReplayTest {
    @TempDir
    Path dir;
    private final ManualClock clock = StoreFixture.clock();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** H2 in {@code where}, writing its file by itself only every ten minutes: what is on disk is what was forced. */
    private Database database(Path where) {
        String url = "jdbc:h2:file:" + where.resolve("openucc") + StoreConfig.H2_OPTIONS + ";WRITE_DELAY=600000";
        Database db = Database.open(new StoreConfig(url, "sa", "", 4, "DE", false, 0, 10, 0, 0), where);
        open.add(db);
        return db;
    }

    private JdbcInteractionLog log(Database db) {
        JdbcInteractionLog log = JdbcInteractionLog.start(db, clock, 500, Integer.MAX_VALUE, new Rejections(),
                Duration.ZERO, true, Duration.ofHours(1));
        open.add(log);
        return log;
    }

    /** The running store: H2's file has the schema (as a moment after any start), the log journals its commits. */
    private record Live(Path dir, Database db, JdbcInteractionLog log) {
    }

    private Live live() {
        Path live = dir.resolve("live");
        Database db = database(live);
        db.checkpoint();
        return new Live(live, db, log(db));
    }

    private static Instant at(int s) {
        return StoreFixture.T0.plusSeconds(s);
    }

    private static List<NewLogEvent> call(String id, int start) {
        return List.of(
                NewLogEvent.interactionCreated(at(start), id, Channel.VOICE, "INBOUND", null, "cus_" + id,
                        Map.of("ivr.digits", "1")),
                new NewLogEvent(at(start + 10), LogEventType.QUEUED, id, null, "support", null, null, Map.of("position", 1)),
                new NewLogEvent(at(start + 38), LogEventType.OFFERED, id, "agent-1", "support", null, null, null),
                new NewLogEvent(at(start + 40), LogEventType.CONNECTED, id, "agent-1", "support", null, null, null),
                NewLogEvent.ended(at(start + 140), id, "agent-1", "REMOTE_HANGUP", null));
    }

    /** The copy a kill -9 would leave: H2's file and the journal as they are on disk now. */
    private Path crashCopy(Path live, String name, boolean withJournal) throws IOException {
        Path copy = dir.resolve(name);
        Files.createDirectories(copy);
        Files.copy(live.resolve("openucc.mv.db"), copy.resolve("openucc.mv.db"));
        Path journal = live.resolve("openucc.journal");
        if (withJournal && Files.isDirectory(journal)) {
            Files.createDirectories(copy.resolve("openucc.journal"));
            try (Stream<Path> files = Files.list(journal)) {
                for (Path f : files.toList()) {
                    Files.copy(f, copy.resolve("openucc.journal").resolve(f.getFileName()));
                }
            }
        }
        return copy;
    }

    private static List<LogEvent> all(JdbcInteractionLog log) {
        return log.events(LogQuery.all().limit(1_000)).events();
    }

    @Test
    void everyAcknowledgedEventIsBackAfterACrashWithItsIdAndItsCdrAndNewIdsGoOnAfterIt() throws Exception {
        Live running = live();
        Path live = running.dir();
        JdbcInteractionLog log = running.log();
        List<LogEvent> acked = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            acked.addAll(log.appendAll(call("call-" + i, i * 200)).join()); // one commit per call
        }
        acked.add(log.append(NewLogEvent.failed(at(5_000), "lonely", "test")).join());
        InteractionSummary cdr = log.summary("call-3").orElseThrow();
        assertThat(log.stats().journalBytes()).isPositive();
        assertThat(log.stats().journalCheckpoints()).isZero();

        Path crashed = crashCopy(live, "crashed", true);
        Path withoutJournal = crashCopy(live, "no-journal", false);

        // What H2's own file holds does not have them: the journal is what brings them back.
        assertThat(all(log(database(withoutJournal)))).as("H2's file alone").isEmpty();

        JdbcInteractionLog restarted = log(database(crashed));
        assertThat(all(restarted)).containsExactlyElementsOf(acked);
        assertThat(restarted.summary("call-3")).contains(cdr);
        LogEvent next = restarted.append(NewLogEvent.failed(at(6_000), "after", "test")).join();
        assertThat(next.id()).as("no id handed out twice").isEqualTo(acked.get(acked.size() - 1).id() + 1);
        assertThat(LogJournal.segments(crashed.resolve("openucc.journal"))).as("replayed segments deleted").hasSize(1);
    }

    @Test
    void aRecordTornByTheCrashIsDroppedAndEverythingBeforeItIsBack() throws Exception {
        Live running = live();
        Path live = running.dir();
        List<LogEvent> acked = new ArrayList<>(running.log().appendAll(call("a", 0)).join());
        Path crashed = crashCopy(live, "crashed", true);
        Path segment = LogJournal.segments(crashed.resolve("openucc.journal")).get(0);
        // The start of a record whose write the kill cut off: its header says more bytes than there are.
        byte[] torn = java.nio.ByteBuffer.allocate(20).putInt(LogJournal.MAGIC).putInt(400).putLong(7).putInt(1).array();
        Files.write(segment, torn, StandardOpenOption.APPEND);

        JdbcInteractionLog restarted = log(database(crashed));
        assertThat(all(restarted)).containsExactlyElementsOf(acked);
        assertThat(restarted.append(NewLogEvent.failed(at(900), "b", "test")).join().id())
                .isEqualTo(acked.get(acked.size() - 1).id() + 1);
    }

    @Test
    void eventsInBothH2sFileAndTheJournalAreNotStoredTwice() throws Exception {
        Live running = live();
        Path live = running.dir();
        JdbcInteractionLog log = running.log();
        List<LogEvent> acked = new ArrayList<>(log.appendAll(call("a", 0)).join());
        running.db().checkpoint(); // H2's file has "a" now, the journal still too (a crash before its segment was deleted)
        acked.addAll(log.appendAll(call("b", 300)).join());
        Path crashed = crashCopy(live, "crashed", true);

        JdbcInteractionLog restarted = log(database(crashed));
        assertThat(all(restarted)).containsExactlyElementsOf(acked);
        assertThat(restarted.summary("a").orElseThrow().offers()).as("folded once").isEqualTo(1);
    }

    @Test
    void aJournalThatCannotBeWrittenFallsBackToForcingH2sFileAndNothingAcknowledgedIsLost() throws Exception {
        Live running = live();
        List<LogEvent> acked = new ArrayList<>(running.log().appendAll(call("a", 0)).join());
        running.log().writer().journal().close(); // the next append to the journal fails
        acked.addAll(running.log().appendAll(call("b", 300)).join());
        acked.add(running.log().append(NewLogEvent.failed(at(900), "c", "test")).join());
        // H2's file alone must have what was acknowledged after the journal broke; "a" is in the journal.
        Path crashed = crashCopy(running.dir(), "crashed", true);
        assertThat(all(log(database(crashed)))).containsExactlyElementsOf(acked);
        Path fileOnly = crashCopy(running.dir(), "file-only", false);
        assertThat(all(log(database(fileOnly)))).as("forced to H2's file").containsAll(acked.subList(5, acked.size()));
    }

    @Test
    void aCleanCloseLeavesEverythingInH2sFileAndNoJournal() throws Exception {
        Path live = dir.resolve("live");
        Database db = database(live);
        JdbcInteractionLog log = log(db);
        List<LogEvent> acked = new ArrayList<>(log.appendAll(call("a", 0)).join());
        log.close();
        assertThat(LogJournal.segments(live.resolve("openucc.journal"))).isEmpty();
        Path copy = crashCopy(live, "after-close", false);
        assertThat(all(log(database(copy)))).containsExactlyElementsOf(acked);
    }

    @Test
    void theJournalTurnsOverAndH2sFileCatchesUpBehindIt() throws Exception {
        Path live = dir.resolve("live");
        Database db = database(live);
        db.checkpoint();
        JdbcInteractionLog log = JdbcInteractionLog.start(db, clock, 500, Integer.MAX_VALUE, new Rejections(),
                Duration.ZERO, true, Duration.ofMillis(50));
        open.add(log);
        List<LogEvent> acked = new ArrayList<>(log.appendAll(call("a", 0)).join());
        Path journal = live.resolve("openucc.journal");
        // Idle for longer than a segment's time: the segment is closed, H2's file written, the segment deleted.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                LogJournal.segments(journal).stream().allMatch(p -> p.toFile().length() == 0));
        assertThat(log.stats().journalCheckpoints()).as("counted before its segments are deleted").isPositive();
        Path copy = crashCopy(live, "crashed", false);
        assertThat(all(log(database(copy)))).as("H2's file alone, after the checkpoint").containsExactlyElementsOf(acked);
    }
}
