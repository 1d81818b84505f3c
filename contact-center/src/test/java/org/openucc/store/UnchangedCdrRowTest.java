package org.openucc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.StoreConfig;
import org.openucc.interaction.Channel;
import org.openucc.log.InteractionLog;
import org.openucc.log.InteractionOutcome;
import org.openucc.log.InteractionSummary;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;

/**
 * Events that only add to an interaction's timeline (chat messages, IVR steps, monitoring) leave its CDR as it was, so
 * the log writer does not write the CDR's row again for them (in H2 an UPDATE rewrites the row in all of the table's
 * indexes). The real H2; what is checked is the row as stored: its {@code last_event_id} stays at the last event that
 * changed the CDR, and every change after such events is still written, across a restart too.
 */
class UnchangedCdrRowTest {
    @TempDir
    Path dir;

    @Test
    void eventsThatLeaveTheCdrAsItWasDoNotRewriteItsRow() throws Exception {
        String cause = "c".repeat(700); // longer than the CDR's column: the row holds it cut to 500
        long createdId;
        long endedId;
        try (StoreServices store = start()) {
            InteractionLog log = store.interactionLog();
            createdId = append(log, NewLogEvent.interactionCreated(null, "chat-1", Channel.CHAT, "INBOUND", "sales",
                    null, Map.of())).id();
            long before = store.interactionLogStats().cdrRowsUnchanged();
            for (int i = 0; i < 5; i++) {
                append(log, message("chat-1", "hello " + i));
            }
            assertThat(store.interactionLogStats().cdrRowsUnchanged() - before).as("five messages, no row written")
                    .isEqualTo(5);
            assertThat(log.summary("chat-1").orElseThrow().lastEventId()).as("the row as the creation left it")
                    .isEqualTo(createdId);

            long connectedId = append(log, new NewLogEvent(null, LogEventType.CONNECTED, "chat-1", "alice", "sales",
                    null, null, Map.of())).id();
            append(log, message("chat-1", "how can I help?"));
            InteractionSummary s = log.summary("chat-1").orElseThrow();
            assertThat(s.lastEventId()).as("the answer changed the CDR").isEqualTo(connectedId);
            assertThat(s.agentId()).isEqualTo("alice");
            assertThat(s.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
            endedId = append(log, NewLogEvent.ended(null, "chat-1", "alice", cause, null)).id();
        }
        // After a restart the writer knows nothing in memory: it reads the row (its end cause cut to the column) and
        // still sees that a message changes nothing.
        try (StoreServices store = start()) {
            InteractionLog log = store.interactionLog();
            long before = store.interactionLogStats().cdrRowsUnchanged();
            append(log, message("chat-1", "thanks, bye"));
            assertThat(store.interactionLogStats().cdrRowsUnchanged() - before).isEqualTo(1);
            assertThat(log.summary("chat-1").orElseThrow().lastEventId()).isEqualTo(endedId);

            long wrapUp = append(log, new NewLogEvent(null, LogEventType.WRAP_UP_STARTED, "chat-1", "alice", "sales",
                    null, null, Map.of())).id();
            InteractionSummary s = log.summary("chat-1").orElseThrow();
            assertThat(s.lastEventId()).as("a change after the restart is written").isEqualTo(wrapUp);
            assertThat(s.endCause()).hasSize(500);
            assertThat(log.timeline("chat-1")).extracting(LogEvent::type).containsExactly(
                    LogEventType.INTERACTION_CREATED, LogEventType.MESSAGE_RECEIVED, LogEventType.MESSAGE_RECEIVED,
                    LogEventType.MESSAGE_RECEIVED, LogEventType.MESSAGE_RECEIVED, LogEventType.MESSAGE_RECEIVED,
                    LogEventType.CONNECTED, LogEventType.MESSAGE_RECEIVED, LogEventType.ENDED,
                    LogEventType.MESSAGE_RECEIVED, LogEventType.WRAP_UP_STARTED);
        }
    }

    /** Several writers (a cluster) fold under a row lock instead of from memory: the same rule holds there. */
    @Test
    void theLockedFoldOfSeveralWritersSkipsAnUnchangedRowToo() throws Exception {
        try (StoreServices store = start()) {
            InteractionLog log = store.interactionLog();
            long createdId = append(log, NewLogEvent.interactionCreated(null, "chat-2", Channel.CHAT, "INBOUND",
                    "sales", null, Map.of())).id();
            Database db = store.database();
            db.write("two messages", c -> LogInserts.insertAndFold(c, List.of(message("chat-2", "hi"),
                    message("chat-2", "anyone?"))));
            assertThat(log.summary("chat-2").orElseThrow().lastEventId()).isEqualTo(createdId);
            long offeredId = db.write("an offer", c -> LogInserts.insertAndFold(c, List.of(new NewLogEvent(
                    Instant.now(), LogEventType.OFFERED, "chat-2", "bob", "sales", null, null, Map.of())))).get(0).id();
            InteractionSummary s = log.summary("chat-2").orElseThrow();
            assertThat(s.lastEventId()).isEqualTo(offeredId);
            assertThat(s.offers()).isEqualTo(1);
        }
    }

    private StoreServices start() {
        return StoreServices.start(new StoreConfig(null, null, null, 4, "DE", false, 0, 10, 0, 0), dir,
                InstantSource.system());
    }

    private static NewLogEvent message(String interactionId, String text) {
        return new NewLogEvent(Instant.now(), LogEventType.MESSAGE_RECEIVED, interactionId, null, "sales", null, "customer",
                Map.of("text", text));
    }

    private static LogEvent append(InteractionLog log, NewLogEvent e) throws Exception {
        return log.append(e).get(10, TimeUnit.SECONDS);
    }
}
