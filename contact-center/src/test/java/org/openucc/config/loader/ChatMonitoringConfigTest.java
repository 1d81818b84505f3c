package org.openucc.config.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** channels.chat.maxMonitoredChatsPerSupervisor: read, defaulted, and a bad value points at its line. */
class ChatMonitoringConfigTest {
    private static final String QUEUE = """
            reasonCodes: [{code: missed}]
            skills: [{id: support}]
            queues:
              - {id: chat, name: Chat, channels: [CHAT], skills: {support: 1}}
            """;

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void theLimitIsReadAndDefaultsToTen() throws ConfigException {
        assertThat(loader.parse("c.yaml", QUEUE + "channels:\n  chat: {enabled: true, maxMonitoredChatsPerSupervisor: 3}\n")
                .channels().chat().maxMonitoredChatsPerSupervisor()).isEqualTo(3);
        assertThat(loader.parse("c.yaml", QUEUE + "channels:\n  chat: {enabled: true}\n")
                .channels().chat().maxMonitoredChatsPerSupervisor()).isEqualTo(10);
        assertThat(loader.load(Path.of("..", "config", "contact-center.yaml")).channels().chat()
                .maxMonitoredChatsPerSupervisor()).isEqualTo(10);
    }

    @Test
    void aNegativeLimitIsReportedAtItsLine() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("c.yaml", QUEUE + """
                channels:
                  chat:
                    enabled: true
                    maxMonitoredChatsPerSupervisor: -2
                """));
        assertThat(e.problems()).extracting(p -> p.line() + " " + p.message())
                .anySatisfy(m -> assertThat(m).startsWith("8 ").contains("must be at least 1"));
    }
}
