package org.openucc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.chat.ChatSessionStore;
import org.openucc.chat.PreChat;
import org.openucc.routing.ManualClock;

/** Which cluster node carries each open chat, on real H2: one node at a time, moved only from the node named. */
class ChatCarrierStoreTest {
    @TempDir
    Path dir;

    @Test
    void aChatIsCarriedByTheNodeThatSavedItAndMovesToExactlyOneNodeThatTakesItOver() throws Exception {
        ManualClock clock = StoreFixture.clock();
        try (StoreServices store = StoreFixture.start(dir, clock)) {
            PreChat form = new PreChat("Vera", null, null, "support", List.of(), null, false);
            JdbcChatSessionStore node1 = new JdbcChatSessionStore(store.database(), "node1");
            JdbcChatSessionStore single = new JdbcChatSessionStore(store.database());
            node1.save(new ChatSessionStore.StoredChat("int-1", "ab".repeat(32), form, "chat", "10.0.0.1", null,
                    clock.instant()));
            single.save(new ChatSessionStore.StoredChat("int-2", "cd".repeat(32), form, "chat", "10.0.0.2", null,
                    clock.instant()));

            assertThat(node1.carrier("int-1")).isEqualTo("node1");
            assertThat(node1.carrier("int-2")).as("saved by a single node").isNull();
            assertThat(node1.byTokenHash("ab".repeat(32))).satisfies(c -> {
                assertThat(c.chat().interactionId()).isEqualTo("int-1");
                assertThat(c.nodeId()).isEqualTo("node1");
            });
            assertThat(node1.byTokenHash("ef".repeat(32))).isNull();

            // Two nodes take int-1 over from node1 at once: exactly one does.
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Boolean>> moves = pool.invokeAll(List.<Callable<Boolean>>of(
                        () -> node1.move("int-1", "node1", "node2"), () -> node1.move("int-1", "node1", "node3")));
                assertThat(moves.stream().filter(f -> {
                    try {
                        return f.get();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }).count()).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
            String carrier = node1.carrier("int-1");
            assertThat(carrier).isIn("node2", "node3");
            assertThat(node1.move("int-1", "node1", "node2")).as("no longer on node1").isFalse();
            assertThat(node1.move("int-2", null, "node2")).as("a single node's chat, taken by a cluster node").isTrue();
            assertThat(node1.openCarried()).extracting(ChatSessionStore.Carried::nodeId).containsExactly(carrier, "node2");

            node1.ended("int-1", clock.instant());
            assertThat(node1.carrier("int-1")).as("ended").isNull();
            assertThat(node1.byTokenHash("ab".repeat(32))).isNull();
            assertThat(node1.move("int-1", carrier, "node1")).as("an ended chat stays put").isFalse();
            assertThat(single.open()).extracting(ChatSessionStore.StoredChat::interactionId).containsExactly("int-2");
        }
    }
}
