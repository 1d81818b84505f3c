package org.openucc.ivr.runtime;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.openucc.interaction.IllegalTransitionException;
import org.openucc.ivr.flow.FlowNode;
import org.openucc.ivr.flow.PromptRef;
import org.openucc.ivr.flow.Ref;
import org.openucc.ivr.flow.Variables;
import org.openucc.routing.NewInteraction;
import org.openucc.telephony.DigitRequest;
import org.openucc.telephony.Playback;
import org.openucc.telephony.Prompt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call waiting in a queue node: places the interaction with the ACD, plays hold music, announces
 * position and estimated wait every {@code announce}, offers the long-wait prompts once, and leaves
 * on a key, the flow's max wait or the queue's own. Ends the IVR when an agent accepts. Lives on
 * the session's executor; its own state guards against late events (a key after the agent answered).
 */
final class QueueWait {
    private static final Logger log = LoggerFactory.getLogger(QueueWait.class);
    /** How long one key-listening request lasts before it is renewed (no effect on the caller). */
    private static final Duration LISTEN = Duration.ofMinutes(10);

    enum State { PLACING, WAITING, LEAVING, DONE }

    private static final Map<State, Set<State>> LEGAL = new EnumMap<>(State.class);

    static {
        LEGAL.put(State.PLACING, EnumSet.of(State.WAITING, State.DONE));
        LEGAL.put(State.WAITING, EnumSet.of(State.LEAVING, State.DONE));
        LEGAL.put(State.LEAVING, EnumSet.of(State.DONE));
        LEGAL.put(State.DONE, EnumSet.noneOf(State.class));
    }

    private final IvrSession s;
    private final FlowNode.EnterQueue node;
    private final IvrPorts ports;
    private final PromptSteps prompts;
    private final CompletableFuture<Step> result = new CompletableFuture<>();
    private final List<IvrTimers.Cancellable> timers = new ArrayList<>();
    private State state = State.PLACING;
    private NewInteraction interaction;
    private QueueTicket ticket;
    private boolean longWaitOffered;
    /** Following a call the ACD already had waiting (transferred): it was greeted before. */
    private boolean following;

    QueueWait(IvrSession s, FlowNode.EnterQueue node, IvrPorts ports, PromptSteps prompts) {
        this.s = s;
        this.node = node;
        this.ports = ports;
        this.prompts = prompts;
    }

    CompletableFuture<Step> start() {
        String queueId = node.queue() != null ? node.queue() : s.queue;
        if (queueId == null) {
            throw new IllegalStateException("no queue: name one in the queue node or set one before it");
        }
        s.variables.put(Variables.QUEUE, queueId);
        interaction = s.interaction(queueId);
        s.move(IvrSession.State.QUEUED, "queue node " + node.id());
        s.onLeave(this::abandon);
        s.call.flushDigits();
        following = s.followsWaitingEntry(queueId);
        var placing = following ? ports.routing().follow(s.interactionId) : ports.routing().enqueue(interaction);
        Async.on(s, placing).whenComplete(this::placed);
        return result;
    }

    private void move(State to, String why) {
        if (!LEGAL.get(state).contains(to)) {
            throw new IllegalTransitionException("queue wait of " + s.interactionId, state, to, why);
        }
        state = to;
    }

    private void placed(QueueTicket t, Throwable err) {
        if (state != State.PLACING) {
            if (t != null) {
                t.withdraw("the caller left before the queue answered");
            }
            return;
        }
        if (err != null) {
            log.info("queue {} refused the call: {}", interaction.queueId(), err.getMessage());
            finishRunning(node.error(), err);
            return;
        }
        ticket = t;
        move(State.WAITING, "placed in " + interaction.queueId());
        Async.on(s, t.exit()).whenComplete(this::exited);
        listenForKeys();
        if (node.maxWait() != null) {
            schedule(node.maxWait(), () -> leave(node.onMaxWait(), "max wait of the IVR reached"));
        }
        if (node.greeting() != null && !following) {
            Async.on(s, s.call.play(Playback.of(prompts.file(s, node.greeting().name()))))
                    .whenComplete((r, e) -> startWaiting());
        } else {
            startWaiting();
        }
    }

    private void startWaiting() {
        if (node.announce() != null) {
            announce();
        } else {
            music();
        }
    }

    private void music() {
        if (state == State.WAITING) {
            s.call.play(Playback.looping(prompts.file(s, node.music().name())));
        }
    }

    private void announce() {
        if (state != State.WAITING) {
            return;
        }
        Async.on(s, ticket.place()).whenComplete((place, err) -> {
            if (state != State.WAITING) {
                return;
            }
            if (err != null || place.isEmpty()) {
                music();
                return;
            }
            QueueTicket.Place p = place.get();
            s.variables.put(Variables.QUEUE_POSITION, BigDecimal.valueOf(p.position()));
            s.variables.put(Variables.QUEUE_ESTIMATED_WAIT, BigDecimal.valueOf(p.estimatedWaitMillis() / 1000));
            List<Prompt> parts = announcement(p);
            s.call.stopPlayback();
            Async.on(s, s.call.play(new Playback(parts, false, false))).whenComplete((r, e) -> {
                music();
                if (state == State.WAITING) {
                    schedule(node.announce(), this::announce);
                }
            });
        });
    }

