package org.openucc.config.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.HttpLimits;
import org.openucc.config.WebSocketLimits;

/** The web doors' limits are read from the file, default when left out, and bad values point at their line. */
class DoorLimitsConfigTest {
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void limitsAreReadAndTheRestDefault() throws ConfigException {
        ContactCenterConfig c = loader.parse("c.yaml", """
                reasonCodes: [{code: missed}]
                server:
                  httpPort: 0
                  http: {headerTimeout: 5s, maxConnectionsPerAddress: 64}
                  webSocket: {messagesPerSecond: 7}
                channels:
                  chat: {maxAttachmentBytesPerDay: 10485760, typingInterval: 500ms}
                """);

        HttpLimits http = c.server().http();
        assertThat(http.headerTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(http.maxConnectionsPerAddress()).isEqualTo(64);
        assertThat(http.idleTimeout()).isEqualTo(HttpLimits.DEFAULTS.idleTimeout());
        WebSocketLimits ws = c.server().webSocket();
        assertThat(ws.messagesPerSecond()).isEqualTo(7);
        assertThat(ws.messageBurst()).isEqualTo(WebSocketLimits.DEFAULTS.messageBurst());
        assertThat(c.channels().chat().maxAttachmentBytesPerDay()).isEqualTo(10_485_760L);
        assertThat(c.channels().chat().typingInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(new ConfigLoader().parse("d.yaml", "reasonCodes: [{code: missed}]\n").server().webSocket())
                .isEqualTo(WebSocketLimits.DEFAULTS);
    }

    @Test
    void badLimitsAreReportedAtTheirLines() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("c.yaml", """
                reasonCodes: [{code: missed}]
                server:
                  http:
                    bodyTimeout: 10ms
                    maxHeaderBytes: 10
                  webSocket:
                    messagesPerSecond: -1
                """));

        assertThat(e.problems()).extracting(p -> p.line() + " " + p.message()).anySatisfy(m ->
                assertThat(m).startsWith("4 ").contains("bodyTimeout must be at least 100 ms"))
                .anySatisfy(m -> assertThat(m).startsWith("5 ").contains("maxHeaderBytes must be 1024..1048576"))
                .anySatisfy(m -> assertThat(m).startsWith("7 ").contains("messagesPerSecond must be 1..100000"));
    }
}
