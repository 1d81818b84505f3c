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
 * Events are handed to the listeners on that thread after each command, before its answer; listeners
 * must be quick and must not block.
 */
public final class RoutingService implements RoutingPort, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RoutingService.class);

    private final ScheduledExecutorService owner;
    private final RoutingEngine engine;
    private final EngineCommands commands;
    private final InstantSource clock;
    private final List<RoutingEventSink> listeners = new CopyOnWriteArrayList<>();
    private final List<RoutingEvent> pending = new ArrayList<>();
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

    /** Carries the command out on the engine thread; a {@link RoutingException} there fails the stage. */
    @Override
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> send(RoutingCommand<R> command) {
        java.util.Objects.requireNonNull(command, "command");
        return submit(e -> (R) commands.execute(command));
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
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            owner.execute(() -> {
                T value;
                try {
                    value = command.apply(engine);
                } catch (RuntimeException ex) {
                    afterCommand();
                    result.completeExceptionally(ex);
                    return;
                }
                afterCommand();
                result.complete(value);
            });
        } catch (java.util.concurrent.RejectedExecutionException ex) {
            result.completeExceptionally(new IllegalStateException("routing service is stopped", ex));
        }
        return result;
    }

    /** Whether the caller is on the engine thread (where listeners run). */
    public boolean onEngineThread() {
        return Thread.currentThread() == ownerThread;
    }

    private void afterCommand() {
        if (!pending.isEmpty()) {
            List<RoutingEvent> batch = List.copyOf(pending);
            pending.clear();
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
        afterCommand();
    }

    @Override
    public void close() {
        ThreadPools.shutDown(owner);
    }
}
