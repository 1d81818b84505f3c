package org.openucc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.log.LogEvent;
import org.openucc.log.LogQuery;

/**
 * An acknowledged write survives the JVM being killed (SIGKILL, no shutdown hooks, no close): a
 * child process writes to a file-mode H2 store from two threads and prints ACK after each write
 * returns; we kill it mid-stream, reopen the store and find every acknowledged write.
 */
class CrashDurabilityTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteIsThereAfterKillDashNine() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=logback-test.xml", CrashingAppender.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> acks = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("ACK")) {
                        acks.add(line);
                    }
                }
            } catch (java.io.IOException e) {
                // the child was killed mid-line; what was read is what was acknowledged
            }
        });
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    acks.stream().filter(a -> a.startsWith("ACK-EVENT")).count() >= 300
                            && acks.stream().filter(a -> a.startsWith("ACK-CUSTOMER")).count() >= 20);
        } finally {
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        List<String> acked = List.copyOf(acks);
        try (StoreServices store = StoreFixture.start(dir, StoreFixture.clock())) {
            for (String ack : acked) {
                String[] parts = ack.split(" ");
                if (parts[0].equals("ACK-EVENT")) {
                    List<LogEvent> found = store.interactionLog().events(LogQuery.forInteraction(parts[2])).events();
                    assertThat(found).as(ack).extracting(LogEvent::id).containsExactly(Long.parseLong(parts[1]));
                } else {
                    assertThat(store.customers().find(parts[1])).as(ack).isPresent();
                }
            }
        }
    }
}
