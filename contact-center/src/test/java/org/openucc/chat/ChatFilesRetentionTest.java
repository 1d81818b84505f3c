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
import org.openucc.message.TranscriptMessage.Attachment;

/** Files visitors sent are deleted from the data directory once past their retention; newer ones stay. */
class ChatFilesRetentionTest {
    @TempDir
    Path dataDir;

    @Test
    void filesOlderThanTheRetentionAreDeletedWithTheirEmptyFolders() throws Exception {
        ChatFiles files = new ChatFiles(dataDir, 10_000, List.of("text/plain"));
        Attachment old = files.keep("chat-1", "msg-1", "old.txt", "text/plain", "old".getBytes());
        Attachment recent = files.keep("chat-2", "msg-2", "new.txt", "text/plain", "new".getBytes());
        Instant now = Instant.now();
        Files.setLastModifiedTime(dataDir.resolve(old.path()), FileTime.from(now.minus(Duration.ofDays(100))));

        assertThat(files.deleteOlderThan(now.minus(Duration.ofDays(90)))).isEqualTo(1);

        assertThat(dataDir.resolve(old.path())).doesNotExist();
        assertThat(dataDir.resolve("attachments/chat-1")).doesNotExist();
        assertThat(dataDir.resolve(recent.path())).exists();
    }

    @Test
    void aDiscardedFileIsGone() throws Exception {
        ChatFiles files = new ChatFiles(dataDir, 10_000, List.of("text/plain"));
        Attachment kept = files.keep("chat-1", "msg-1", "a.txt", "text/plain", "a".getBytes());
        files.discard(kept);
        assertThat(dataDir.resolve(kept.path())).doesNotExist();
    }
}
