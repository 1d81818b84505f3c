package org.openucc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openucc.Singletons;
import org.openucc.crm.FieldError;
import org.openucc.fault.InvalidInputException;
import org.openucc.fault.UnavailableException;
import org.openucc.recovery.RecoveryReport;

/**
 * A node's singletons on a real (local) Vert.x event bus: they start when the node gains the engine and stop, in
 * reverse order and before it answers no more, when it loses it; requests reach only a node that runs them, their
 * domain failures arrive as the same exceptions, and without one they fail as 503 (UnavailableException).
 */
class ClusterSingletonsTest {
    private final Vertx vertx = Vertx.vertx();
    private final List<String> journal = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void singletonsRunOnlyWhileTheNodeOwnsTheEngineAndAnswerOnlyThen() throws Exception {
        ClusterSingletons node = new ClusterSingletons(vertx, "n1", Duration.ofSeconds(2));
        node.run(singleton("mailbox"));
        node.run(singleton("callbacks"));
        node.serve("echo", body -> "echo " + body);
        assertThat(journal).isEmpty();
        assertThat(node.runHere()).isFalse();
        assertThatThrownBy(() -> ask(node, "echo", "x")).isInstanceOf(UnavailableException.class)
                .hasMessageContaining("no node of the cluster runs echo");

        RecoveryReport report = new RecoveryReport(java.util.Map.of(), List.of(), List.of(), 0, 0, 0, 1);
        node.gained(report);
        assertThat(journal).containsExactly("start mailbox after failover", "start callbacks after failover");
        assertThat(node.running()).containsExactly("mailbox", "callbacks");
        assertThat(node.runHere()).isTrue();
        assertThat(ask(node, "echo", "x")).isEqualTo("echo x");

        // Registered while the node runs them: starts at once.
        Singletons.Registration late = node.run(singleton("campaigns"));
        assertThat(journal).endsWith("start campaigns after failover");

        journal.clear();
        node.lost("fenced");
        assertThat(journal).containsExactly("stop campaigns", "stop callbacks", "stop mailbox");
        assertThat(node.running()).isEmpty();
        assertThatThrownBy(() -> ask(node, "echo", "x")).isInstanceOf(UnavailableException.class);

        node.lost("again"); // once only
        late.close(); // not running: nothing to stop
        assertThat(journal).hasSize(3);
        node.gained(null);
        assertThat(journal).containsExactly("stop campaigns", "stop callbacks", "stop mailbox", "start mailbox at start",
                "start callbacks at start");
    }

    @Test
    void aRequestsDomainFailureReachesTheAskerAsTheSameException() throws Exception {
        ClusterSingletons owner = new ClusterSingletons(vertx, "n1", Duration.ofSeconds(2));
        owner.serve("callbacks.request", body -> {
            throw new InvalidInputException(List.of(new FieldError("phone", "is an emergency number")));
        });
        owner.gained(null);
        ClusterSingletons other = new ClusterSingletons(vertx, "n2", Duration.ofSeconds(2));
        assertThatThrownBy(() -> ask(other, "callbacks.request", "{}")).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.fields()).extracting(FieldError::field).containsExactly("phone"));
    }

    private static String ask(ClusterSingletons node, String name, String body) throws Exception {
        try {
            return node.ask(name, body).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private Singletons.Singleton singleton(String name) {
        return new Singletons.Singleton() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start(RecoveryReport takeover) {
                journal.add("start " + name + (takeover == null ? " at start" : " after failover"));
            }

            @Override
            public void stop() {
                journal.add("stop " + name);
            }
        };
    }
}
