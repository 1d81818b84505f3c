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
}
