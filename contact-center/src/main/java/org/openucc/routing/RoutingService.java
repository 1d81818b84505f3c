package org.openucc.routing;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.openucc.concurrent.ThreadPools;
import org.openucc.config.AgentConfig;
import org.openucc.config.BusinessHoursConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RoutingPort} of this node: owns a {@link RoutingEngine} on one thread where every command
 * runs, in order, and the engine's timers are scheduled for exactly the next due time (no polling).
 *
 * <p>Durable before acknowledged: the events of each command (or timer run) go to the
 * {@link RoutingJournal} at once, and only once they are stored are they handed to the listeners (on the
 * engine thread, in order) and the command answered. The engine thread never waits for the database: it
 * goes on with the next command while the journal commits (the log writer takes everything queued in one
 * commit). A command without events (a query) is answered after every earlier command's events are
 * stored, so nobody sees a state the log does not hold yet. A request from outside that would change
 * something is first {@linkplain RoutingJournal#admit admitted} by the journal, and refused unchanged when
 * the journal is behind or cannot write. Listeners must be quick and must not block.
 */
public final class RoutingService implements RoutingPort, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RoutingService.class);

    private final ScheduledExecutorService owner;
    private final RoutingEngine engine;
    private final EngineCommands commands;
    private final InstantSource clock;
    private final List<RoutingEventSink> listeners = new CopyOnWriteArrayList<>();
    private final List<RoutingEvent> pending = new ArrayList<>();
    private volatile RoutingJournal journal = RoutingJournal.NONE;
    /** Completes once every command run so far has been stored, dispatched and answered (engine thread only). */
    private CompletableFuture<Void> released = CompletableFuture.completedFuture(null);
    private ScheduledFuture<?> timer;
    private long timerDue = Long.MAX_VALUE;
    private volatile Thread ownerThread;

    public RoutingService(RoutingConfig config, InstantSource clock, RoutingStrategies strategies) {
        this.clock = clock;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "acd-engine");
            t.setDaemon(true);
            ownerThread = t;
            return t;
        });
        // On stop, pending engine timers are dropped rather than waited for.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        this.owner = executor;
        this.engine = new RoutingEngine(config, clock, pending::add, strategies);
        this.commands = new EngineCommands(engine, pending::add, clock);
    }

    /** Loads queues (in an order that puts overflow targets first) and agents. */
    public CompletableFuture<Void> load(List<QueueConfig> queues, List<AgentConfig> agents) {
        return load(List.of(), queues, agents);
    }

    /** Loads the business-hours calendars, then queues (overflow targets first) and agents. */
    public CompletableFuture<Void> load(List<BusinessHoursConfig> calendars, List<QueueConfig> queues,
                                        List<AgentConfig> agents) {
        return submit(e -> {
            calendars.forEach(e::upsertCalendar);
            List<QueueConfig> left = new ArrayList<>(queues);
            while (!left.isEmpty()) {
                int before = left.size();
                left.removeIf(q -> {
                    boolean ready = q.overflow().stream().flatMap(s -> s.alsoQueues().stream())
                            .allMatch(id -> id.equals(q.id()) || e.queues.containsKey(id))
                            && (q.maxWaitQueue() == null || q.maxWaitQueue().equals(q.id())
                            || e.queues.containsKey(q.maxWaitQueue()) || left.stream().noneMatch(o -> o.id().equals(q.maxWaitQueue())));
                    if (ready) {
                        e.upsertQueue(q);
                    }
                    return ready;
                });
                if (left.size() == before) {
                    // Overflow cycle: add them without the dependency order; the engine reports unknown targets.
                    left.forEach(e::upsertQueue);
                    left.clear();
                }
            }
            agents.forEach(e::upsertAgent);
            return null;
        });
    }

    /** Sets where events are made durable before they are dispatched; set before the first command. */
    public void setJournal(RoutingJournal journal) {
        this.journal = java.util.Objects.requireNonNull(journal, "journal");
    }

    /**
     * Carries the command out on the engine thread; a {@link RoutingException} there fails the stage. A
     * request the journal cannot take now fails before it changes anything (see {@link RoutingJournal#admit}).
     */
    @Override
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> send(RoutingCommand<R> command) {
        java.util.Objects.requireNonNull(command, "command");
        return submit(e -> (R) commands.execute(command), isRequest(command) ? () -> journal.admit(command) : null);
    }

    /**
     * Whether the command is a request that may be refused while the journal is behind: everything that
     * changes an interaction, an agent or the set-up on someone's behalf. Not queries, not console
     * plumbing, and not facts the engine must hear whatever the log's state (a customer left, a channel
     * ends its interaction, a phone went away, the telephony's set-up): refusing those would leave the
     * engine wrong.
     */
    static boolean isRequest(RoutingCommand<?> command) {
        if (command instanceof RoutingCommand.End end) {
            return end.holder() != null;
        }
        return !(command instanceof RoutingCommand.Withdraw || command instanceof RoutingCommand.CustomerLeft
                || command instanceof RoutingCommand.PhoneReachable || command instanceof RoutingCommand.RequirePhoneRegistration
                || command instanceof RoutingCommand.SnapshotAgent
                || command instanceof RoutingCommand.RelayToAgent || command instanceof RoutingCommand.GetInteraction
                || command instanceof RoutingCommand.GetInteractions || command instanceof RoutingCommand.GetAgent
                || command instanceof RoutingCommand.ListAgents || command instanceof RoutingCommand.GetQueue
                || command instanceof RoutingCommand.ListQueues || command instanceof RoutingCommand.ListWaiting
                || command instanceof RoutingCommand.EstimateWait || command instanceof RoutingCommand.GetArrivalFigures
                || command instanceof RoutingCommand.Explain || command instanceof RoutingCommand.GetStats);
    }

    @Override
    public void addListener(RoutingEventSink listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(RoutingEventSink listener) {
        listeners.remove(listener);
    }

    /** Runs a lambda over the engine on its thread: for this package's own tests only; others send commands. */
    <T> CompletableFuture<T> call(Function<RoutingEngine, T> command) {
        return submit(command);
    }

    CompletableFuture<Void> run(Consumer<RoutingEngine> command) {
        return submit(e -> {
            command.accept(e);
            return null;
        });
    }

    private <T> CompletableFuture<T> submit(Function<RoutingEngine, T> command) {
        return submit(command, null);
    }

    /**
     * @param admission run first on the engine thread; if it throws, the command is refused at once, without
     *                  waiting for earlier batches: it has changed nothing, so there is nothing to make durable
     */
    private <T> CompletableFuture<T> submit(Function<RoutingEngine, T> command, Runnable admission) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            owner.execute(() -> {
                if (admission != null) {
                    try {
                        admission.run();
                    } catch (RuntimeException refused) {
                        result.completeExceptionally(refused);
                        return;
                    }
                }
                T value;
                try {
                    value = command.apply(engine);
                } catch (RuntimeException ex) {
                    afterCommand(() -> result.completeExceptionally(ex), result);
                    return;
                }
                afterCommand(() -> result.complete(value), result);
            });
        } catch (java.util.concurrent.RejectedExecutionException ex) {
            result.completeExceptionally(stopped(ex));
        }
        return result;
    }

    private static IllegalStateException stopped(Throwable cause) {
        return new IllegalStateException("routing service is stopped", cause);
    }

    /** Whether the caller is on the engine thread (where listeners run). */
    public boolean onEngineThread() {
        return Thread.currentThread() == ownerThread;
    }

    /**
     * After a command or a timer run (engine thread): journals its events and, once they and every earlier
     * batch are stored, dispatches them and answers (back on the engine thread). When nothing is waiting
     * (no journal, or nothing to store) that happens right here, as before there was a journal.
     */
    private void afterCommand(Runnable answer, CompletableFuture<?> result) {
        List<RoutingEvent> batch;
        if (pending.isEmpty()) {
            batch = List.of();
        } else {
            batch = List.copyOf(pending);
            pending.clear();
        }
        CompletableFuture<Void> stored = record(batch);
        CompletableFuture<Void> previous = released;
        if (previous.isDone() && stored.isDone()) {
            release(batch, stored, answer, result);
        } else {
            CompletableFuture<Void> step = new CompletableFuture<>();
            released = step;
            previous.thenCombine(stored.handle((v, failure) -> failure), (v, failure) -> failure)
                    .whenComplete((v, failure) -> onOwner(() -> {
                        release(batch, stored, answer, result);
                        step.complete(null);
                    }, () -> {
                        if (result != null) {
                            result.completeExceptionally(stopped(null));
                        }
                        step.complete(null);
                    }));
        }
        scheduleTimer();
    }

    private CompletableFuture<Void> record(List<RoutingEvent> batch) {
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            return journal.record(batch);
        } catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    /** Engine thread: hands stored events to the listeners and answers; a batch that could not be stored fails its command. */
    private void release(List<RoutingEvent> batch, CompletableFuture<Void> stored, Runnable answer,
                         CompletableFuture<?> result) {
        Throwable failure = stored.handle((v, f) -> f).join();
        if (failure != null) {
            // The engine has moved on already: the listeners still hear of it so the channels stay in step
            // with the engine, but whoever asked is not told it happened.
            log.error("routing events could not be stored: {}; {}", batch, failure.toString());
        }
        dispatch(batch);
        if (failure != null && result != null) {
            result.completeExceptionally(new RoutingException(RoutingException.Kind.UNAVAILABLE,
                    "the interaction log could not store this change: " + rootMessage(failure)));
        } else if (answer != null) {
            answer.run();
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable e = t;
        while ((e instanceof java.util.concurrent.CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private void dispatch(List<RoutingEvent> batch) {
        for (RoutingEvent ev : batch) {
            for (RoutingEventSink l : listeners) {
                try {
                    l.accept(ev);
                } catch (RuntimeException ex) {
                    log.error("routing listener {} failed on {}", l, ev, ex);
                }
            }
        }
    }

    /** Always a task of its own (never inline): a long chain of released batches must not nest on the stack. */
    private void onOwner(Runnable task, Runnable ifStopped) {
        try {
            owner.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException ex) {
            ifStopped.run();
        }
    }

    private void scheduleTimer() {
        long due = engine.nextTimerDueMillis();
        if (due != timerDue) {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            timerDue = due;
            if (due != Long.MAX_VALUE) {
                long delay = Math.max(0, due - clock.millis());
                timer = owner.schedule(this::onTimer, delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void onTimer() {
        timer = null;
        timerDue = Long.MAX_VALUE;
        try {
            engine.advanceTime();
        } catch (RuntimeException ex) {
            log.error("routing timer failed", ex);
        }
        afterCommand(null, null);
    }

    @Override
    public void close() {
        ThreadPools.shutDown(owner);
    }
}
