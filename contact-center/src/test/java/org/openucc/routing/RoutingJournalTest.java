package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openucc.config.AgentConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.fault.UnavailableException;
import org.openucc.interaction.Channel;

/**
 * Durable before acknowledged, at the port: a command's events reach the listeners and its answer
 * arrives only once the journal says they are stored; queries wait for every earlier batch; the timer's
 * own events take the same path; a request the journal does not admit is refused before it changes
 * anything. The journal here is a test port whose batches the test completes by hand.
 */
class RoutingJournalTest {

    /** A journal whose batches stay pending until the test stores them. */
    static final class HeldJournal implements RoutingJournal {
        final BlockingQueue<Batch> batches = new LinkedBlockingQueue<>();
        volatile RuntimeException refusal;

        record Batch(List<RoutingEvent> events, CompletableFuture<Void> stored) {
        }

        @Override
        public CompletableFuture<Void> record(List<RoutingEvent> events) {
            Batch b = new Batch(events, new CompletableFuture<>());
            batches.add(b);
            return b.stored();
        }

        @Override
        public void admit(RoutingCommand<?> command) {
            RuntimeException r = refusal;
            if (r != null) {
                throw r;
            }
        }

        Batch next() throws InterruptedException {
            Batch b = batches.poll(10, TimeUnit.SECONDS);
            assertThat(b).as("a batch reached the journal").isNotNull();
            return b;
        }
    }

    private static final QueueConfig QUEUE = new QueueConfig("q", null, Set.of(Channel.VOICE), Map.of("s", 1), null, null,
            null, null, null, null, null, null, 0, Duration.ZERO, Duration.ofMillis(300), null, null);

    private static RoutingService service(HeldJournal journal, List<RoutingEvent> heard) {
        RoutingService svc = new RoutingService(RoutingConfig.DEFAULTS, InstantSource.system(), RoutingStrategies.builtIn());
        svc.addListener(heard::add);
        svc.load(List.of(QUEUE), List.of(new AgentConfig("a", "Ann", Map.of("s", 3), null),
                new AgentConfig("b", "Bob", Map.of("s", 3), null))).join();
        svc.setJournal(journal);
        return svc;
    }

    @Test
    void aCommandIsAnsweredAndItsEventsHeardOnlyOnceTheJournalHasStoredThem() throws Exception {
        HeldJournal journal = new HeldJournal();
        List<RoutingEvent> heard = new CopyOnWriteArrayList<>();
        try (RoutingService svc = service(journal, heard)) {
            CompletableFuture<AgentView> login = svc.send(new RoutingCommand.Login("a", false));
            HeldJournal.Batch batch = journal.next();
            assertThat(batch.events()).anyMatch(e -> e instanceof RoutingEvent.AgentStateChanged s && s.agentId().equals("a"));

            // Stored nowhere yet: nobody has heard of it, and a query sent after it waits too.
            CompletableFuture<AgentView> query = svc.send(new RoutingCommand.GetAgent("a"));
            assertThat(login).isNotDone();
            assertThat(heard).isEmpty();

            // The engine thread is not held up meanwhile: it takes the next command and journals it.
            CompletableFuture<AgentView> other = svc.send(new RoutingCommand.Login("b", false));
            HeldJournal.Batch second = journal.next();
            assertThat(login).isNotDone();
            assertThat(query).isNotDone();

            // The second batch is stored first: still nothing is released out of order.
            second.stored().complete(null);
            assertThat(other.isDone()).isFalse();

            batch.stored().complete(null);
            assertThat(login.get(10, TimeUnit.SECONDS).state()).isEqualTo(AgentState.NOT_READY);
            assertThat(query.get(10, TimeUnit.SECONDS).state()).isEqualTo(AgentState.NOT_READY);
            assertThat(other.get(10, TimeUnit.SECONDS).id()).isEqualTo("b");
            List<String> order = new ArrayList<>();
            heard.forEach(e -> {
                if (e instanceof RoutingEvent.AgentStateChanged s) {
                    order.add(s.agentId());
                }
            });
            assertThat(order).containsExactly("a", "b");
        }
    }

