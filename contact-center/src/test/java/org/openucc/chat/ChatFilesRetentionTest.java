package org.openucc.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.StoreConfig;
import org.openucc.message.MessageStore;
import org.openucc.message.TranscriptMessage.Attachment;
import org.openucc.routing.ManualClock;
import org.openucc.store.JdbcMessageStore;
import org.openucc.store.StoreServices;

/**
 * Files visitors send are kept in the message store (real H2) and deleted once past their retention; newer ones
 * stay. Files an earlier version kept under the data directory are deleted at retention too.
 */
class ChatFilesRetentionTest {
    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-09-01T10:00:00Z").toEpochMilli());

    private StoreServices store() {
        return StoreServices.start(new StoreConfig(null, null, null, 4, "DE", false, 0, 10, 0, 0), dataDir, clock);
    }

    @Test
    void filesOlderThanTheRetentionAreDeletedNewerOnesStay() throws Exception {
        try (StoreServices s = store()) {
            MessageStore messages = new JdbcMessageStore(s.database());
            ChatFiles files = new ChatFiles(messages, dataDir, 10_000, List.of("text/plain"), clock);
            Attachment old = files.keep("chat-1", "msg-1", "old.txt", "text/plain", "old".getBytes());
            clock.advance(Duration.ofDays(100));
            Attachment recent = files.keep("chat-2", "msg-2", "new.txt", "text/plain", "new".getBytes());
            // One an earlier version kept on disk, as old as the first.
            Path legacy = dataDir.resolve("attachments/chat-0/msg-0-0-legacy.txt");
            Files.createDirectories(legacy.getParent());
            Files.writeString(legacy, "legacy");
            Files.setLastModifiedTime(legacy, FileTime.from(clock.instant().minus(Duration.ofDays(100))));
            assertThat(messages.file(old.path())).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("old"));

            assertThat(files.deleteOlderThan(clock.instant().minus(Duration.ofDays(90)))).isEqualTo(2);

            assertThat(messages.file(old.path())).isEmpty();
            assertThat(messages.file(recent.path())).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("new"));
            assertThat(legacy).doesNotExist();
            assertThat(dataDir.resolve("attachments/chat-0")).doesNotExist();
        }
    }

    @Test
    void aDiscardedFileIsGone() {
        try (StoreServices s = store()) {
            MessageStore messages = new JdbcMessageStore(s.database());
            ChatFiles files = new ChatFiles(messages, dataDir, 10_000, List.of("text/plain"), clock);
            Attachment kept = files.keep("chat-1", "msg-1", "a.txt", "text/plain", "a".getBytes());
            assertThat(kept.path()).isEqualTo("attachments/chat-1/msg-1-0-a.txt");
            assertThat(messages.file(kept.path())).isPresent();
            files.discard(kept);
            assertThat(messages.file(kept.path())).isEmpty();
        }
    }
}
