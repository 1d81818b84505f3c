package org.openucc.ivr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.openucc.config.MaxWaitAction;
import org.openucc.ivr.runtime.IvrRouting;
import org.openucc.ivr.runtime.QueueExit;
import org.openucc.ivr.runtime.QueueTicket;
import org.openucc.routing.NewInteraction;

/** The ACD as a script: what was queued or submitted, and the test decides what the ACD does next. */
final class FakeRouting implements IvrRouting {
    final List<NewInteraction> queued = new ArrayList<>();
    final List<NewInteraction> submitted = new ArrayList<>();
    /** Interactions the IVR followed in their queue without adding them (transferred calls). */
    final List<String> followed = new ArrayList<>();
    final List<String> withdrawn = new ArrayList<>();
    final Map<String, QueueFigures> figures = new HashMap<>();
    QueueTicket.Place place = new QueueTicket.Place(2, 90_000);
    String refuse;
    private Ticket current;

    @Override
    public synchronized CompletionStage<QueueTicket> enqueue(NewInteraction interaction) {
        if (refuse != null) {
            return CompletableFuture.failedFuture(new IllegalStateException(refuse));
        }
        queued.add(interaction);
        current = new Ticket(interaction.id());
        return CompletableFuture.completedFuture(current);
    }

    @Override
    public synchronized CompletionStage<QueueTicket> follow(String interactionId) {
        followed.add(interactionId);
        current = new Ticket(interactionId);
        return CompletableFuture.completedFuture(current);
    }

    @Override
    public synchronized CompletionStage<QueueFigures> figures(String queueId) {
        return CompletableFuture.completedFuture(figures.getOrDefault(queueId, new QueueFigures(0, 30_000)));
    }

    @Override
    public synchronized CompletionStage<Void> submit(NewInteraction interaction) {
        submitted.add(interaction);
        return CompletableFuture.completedFuture(null);
    }

    /** An agent accepts the waiting interaction. */
    void answer(String agentId) {
        exit(new QueueExit.Connected(agentId));
    }

    void queueMaxWait() {
        exit(new QueueExit.MaxWait(MaxWaitAction.CALLBACK));
    }

    private void exit(QueueExit e) {
        Ticket t;
        synchronized (this) {
            t = current;
        }
        t.exit.complete(e);
    }

    NewInteraction lastQueued() {
        return queued.get(queued.size() - 1);
    }

    private final class Ticket implements QueueTicket {
        private final String id;
        private final CompletableFuture<QueueExit> exit = new CompletableFuture<>();

        Ticket(String id) {
            this.id = id;
        }

        @Override
        public String interactionId() {
            return id;
        }

        @Override
        public CompletionStage<Optional<Place>> place() {
            return CompletableFuture.completedFuture(exit.isDone() ? Optional.empty() : Optional.of(place));
        }

        @Override
        public CompletionStage<QueueExit> exit() {
            return exit;
        }

        @Override
        public CompletionStage<Void> withdraw(String reason) {
            synchronized (FakeRouting.this) {
                withdrawn.add(reason);
            }
            exit.complete(new QueueExit.Ended(reason));
            return CompletableFuture.completedFuture(null);
        }
    }
}
