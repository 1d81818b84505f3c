package org.openucc.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.openucc.interaction.Channel;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.store.InteractionLogStats;
import org.openucc.store.LogCommitListener;

/**
 * The interaction log's writer (queue depth, events stored and failed, commit latency) and what its
 * commits say: interactions created per channel, and how they ended (calls by cause). Counting from
 * the durable log means a metric never counts what the log lost.
 */
final class LogMeters implements LogCommitListener {
    /** Not "created": the Prometheus registry keeps the _created suffix for a counter's creation time. */
    static final String STARTED = "openucc.interactions.started";
    static final String ENDED = "openucc.interactions.ended";
    static final String CALLS_ENDED = "openucc.calls.ended";
    /** Interactions remembered between their creation and their end; beyond this the oldest is forgotten. */
    static final int MAX_LIVE = 200_000;
    /** How an interaction ended, as its CDR says (InteractionFold), in lower case. */
    private static final List<String> OUTCOMES = List.of("answered", "abandoned", "rejected", "self_service", "failed");

    private final Timer commit;
    /** Held here: meters keep only a weak reference to what they read. */
    private final Supplier<InteractionLogStats> stats;
    private final Map<Channel, Counter> created = new EnumMap<>(Channel.class);
    private final Map<String, Counter> ended = new java.util.HashMap<>();
    private final Map<String, Counter> callsEnded = new java.util.HashMap<>();
    /** Each interaction created and not yet ended (writer thread only, but guarded anyway). */
    private final Map<String, Live> live = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Live> eldest) {
            return size() > MAX_LIVE;
        }
    };

    /** What the outcome of an interaction depends on, as far as its events went. */
    private static final class Live {
        final Channel channel;
        boolean queued;
        boolean answered;

        Live(Channel channel) {
            this.channel = channel;
        }
    }

    LogMeters(MeterRegistry registry, Supplier<InteractionLogStats> stats) {
        this.stats = stats;
        this.commit = Timer.builder("openucc.log.commit")
                .description("Interaction-log batches: insert and durable commit, per batch")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
                .register(registry);
        Gauge.builder("openucc.log.queue.depth", stats, value(s -> s.queuedEvents()))
                .description("Appends waiting for the interaction-log writer; growing means the database lags")
                .register(registry);
        FunctionCounter.builder("openucc.log.events.stored", stats, value(s -> s.storedEvents()))
                .description("Interaction-log events durably stored").register(registry);
        FunctionCounter.builder("openucc.log.events.failed", stats, value(s -> s.failedEvents()))
                .description("Interaction-log events that could not be stored").register(registry);
        FunctionCounter.builder("openucc.log.batches", stats, value(s -> s.batches()))
                .description("Interaction-log transactions committed").register(registry);
        for (Channel c : Channel.values()) {
            created.put(c, Counter.builder(STARTED).description("Interactions started (created in the log), by channel")
                    .tag("channel", c.name()).register(registry));
            for (String outcome : OUTCOMES) {
                ended.put(c.name() + '/' + outcome, Counter.builder(ENDED)
                        .description("Interactions ended, by channel and outcome (as in the CDR): answered,"
                                + " abandoned, rejected, self_service, failed")
                        .tags("channel", c.name(), "outcome", outcome).register(registry));
            }
        }
        for (String cause : OUTCOMES) {
            callsEnded.put(cause, Counter.builder(CALLS_ENDED)
                    .description("Voice calls ended, by cause (the CDR's outcome): answered, abandoned, rejected,"
                            + " self_service, failed")
                    .tag("cause", cause).register(registry));
        }
    }

    /** A figure of the writer's statistics; NaN while the store is not running. */
    private static ToDoubleFunction<Supplier<InteractionLogStats>> value(ToDoubleFunction<InteractionLogStats> f) {
        return supplier -> {
            InteractionLogStats s;
            try {
                s = supplier.get();
            } catch (IllegalStateException notStarted) {
                return Double.NaN;
            }
            return f.applyAsDouble(s);
        };
    }

    @Override
    public void committed(List<LogEvent> events, long commitNanos) {
        commit.record(commitNanos, TimeUnit.NANOSECONDS);
        for (LogEvent e : events) {
            LogEventType type = e.type();
            if (type == LogEventType.INTERACTION_CREATED) {
                Channel channel = channel(e.detail("channel"));
                if (channel != null) {
                    created.get(channel).increment();
                    synchronized (live) {
                        live.put(e.interactionId(), new Live(channel));
                    }
                }
                continue;
            }
            String outcome;
            Live l;
            synchronized (live) {
                l = live.get(e.interactionId());
                if (l == null) {
                    continue;
                }
                outcome = outcome(l, type);
                if (outcome != null) {
                    live.remove(e.interactionId());
                }
            }
            if (outcome != null) {
                ended.get(l.channel.name() + '/' + outcome).increment();
                if (l.channel == Channel.VOICE) {
                    callsEnded.get(outcome).increment();
                }
            }
        }
    }

    /**
     * The outcome once {@code type} ends the interaction, as the CDR fold decides it, else null. The first
     * event that ends it counts: a caller who hangs up in a queue is both ENDED (by the IVR) and ABANDONED
     * (by the ACD), in either order, and both say abandoned.
     */
    private static String outcome(Live l, LogEventType type) {
        switch (type) {
            case QUEUED -> l.queued = true;
            case CONNECTED -> l.answered = true;
            case ENDED -> {
                return l.answered ? "answered" : l.queued ? "abandoned" : "self_service";
            }
            case ABANDONED -> {
                return "abandoned";
            }
            case REJECTED -> {
                return "rejected";
            }
            case FAILED -> {
                return l.answered ? "answered" : "failed";
            }
            default -> {
                // not an end
            }
        }
        return null;
    }

    private static Channel channel(String name) {
        if (name == null) {
            return null;
        }
        try {
            return Channel.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
