package org.openucc.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openucc.interaction.Channel;

/** The rules also apply to configs built in code (tests, the admin API), reported by JSON pointer. */
class ConfigValidatorTest {
    private final ConfigValidator validator = new ConfigValidator();

    @Test
    void aConsistentConfigHasNoViolations() {
        assertThat(validator.validate(config(List.of(QueueConfig.of("q", Set.of(Channel.VOICE), Map.of("s", 5))))))
                .isEmpty();
    }

    @Test
    void violationsNameTheirPathInTheConfig() {
        QueueConfig q = new QueueConfig("q", null, Set.of(Channel.CHAT), Map.of("x", 3), new ServiceLevel(0, null),
                "fastest", null, null, List.of(new OverflowStep(Duration.ofSeconds(10), null, List.of("q"))),
                null, MaxWaitAction.QUEUE, "other", -1, Duration.ofSeconds(-1), Duration.ZERO, null, null);
        QueueConfig other = QueueConfig.of("other", Set.of(Channel.VOICE), Map.of());

        assertThat(validator.validate(config(List.of(q, other)))).extracting(ConfigViolation::toString).containsExactly(
                "/queues/0/skills/x: queue 'q': skill 'x' is not declared in skills (declared: s)",
                "/queues/0/serviceLevel/percent: queue 'q': service level percent must be 1..100, not 0",
                "/queues/0/strategy: queue 'q': unknown routing strategy 'fastest'; known: least-occupied,"
                        + " longest-idle, most-skilled, ring-all, round-robin",
                "/queues/0/overflow/0/alsoQueues/0: queue 'q' cannot overflow into itself",
                "/queues/0/maxWaitQueue: queue 'q': maxWaitQueue 'other' takes [VOICE], not all of [CHAT]",
                "/queues/0/maxWaiting: queue 'q': maxWaiting must be 0 (unlimited) or more",
                "/queues/0/wrapUp: queue 'q': wrapUp must not be negative",
                "/queues/0/offerTimeout: queue 'q': offerTimeout must be longer than 0");
        assertThat(validator.validate(config(List.of(q, other))).get(0).atKey()).isTrue();
    }

    @Test
    void theMissedReasonCodeMustExistOnlyWhenMissedOffersSetAgentsNotReady() {
        ContactCenterConfig noCodes = new ContactCenterConfig(null, null, null, null, null, null, null, null);
        ContactCenterConfig neverNotReady = new ContactCenterConfig(null,
                new RoutingConfig(0, null, null, 0, null, 0), null, null, null, null, null, null);

        assertThat(validator.validate(noCodes)).extracting(ConfigViolation::toString).containsExactly(
                "/routing/missedReasonCode: routing.missedReasonCode 'missed' is not declared in reasonCodes"
                        + " (none are declared)");
        assertThat(validator.validate(neverNotReady)).isEmpty();
    }

    private static ContactCenterConfig config(List<QueueConfig> queues) {
        return new ContactCenterConfig(null, null, List.of(new SkillConfig("s", "S")), queues,
                List.of(new AgentConfig("a", null, Map.of("s", 7), null)),
                List.of(new ReasonCode("missed", "Missed")), List.of(), List.of());
    }
}
