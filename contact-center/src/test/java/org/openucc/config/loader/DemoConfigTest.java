package org.openucc.config.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openucc.config.AgentConfig;
import org.openucc.config.BusinessHoursConfig;
import org.openucc.config.ConfigValidator;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.MaxWaitAction;
import org.openucc.config.OverflowStep;
import org.openucc.config.QueueConfig;
import org.openucc.config.TimeRange;
import org.openucc.interaction.Channel;
import org.openucc.interaction.Tier;

/** The configuration shipped in config/ must always load: it is what a fresh clone runs. */
class DemoConfigTest {
    /** Surefire runs in the module directory; the shipped config sits at the repository root. */
    static final Path DEMO = Path.of("..", "config", "contact-center.yaml");

    private final ContactCenterConfig config = load();

    private static ContactCenterConfig load() {
        try {
            return new ConfigLoader().load(DEMO);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void shippedConfigLoadsWithoutProblems() {
        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().httpPort()).isEqualTo(8080);
        assertThat(config.server().dataDir()).isEqualTo("data");
        assertThat(config.skills()).hasSizeGreaterThanOrEqualTo(8);
        assertThat(config.agents()).hasSize(10);
        assertThat(config.reasonCodes()).extracting(r -> r.code())
                .contains("break", "lunch", "training", "meeting", "missed", "login");
        assertThat(config.dispositions()).extracting(d -> d.code()).contains("resolved", "follow-up",
                "escalated", "sale", "no-sale", "wrong-number", "callback-scheduled");
    }

    @Test
    void demoQueuesUseEveryBuiltInStrategy() {
        Set<String> used = config.queues().stream().map(QueueConfig::strategy).collect(Collectors.toSet());
        assertThat(used).containsAll(ConfigValidator.BUILT_IN_STRATEGIES);
        assertThat(config.queues()).extracting(QueueConfig::id)
                .contains("sales", "support", "billing", "operator", "vip", "general", "chat", "email");
    }

    @Test
    void serviceLevelsAndDurationsAreReadFromHumanFriendlyText() {
        QueueConfig chat = queue("chat");
        assertThat(chat.channels()).containsExactly(Channel.CHAT);
        assertThat(chat.serviceLevel().threshold()).isEqualTo(Duration.ofSeconds(30));
        QueueConfig email = queue("email");
        assertThat(email.channels()).containsExactly(Channel.EMAIL);
        assertThat(email.serviceLevel().percent()).isEqualTo(90);
        assertThat(email.serviceLevel().threshold()).isEqualTo(Duration.ofHours(4));
        assertThat(email.wrapUp()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void supportOverflowsByLevelThenIntoGeneral() {
        QueueConfig support = queue("support");
        assertThat(support.overflow()).containsExactly(
                new OverflowStep(Duration.ofSeconds(30), 3, null),
                new OverflowStep(Duration.ofSeconds(90), null, java.util.List.of("general")));
        assertThat(support.maxWaitAction()).isEqualTo(MaxWaitAction.QUEUE);
        assertThat(support.maxWaitQueue()).isEqualTo("general");
        assertThat(support.priority().tierPriority(Tier.VIP)).isEqualTo(30);
        assertThat(support.strategyOptions()).containsEntry("skill", "support");
    }

    @Test
    void businessHoursHaveWeekdaysAndHolidays() {
        BusinessHoursConfig hours = config.businessHours().stream()
                .filter(b -> b.id().equals("default")).findFirst().orElseThrow();
        assertThat(hours.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(hours.week().get(DayOfWeek.MONDAY))
                .containsExactly(new TimeRange(LocalTime.of(8, 0), LocalTime.of(20, 0)));
        assertThat(hours.week()).doesNotContainKey(DayOfWeek.SUNDAY);
        assertThat(hours.holidays()).contains(LocalDate.of(2026, 12, 25));
    }

    @Test
    void agentsHaveSkillLevelsAndPerChannelCapacity() {
        AgentConfig heidi = config.agents().stream().filter(a -> a.id().equals("heidi")).findFirst().orElseThrow();
        assertThat(heidi.name()).isEqualTo("Heidi Bauer");
        assertThat(heidi.skills()).containsEntry("billing", 7);
        assertThat(heidi.capacity()).containsOnlyKeys(Channel.EMAIL);
    }

    private QueueConfig queue(String id) {
        return config.queues().stream().filter(q -> q.id().equals(id)).findFirst().orElseThrow();
    }
}
