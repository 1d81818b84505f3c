package org.openucc.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.store.InteractionLogStats;

/**
 * Interactions are counted once, with the outcome their CDR gets, from the events the log committed,
 * in whatever order the observers' events reached the log.
 */
class LogMetersTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LogMeters meters = new LogMeters(registry, () -> new InteractionLogStats(0, 0, 0, 0, 0, 20_000, null, 0, 0, 0, 0, 0, 0, 0, 0));
    private final AtomicLong ids = new AtomicLong();

    @Test
    void aCallerWhoHangsUpInTheQueueIsAbandonedWhicheverEndEventCameFirst() {
        commit(created("c1", "VOICE"), event("c1", LogEventType.QUEUED));
        commit(event("c1", LogEventType.ENDED), event("c1", LogEventType.ABANDONED)); // the IVR's first
        commit(created("c2", "VOICE"), event("c2", LogEventType.QUEUED));
        commit(event("c2", LogEventType.ABANDONED), event("c2", LogEventType.ENDED)); // the ACD's first

        assertThat(calls("abandoned")).isEqualTo(2);
        assertThat(calls("self_service") + calls("answered") + calls("failed") + calls("rejected")).isZero();
        assertThat(registry.get(LogMeters.STARTED).tag("channel", "VOICE").counter().count()).isEqualTo(2);
    }

    @Test
    void eachOutcomeIsTheOneItsCdrSays() {
        commit(created("answered", "CHAT"), event("answered", LogEventType.QUEUED),
                event("answered", LogEventType.CONNECTED), event("answered", LogEventType.ENDED));
        commit(created("ivr-only", "VOICE"), event("ivr-only", LogEventType.ENDED));
        commit(created("full", "VOICE"), event("full", LogEventType.REJECTED), event("full", LogEventType.FAILED));
        commit(created("broken", "VOICE"), event("broken", LogEventType.FAILED));
        commit(event("unknown-before-start", LogEventType.ENDED));

        assertThat(ended("CHAT", "answered")).isEqualTo(1);
        assertThat(calls("self_service")).isEqualTo(1);
        assertThat(calls("rejected")).isEqualTo(1);
        assertThat(calls("failed")).isEqualTo(1);
        assertThat(calls("answered")).isZero();
        assertThat(registry.get("openucc.log.commit").timer().count()).isEqualTo(5);
    }

    private double calls(String cause) {
        return registry.get(LogMeters.CALLS_ENDED).tag("cause", cause).counter().count();
    }

    private double ended(String channel, String outcome) {
        return registry.get(LogMeters.ENDED).tag("channel", channel).tag("outcome", outcome).counter().count();
    }

    private void commit(LogEvent... events) {
        meters.committed(new ArrayList<>(List.of(events)), 1_000_000);
    }

    private LogEvent created(String id, String channel) {
        return new LogEvent(ids.incrementAndGet(), Instant.EPOCH, LogEventType.INTERACTION_CREATED, id, null, null,
                null, null, Map.of("channel", channel));
    }

    private LogEvent event(String id, LogEventType type) {
        return new LogEvent(ids.incrementAndGet(), Instant.EPOCH, type, id, null, null, null, null, Map.of());
    }
}
