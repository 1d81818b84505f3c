package org.openucc.ivr.adapter;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.openucc.config.MaxWaitAction;
import org.openucc.interaction.InteractionState;
import org.openucc.ivr.runtime.IvrRouting;
import org.openucc.ivr.runtime.QueueExit;
import org.openucc.ivr.runtime.QueueTicket;
import org.openucc.routing.InteractionView;
import org.openucc.routing.NewInteraction;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingEventSink;
import org.openucc.routing.RoutingPort;

/**
 * The IVR's queue operations on the ACD ({@link RoutingService}). Follows the engine's events for
 * the interactions it placed, so a ticket learns when an agent accepted, the queue's max wait was
 * reached or the ACD refused it. Register it as a routing listener ({@link #accept}).
 */
public final class RoutingIvrRouting implements IvrRouting, RoutingEventSink {
    private final RoutingPort routing;
    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();

    public RoutingIvrRouting(RoutingPort routing) {
        this.routing = routing;
    }

    @Override
    public CompletionStage<QueueTicket> enqueue(NewInteraction interaction) {
        Ticket ticket = new Ticket(interaction.id());
        tickets.put(interaction.id(), ticket); // before the command: its events may come at once
        return routing.send(new RoutingCommand.Arrive(interaction)).handle((v, err) -> {
            if (err != null) {
                tickets.remove(interaction.id());
                throw err instanceof RuntimeException r ? r : new IllegalStateException(err);
            }
            return ticket;
        });
    }

    @Override
    public CompletionStage<QueueTicket> follow(String interactionId) {
        Ticket ticket = new Ticket(interactionId);
        tickets.put(interactionId, ticket); // before the look: what happens after it reaches the ticket
        // What happened before it (an agent took the call, the queue refused it) did not: ask the ACD.
        return routing.send(new RoutingCommand.GetInteraction(interactionId)).thenApply(view -> {
            InteractionState state = view.map(InteractionView::state).orElse(null);
            if (state == InteractionState.CONNECTED || state == InteractionState.HELD) {
                close(interactionId, ticket, new QueueExit.Connected(view.get().agentId()));
            } else if (state != InteractionState.QUEUED && state != InteractionState.OFFERED) {
                close(interactionId, ticket, new QueueExit.Ended("no longer waiting ("
                        + (state == null ? "unknown to the ACD" : state) + ")"));
            }
            return ticket;
        });
    }

    @Override
    public CompletionStage<QueueFigures> figures(String queueId) {
        return routing.send(new RoutingCommand.GetArrivalFigures(queueId))
                .thenApply(f -> new QueueFigures(f.waiting(), f.estimatedWaitMillis()));
    }

    @Override
    public CompletionStage<Void> submit(NewInteraction interaction) {
        return routing.send(new RoutingCommand.Arrive(interaction)).thenApply(view -> null);
    }

    /** On the engine thread: complete the tickets whose interaction left its queue. */
    @Override
    public void accept(RoutingEvent event) {
        if (event instanceof RoutingEvent.InteractionConnected c) {
            close(c.interactionId(), new QueueExit.Connected(c.agentId()));
        } else if (event instanceof RoutingEvent.MaxWaitReached m && m.action() != MaxWaitAction.QUEUE) {
            close(m.interactionId(), new QueueExit.MaxWait(m.action()));
        } else if (event instanceof RoutingEvent.InteractionRejected r) {
            close(r.interactionId(), new QueueExit.Rejected(r.reason()));
        } else if (event instanceof RoutingEvent.InteractionAbandoned a) {
            close(a.interactionId(), new QueueExit.Ended(a.reason()));
        }
    }

    private void close(String interactionId, QueueExit exit) {
        Ticket t = tickets.remove(interactionId);
        if (t != null) {
            t.exit.complete(exit);
        }
    }

    private void close(String interactionId, Ticket ticket, QueueExit exit) {
        if (tickets.remove(interactionId, ticket)) {
            ticket.exit.complete(exit);
        }
    }

    /** Tickets still followed (for tests and debugging). */
    public int followed() {
        return tickets.size();
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
            return routing.send(new RoutingCommand.GetInteraction(id)).thenApply(view -> view
                    .filter(v -> v.state() == InteractionState.QUEUED || v.state() == InteractionState.OFFERED)
                    .map(v -> new Place(v.position(), v.estimatedWaitMillis())));
        }

        @Override
        public CompletionStage<QueueExit> exit() {
            return exit;
        }

        @Override
        public CompletionStage<Void> withdraw(String reason) {
            tickets.remove(id);
            exit.complete(new QueueExit.Ended(reason));
            return routing.send(new RoutingCommand.Withdraw(id, reason));
        }
    }
}