    private List<Prompt> announcement(QueueTicket.Place p) {
        List<Prompt> parts = new ArrayList<>();
        if (p.position() > 0) {
            parts.add(prompts.file(s, "queue-position"));
            parts.addAll(prompts.number(s, p.position()));
            parts.add(prompts.file(s, "queue-position-end"));
        }
        if (p.estimatedWaitMillis() > 0) {
            parts.add(prompts.file(s, "queue-wait"));
            long minutes = Math.round(p.estimatedWaitMillis() / 60_000.0);
            if (minutes < 1) {
                parts.add(prompts.file(s, "queue-under-a-minute"));
            } else {
                parts.addAll(prompts.number(s, minutes));
                parts.add(prompts.file(s, "queue-minutes"));
            }
        }
        FlowNode.LongWait lw = node.longWait();
        if (lw != null && !longWaitOffered && p.estimatedWaitMillis() > lw.above().toMillis()) {
            longWaitOffered = true;
            for (PromptRef r : lw.prompts()) {
                parts.add(prompts.file(s, r.name()));
            }
        }
        return parts;
    }

    private void listenForKeys() {
        if (state != State.WAITING) {
            return;
        }
        Async.on(s, s.call.collectDigits(DigitRequest.single(LISTEN))).whenComplete((r, err) -> {
            if (state != State.WAITING || err != null) {
                return; // the call ended (the session handles it) or we left
            }
            if (r.digits().isEmpty()) {
                listenForKeys();
                return;
            }
            String key = r.digits().substring(0, 1);
            Ref target = node.keys().get(key);
            s.input(key, target == null ? "ignored" : "");
            ports.journal().input(s.interactionId, s.flow.name(), node.id(), key, target == null ? "ignored" : "accepted");
            if (target != null) {
                leave(target, "the caller pressed " + key);
            } else {
                listenForKeys();
            }
        });
    }

    private void exited(QueueExit exit, Throwable err) {
        if (state != State.WAITING) {
            return;
        }
        if (err != null) {
            finishRunning(node.error(), err);
        } else if (exit instanceof QueueExit.Connected c) {
            move(State.DONE, "answered by " + c.agentId());
            cancelTimers();
            s.call.stopPlayback();
            result.complete(new Step.End(new IvrOutcome.Queued(s.interactionId, interaction, c.agentId(), s.trail())));
        } else if (exit instanceof QueueExit.MaxWait m) {
            log.info("queue {}: the queue's max wait ({}) reached", interaction.queueId(), m.action());
            leave(node.onMaxWait(), "max wait of queue " + interaction.queueId() + " reached");
        } else if (exit instanceof QueueExit.Rejected r) {
            finishRunning(node.error(), new IllegalStateException("queue " + interaction.queueId() + " refused the call: "
                    + r.reason()));
        } else {
            QueueExit.Ended e = (QueueExit.Ended) exit;
            move(State.DONE, "ended: " + e.reason());
            cancelTimers();
            s.call.stopPlayback();
            IvrOutcome hungUp = new IvrOutcome.HungUp(s.interactionId, e.reason(), s.trail());
            s.ending = hungUp;
            s.call.hangup(e.reason());
            result.complete(new Step.End(hungUp));
        }
    }

    /** Leaves the queue to another node (or ends the call if there is none). */
    private void leave(Ref next, String reason) {
        if (state != State.WAITING) {
            return;
        }
        move(State.LEAVING, reason);
        cancelTimers();
        s.call.stopPlayback();
        Async.on(s, ticket.withdraw(reason)).whenComplete((v, err) -> {
            if (state != State.LEAVING) {
                return; // the call ended meanwhile
            }
            if (err != null) {
                log.info("withdrawing from queue {} failed: {}", interaction.queueId(), err.getMessage());
            }
            move(State.DONE, reason);
            s.move(IvrSession.State.RUNNING, reason);
            if (next != null) {
                result.complete(new Step.Next(next.node()));
            } else {
                IvrOutcome hungUp = new IvrOutcome.HungUp(s.interactionId, reason, s.trail());
                s.ending = hungUp;
                s.call.hangup(reason);
                result.complete(new Step.End(hungUp));
            }
        });
    }

    /** The ACD will not (or no longer) take it: go to the node's error step, or fail the flow. */
    private void finishRunning(Ref error, Throwable why) {
        move(State.DONE, "refused");
        cancelTimers();
        s.call.stopPlayback();
        s.move(IvrSession.State.RUNNING, "left queue " + interaction.queueId());
        if (error != null) {
            result.complete(new Step.Next(error.node()));
        } else {
            result.completeExceptionally(why);
        }
    }

    /** The session is over or moved on (caller hung up, an error): leave the ACD quietly. */
    private void abandon() {
        if (state == State.DONE) {
            return;
        }
        boolean withdraw = state == State.WAITING;
        move(State.DONE, "the call left the queue node");
        cancelTimers();
        if (withdraw) {
            ticket.withdraw("the call left the queue");
        }
    }

    private void schedule(Duration delay, Runnable task) {
        timers.add(ports.timers().schedule(delay, () -> s.executor.execute(task)));
    }

    private void cancelTimers() {
        timers.forEach(IvrTimers.Cancellable::cancel);
        timers.clear();
    }
}
