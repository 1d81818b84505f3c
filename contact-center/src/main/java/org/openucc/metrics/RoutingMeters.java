package org.openucc.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openucc.routing.OfferOutcome;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingEventSink;

/**
 * Counters and timers fed by the ACD's events: offers made, accepted, declined, timed out and rescinded,
 * and how long interactions waited per queue until answered or abandoned. Runs on the engine thread,
 * so it only increments meters it has already looked up.
 */
final class RoutingMeters implements RoutingEventSink {
    static final String OFFERS = "openucc.offers";
    static final String WAIT = "openucc.queue.wait";

    private final MeterRegistry registry;
    private final Counter made;
    private final Counter accepted;
    private final Map<OfferOutcome, Counter> ended = new java.util.EnumMap<>(OfferOutcome.class);
    private final Map<String, Timer> waits = new ConcurrentHashMap<>();

    RoutingMeters(MeterRegistry registry) {
        this.registry = registry;
        this.made = offers("made");
        this.accepted = offers("accepted");
        for (OfferOutcome o : OfferOutcome.values()) {
            ended.put(o, offers(o.name().toLowerCase(Locale.ROOT)));
        }
    }

    private Counter offers(String result) {
        return Counter.builder(OFFERS).description("Offers to agents by result: made, accepted, declined, timed_out,"
                + " rescinded").tag("result", result).register(registry);
    }

    @Override
    public void accept(RoutingEvent event) {
        if (event instanceof RoutingEvent.OfferMade) {
            made.increment();
        } else if (event instanceof RoutingEvent.OfferEnded e) {
            ended.get(e.outcome()).increment();
        } else if (event instanceof RoutingEvent.InteractionConnected e) {
            accepted.increment();
            waited(e.queueId(), "answered", e.waitedMillis());
        } else if (event instanceof RoutingEvent.InteractionAbandoned e) {
            waited(e.queueId(), "abandoned", e.waitedMillis());
        }
        // The rest is read from the engine's queue and agent views at scrape time.
    }

    private void waited(String queueId, String outcome, long millis) {
        if (queueId == null) {
            return;
        }
        waits.computeIfAbsent(queueId + '\u0000' + outcome, k -> Timer.builder(WAIT)
                .description("How long interactions waited in the queue until an agent answered, or they left")
                .tags("queue", queueId, "outcome", outcome)
                .serviceLevelObjectives(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
                        Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300))
                .register(registry))
                .record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }
}