    @Test
    void theTimersOwnEventsAreStoredBeforeTheyAreHeard() throws Exception {
        HeldJournal journal = new HeldJournal();
        List<RoutingEvent> heard = new CopyOnWriteArrayList<>();
        try (RoutingService svc = service(journal, heard)) {
            CompletableFuture<AgentView> ready = svc.send(new RoutingCommand.Login("a", true));
            journal.next().stored().complete(null);
            ready.get(10, TimeUnit.SECONDS);
            CompletableFuture<RoutingCommand.Arrival> arrival = svc.send(new RoutingCommand.Arrive(
                    NewInteraction.of("i1", Channel.VOICE, "q")));
            journal.next().stored().complete(null);
            arrival.get(10, TimeUnit.SECONDS);

            // Nobody answers: the offer times out by the engine's own timer, and that batch waits for the journal.
            HeldJournal.Batch timeout = journal.next();
            assertThat(timeout.events()).anyMatch(e -> e instanceof RoutingEvent.OfferEnded o
                    && o.outcome() == OfferOutcome.TIMED_OUT);
            assertThat(heard).noneMatch(e -> e instanceof RoutingEvent.OfferEnded);
            timeout.stored().complete(null);
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.stream().anyMatch(e -> e instanceof RoutingEvent.OfferEnded));
        }
    }

    @Test
    void aRequestTheJournalDoesNotAdmitIsRefusedBeforeItChangesAnythingWhileFactsStillGetThrough() throws Exception {
        HeldJournal journal = new HeldJournal();
        List<RoutingEvent> heard = new CopyOnWriteArrayList<>();
        try (RoutingService svc = service(journal, heard)) {
            CompletableFuture<AgentView> ready = svc.send(new RoutingCommand.Login("a", false));
            journal.next().stored().complete(null);
            ready.get(10, TimeUnit.SECONDS);
            CompletableFuture<RoutingCommand.Arrival> arrival = svc.send(new RoutingCommand.Arrive(
                    NewInteraction.of("i1", Channel.VOICE, "q")));
            journal.next().stored().complete(null);
            arrival.get(10, TimeUnit.SECONDS);

            journal.refusal = UnavailableException.here("the interaction log is 9 events behind", Duration.ofSeconds(1));
            assertThatThrownBy(() -> svc.send(new RoutingCommand.Ready("a")).join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(UnavailableException.class)
                    .hasMessageContaining("behind");
            assertThatThrownBy(() -> svc.send(new RoutingCommand.Arrive(NewInteraction.of("i2", Channel.VOICE, "q"))).join())
                    .hasCauseInstanceOf(UnavailableException.class);
            // Unchanged: the agent is still not ready, i2 never arrived, nothing was journalled.
            assertThat(svc.send(new RoutingCommand.GetAgent("a")).join().state()).isEqualTo(AgentState.NOT_READY);
            assertThat(svc.send(new RoutingCommand.GetInteraction("i2")).join()).isEmpty();
            assertThat(journal.batches).isEmpty();

            // A fact is not refused: the caller hung up whatever the log's state.
            CompletableFuture<CustomerLeftResult> left = svc.send(new RoutingCommand.CustomerLeft("i1", "caller hung up"));
            journal.next().stored().complete(null);
            left.get(10, TimeUnit.SECONDS);
            assertThat(svc.send(new RoutingCommand.GetInteraction("i1")).join()).isEmpty();

            journal.refusal = null;
            CompletableFuture<AgentView> served = svc.send(new RoutingCommand.Ready("a"));
            journal.next().stored().complete(null);
            assertThat(served.get(10, TimeUnit.SECONDS).state()).isEqualTo(AgentState.READY);
        }
    }

    @Test
    void eventsTheJournalCouldNotStoreFailTheCommandButStillReachTheListeners() throws Exception {
        HeldJournal journal = new HeldJournal();
        List<RoutingEvent> heard = new CopyOnWriteArrayList<>();
        try (RoutingService svc = service(journal, heard)) {
            CompletableFuture<AgentView> login = svc.send(new RoutingCommand.Login("a", false));
            journal.next().stored().completeExceptionally(new IllegalStateException("interaction log is closed"));
            assertThatThrownBy(() -> login.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(RoutingException.class)
                    .hasMessageContaining("interaction log is closed")
                    .satisfies(e -> assertThat(((RoutingException) e.getCause()).kind())
                            .isEqualTo(RoutingException.Kind.UNAVAILABLE));
            assertThat(heard).anyMatch(e -> e instanceof RoutingEvent.AgentStateChanged);
        }
    }
}
