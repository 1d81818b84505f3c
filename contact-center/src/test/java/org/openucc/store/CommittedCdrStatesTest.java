package org.openucc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.StoreConfig;
import org.openucc.interaction.Channel;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;

/**
 * On the embedded H2 the log's writer is the only one folding CDRs, so it folds each interaction's next events on the
 * state it committed last instead of reading the row back; what a failed transaction folded must not become that
 * state (the real H2, a real failure: a direction too long for the CDR's column fails the whole append after the
 * events went in and other interactions were folded).
 */
class CommittedCdrStatesTest {
    @TempDir
    Path dir;

    @Test
    void theWriterFoldsOnWhatItCommittedAndForgetsWhatAFailedAppendFolded() throws Exception {
        try (StoreServices store = StoreServices.start(new StoreConfig(null, null, null, 4, "DE", false, 0, 10, 0, 0),
                dir, InstantSource.system())) {
            InteractionLog log = store.interactionLog();
            append(log, NewLogEvent.interactionCreated(null, "a-x", Channel.CHAT, "INBOUND", "sales", null, Map.of()));
            long before = store.interactionLogStats().cdrStatesInMemory();
            append(log, offered("a-x"));
            assertThat(store.interactionLogStats().cdrStatesInMemory()).as("the second fold took the state from memory")
                    .isGreaterThan(before);

            // One append: a-x offered again (folded first: ids sort before b-y) and b-y created with a direction its
            // CDR's column cannot hold. The whole append fails; a-x's fold of it was never committed.
            assertThatThrownBy(() -> log.appendAll(List.of(offered("a-x"), NewLogEvent.interactionCreated(null, "b-y",
                    Channel.CHAT, "x".repeat(30), "sales", null, Map.of()))).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
            append(log, NewLogEvent.interactionCreated(null, "c-z", Channel.CHAT, "INBOUND", "sales", null, Map.of()));
            append(log, offered("a-x"));

            assertThat(log.timeline("a-x")).extracting(LogEvent::type)
                    .containsExactly(LogEventType.INTERACTION_CREATED, LogEventType.OFFERED, LogEventType.OFFERED);
            assertThat(log.summary("a-x").orElseThrow().offers()).as("offers in the CDR: the two stored").isEqualTo(2);
            assertThat(log.summary("b-y")).isEmpty();
            assertThat(log.summary("c-z")).isPresent();
        }
    }

    private static NewLogEvent offered(String interactionId) {
        return new NewLogEvent(null, LogEventType.OFFERED, interactionId, "alice", "sales", null, null,
                Map.of("agentId", "alice"));
    }

    private static void append(InteractionLog log, NewLogEvent e) throws Exception {
        log.append(e).get(10, TimeUnit.SECONDS);
    }
}
