package org.openucc.config.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openucc.config.ContactCenterConfig;

/** The channels section: off unless written, defaults, and mistakes reported at their lines. */
class ChannelsSectionTest {
    private static final String QUEUES = """
            skills:
              - {id: support}
            queues:
              - {id: chat, channels: [CHAT], skills: {support: 1}}
              - {id: phone, channels: [VOICE, CALLBACK], skills: {support: 1}}
              - {id: mail, channels: [EMAIL], skills: {support: 1}}
            reasonCodes:
              - {code: missed}
            """;

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void everyChannelIsOffWithoutTheSection() throws Exception {
        ContactCenterConfig c = loader.parse("c.yaml", QUEUES);
        assertThat(c.channels().chat().enabled()).isFalse();
        assertThat(c.channels().email().enabled()).isFalse();
        assertThat(c.channels().callback().enabled()).isFalse();
    }

    @Test
    void unwrittenKeysTakeDefaultsThatFollowTheWrittenOnes() throws Exception {
        ContactCenterConfig c = loader.parse("c.yaml", QUEUES + """
                channels:
                  email: {enabled: true, address: s@x.example, imapHost: imap.x.example, imapSsl: true,
                          smtpHost: smtp.x.example, queue: mail}
                """);
        assertThat(c.channels().email().imapPort()).as("IMAPS when imapSsl").isEqualTo(993);
        assertThat(c.channels().email().smtpPort()).isEqualTo(587);
        assertThat(c.channels().email().smtpStartTls()).as("STARTTLS required on 587").isTrue();
        assertThat(c.channels().email().passwordEnv()).isEqualTo("OPENUCC_MAIL_PASSWORD");
        assertThat(c.channels().email().password()).isNull();
    }

    @Test
    void mistakesInTheSectionAreReportedAtTheirLines() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("c.yaml", QUEUES + """
                channels:
                  chat:
                    enabled: true
                    topics:
                      - {id: help, queue: phone}
                    maxChatsPerAddress: -1
                  callback:
                    enabled: true
                    queues: [chat]
                    dialUri: "tel:{number}"
                  email:
                    enabled: true
                    imapHost: imap.x.example
                    smtpHost: smtp.x.example
                    queue: nowhere
                """));
        List<String> problems = e.problems().stream().map(p -> p.line() + ": " + p.message()).toList();
        assertThat(problems).hasSize(6);
        for (String expected : List.of("13: queue 'phone' does not take CHAT", "14: must be at least 1, not -1",
                "17: queue 'chat' does not take CALLBACK (its channels: [CHAT])",
                "18: dialUri must be a sip: URI with {number}", "23: 'nowhere' is not a queue; use one of [chat, mail, phone]",
                "20: address (the mailbox's own address")) {
            assertThat(problems).anyMatch(p -> p.startsWith(expected));
        }
    }

    @Test
    void dialOutTakesTheCallbacksWayOfReachingNumbersAndItsMistakesAreReportedAtTheirLines() throws Exception {
        ContactCenterConfig c = loader.parse("c.yaml", QUEUES.replace("reasonCodes:",
                "  - {id: outbound, channels: [OUTBOUND_VOICE]}\nreasonCodes:") + """
                channels:
                  callback: {dialUri: "sip:{number}@trunk.example:5060", callerId: "4930999"}
                  dialOut: {enabled: true}
                """);
        assertThat(c.channels().dialOut().queue()).isEqualTo("outbound");
        assertThat(c.channels().dialOut().uriFor("+4930123456")).isEqualTo("sip:+4930123456@trunk.example:5060");
        assertThat(c.channels().dialOut().callerId()).isEqualTo("4930999");
        assertThat(c.channels().dialOut().maxCallsPerMinutePerAgent()).isEqualTo(10);
        assertThat(loader.parse("c.yaml", QUEUES).channels().dialOut().enabled()).as("off unless written").isFalse();

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("c.yaml", QUEUES + """
                channels:
                  dialOut:
                    enabled: true
                    queue: phone
                    dialUri: "tel:{number}"
                    ringTimeout: 2s
                    maxCallsPerMinutePerAgent: -2
                    numberTypes: [MOBILE, EMERGENCY]
                """));
        List<String> problems = e.problems().stream().map(p -> p.line() + ": " + p.message()).toList();
        assertThat(problems).hasSize(5);
        for (String expected : List.of("12: queue 'phone' does not take OUTBOUND_VOICE",
                "13: dialUri must be a sip: URI with {number}", "14: ringTimeout must be 5s..3m",
                "15: must be at least 1, not -2", "16: EMERGENCY numbers are never dialled")) {
            assertThat(problems).anyMatch(p -> p.startsWith(expected));
        }
    }

    @Test
    void campaignSettingsTakeDefaultsAndMistakesAreReportedAtTheirLines() throws Exception {
        var defaults = loader.parse("c.yaml", QUEUES).channels().campaigns();
        assertThat(defaults.previewTimeout()).hasSeconds(60);
        assertThat(defaults.targetShareOfLimit()).isEqualTo(2.0 / 3);
        assertThat(defaults.maxLinesPerAgent()).isEqualTo(5.0);
        var written = loader.parse("c.yaml", QUEUES + """
                channels:
                  campaigns: {previewTimeout: 2m, targetShareOfLimit: 0.9, warmUpAnswers: 50}
                """).channels().campaigns();
        assertThat(written.previewTimeout()).hasMinutes(2);
        assertThat(written.targetShareOfLimit()).isEqualTo(0.9);
        assertThat(written.warmUpAnswers()).isEqualTo(50);
        assertThat(written.inboundWaitThreshold()).as("unwritten: default").hasSeconds(10);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("c.yaml", QUEUES + """
                channels:
                  campaigns:
                    previewTimeout: 1s
                    targetShareOfLimit: 1.5
                    inboundWaitThreshold: 1h
                    warmUpAnswers: 0
                    maxLinesPerAgent: 40
                """));
        List<String> problems = e.problems().stream().map(p -> p.line() + ": " + p.message()).toList();
        assertThat(problems).hasSize(5);
        for (String expected : List.of("11: previewTimeout must be 5s..30m", "12: targetShareOfLimit must be over 0",
                "13: inboundWaitThreshold must be 0s..10m", "14: warmUpAnswers must be 1..10000",
                "15: maxLinesPerAgent must be 1..20")) {
            assertThat(problems).anyMatch(p -> p.startsWith(expected));
        }
    }
}
