package org.openucc.config.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openucc.config.ConfigValidator;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.MaxWaitAction;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.config.ServerConfig;
import org.openucc.config.TimeRange;
import org.openucc.interaction.Channel;
import org.openucc.interaction.Tier;

/** How values are read: formats, case, defaults. Problems are in {@link ConfigProblemsTest}. */
class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void enumNamesAndDayNamesAreCaseInsensitive() throws ConfigException {
        ContactCenterConfig c = loader.parse("c.yaml", """
                reasonCodes: [{code: missed}]
                skills: [{id: s}]
                queues:
                  - id: q
                    channels: [chat, Email, outbound-voice]
                    priority: {tiers: {vip: 50, a: 5}}
                    maxWaitAction: voicemail
                businessHours:
                  - id: h
                    week: {monday: ["08:00-12:00", "13:00-24:00"], Sunday: []}
                agents:
                  - {id: a, capacity: {chat: 2, VOICE: 1}}
                """);

        QueueConfig q = c.queues().get(0);
        assertThat(q.channels()).containsExactlyInAnyOrder(Channel.CHAT, Channel.EMAIL, Channel.OUTBOUND_VOICE);
        assertThat(q.priority().tierPriority(Tier.VIP)).isEqualTo(50);
        assertThat(q.maxWaitAction()).isEqualTo(MaxWaitAction.VOICEMAIL);
        assertThat(c.businessHours().get(0).week().get(DayOfWeek.MONDAY)).containsExactly(
                new TimeRange(LocalTime.of(8, 0), LocalTime.of(12, 0)),
                new TimeRange(LocalTime.of(13, 0), LocalTime.MAX));
        assertThat(c.agents().get(0).capacity()).containsEntry(Channel.CHAT, 2).containsEntry(Channel.VOICE, 1);
    }

    @Test
    void durationsInEveryFormBindToTheRecords() throws ConfigException {
        ContactCenterConfig c = loader.parse("c.yaml", """
                reasonCodes: [{code: missed}]
                routing: {declineReofferDelay: 500ms}
                queues:
                  - id: q
                    serviceLevel: {percent: 90, threshold: 4h}
                    wrapUp: 20
                    offerTimeout: 1m30s
                    stickyWindow: 1d
                    maxWait: PT2M
                """);

        QueueConfig q = c.queues().get(0);
        assertThat(c.routing().declineReofferDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(q.serviceLevel().threshold()).isEqualTo(Duration.ofHours(4));
        assertThat(q.wrapUp()).isEqualTo(Duration.ofSeconds(20));
        assertThat(q.offerTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(q.stickyWindow()).isEqualTo(Duration.ofDays(1));
        assertThat(q.maxWait()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void keysNotWrittenTakeTheRecordDefaultsNotZero() throws ConfigException {
        ContactCenterConfig c = loader.parse("c.yaml", """
                server: {host: 0.0.0.0}
                routing: {ringAllLimit: 5}
                reasonCodes: [{code: missed}]
                queues: [{id: q, serviceLevel: {threshold: 15s}}]
                """);

        assertThat(c.server()).isEqualTo(new ServerConfig("0.0.0.0", 8080, "data"));
        assertThat(c.routing().missedOffersBeforeNotReady()).isEqualTo(RoutingConfig.DEFAULTS.missedOffersBeforeNotReady());
        assertThat(c.routing().ringAllLimit()).isEqualTo(5);
        assertThat(c.queues().get(0).serviceLevel().percent()).isEqualTo(80);
    }

    @Test
    void emptyValuesMeanNotWritten() throws ConfigException {
        ContactCenterConfig c = loader.parse("c.yaml", """
                reasonCodes: [{code: missed}]
                agents:
                queues:
                  - id: q
                    overflow:
                """);

        assertThat(c.agents()).isEmpty();
        assertThat(c.queues().get(0).overflow()).isEmpty();
    }

    @Test
    void textIsKeptExactlyAsWritten() throws ConfigException {
        // YAML 1.1 would read "no" as false and 007 as 7.
        ContactCenterConfig c = loader.parse("c.yaml", """
                reasonCodes: [{code: missed}]
                dispositions: [{code: no, label: 007}]
                """);

        assertThat(c.dispositions().get(0).code()).isEqualTo("no");
        assertThat(c.dispositions().get(0).label()).isEqualTo("007");
    }

    @Test
    void pluggedInStrategiesAreAcceptedWhenTheValidatorKnowsThem() throws ConfigException {
        String yaml = """
                reasonCodes: [{code: missed}]
                queues: [{id: q, strategy: skills-based-priority}]
                """;
        assertThat(catchThrowableOfType(ConfigException.class, () -> loader.parse("c.yaml", yaml)).problems())
                .singleElement().extracting(ConfigProblem::message).asString()
                .startsWith("queue 'q': unknown routing strategy 'skills-based-priority'");

        Set<String> strategies = new java.util.HashSet<>(ConfigValidator.BUILT_IN_STRATEGIES);
        strategies.add("skills-based-priority");
        ContactCenterConfig c = new ConfigLoader(new ConfigValidator(strategies)).parse("c.yaml", yaml);

        assertThat(c.queues().get(0).strategy()).isEqualTo("skills-based-priority");
    }

    @Test
    void aMisspeltKeySuggestsTheRightOne() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("c.yaml", """
                reasonCodes: [{code: missed}]
                queues: [{id: q, wrapup: 10s}]
                """));

        assertThat(e.problems()).singleElement().extracting(ConfigProblem::message).asString()
                .startsWith("unknown key 'wrapup' in queues[0]; did you mean 'wrapUp'?");
    }
}
