package org.openucc.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.TestServer;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;

/**
 * The crash test's chat visitor against the server's side of a chat that ended just before the process
 * died: the end is in the log (an agent's end, acknowledged to the agent, so durable) but the visitor
 * never heard "ended". After the restart the chat comes back from the store, the recovery finds its
 * interaction over and ends it, and the visitor's resume answers "resumed" with state ENDED, which the
 * widget shows as the end of the chat; the store marks the chat ended, so after the next restart its
 * token resumes nothing (404). The visitor must take that answer as the end (as the widget does) and not
 * come back with its token again: CrashRoundsTest (seed 43983680758991) once reported such a chat as
 * "could not resume" one round later.
 */
class ChatEndedBeforeRestartTest {
    @TempDir
    Path dataDir;

    private final Vertx vertx = Vertx.vertx();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final Ledger ledger = new Ledger();

    @AfterEach
    void cleanUp() {
        timers.shutdownNow();
        vertx.close();
    }

    @Test
    void aChatEndedInTheLogBeforeTheVisitorHeardIsOverForTheVisitorAfterTheRestart() throws Exception {
        ChatVisitor visitor = new ChatVisitor("Vera");
        String chatId;
        try (TestServer server = TestServer.start(dataDir)) {
            visitor.connect(round(0, server.port()), new Random(1));
            visitor.start();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> visitor.chatId() != null);
            chatId = visitor.chatId();
            assertThat(visitor.hasOpenChat()).isTrue();
            // The kill: the visitor's socket goes, and the log holds the chat's end that nobody told it of
            // (the process died between logging an agent's end and the chat service hearing of it).
            visitor.detach();
            server.contactCenter().store().interactionLog().append(NewLogEvent.interaction(null, LogEventType.ENDED,
                    chatId, Map.of("reason", "agent ended the chat"))).join();
        }

        try (TestServer again = TestServer.start(dataDir)) {
            visitor.connect(round(1, again.port()), new Random(2));
            ChatVisitor.Resumed r = visitor.resume();
            assertThat(r.chatId()).as(r.answer()).isEqualTo(chatId);
            assertThat(r.state()).as(r.answer()).isEqualTo("ENDED");
            assertThat(visitor.ended()).as("the visitor took 'resumed' with state ENDED as the end").isTrue();
            assertThat(visitor.hasOpenChat()).isFalse();
            visitor.detach();
        }

        // What the crash test ran into when it came back once more: the chat is gone for good.
        try (TestServer third = TestServer.start(dataDir)) {
            visitor.connect(round(2, third.port()), new Random(3));
            ChatVisitor.Resumed r = visitor.resume();
            assertThat(r.chatId()).as(r.answer()).isNull();
            assertThat(r.answer()).contains("404").contains("does not exist");
            visitor.detach();
        }
    }

    private RoundContext round(int number, int httpPort) {
        return new RoundContext(number, vertx, httpPort, 0, timers, new AtomicBoolean(true), ledger);
    }
}
