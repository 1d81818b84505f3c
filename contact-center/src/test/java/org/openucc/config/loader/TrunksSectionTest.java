package org.openucc.config.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.TrunkConfig;

/** sip.trunks: none by default, written values with defaults for the rest, mistakes reported at their lines. */
class TrunksSectionTest {
    private static final String REASONS = "reasonCodes:\n  - {code: missed}\n";
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void noTrunksWithoutTheSection() throws Exception {
        ContactCenterConfig c = loader.parse("c.yaml", REASONS + "sip:\n  port: 5070\n");
        assertThat(c.sip().trunks()).isEmpty();
    }

    @Test
    void writtenValuesAreTakenAndTheRestDefault() throws Exception {
        ContactCenterConfig c = loader.parse("c.yaml", REASONS + """
                sip:
                  trunks:
                    - id: carrier
                      host: sip.carrier.example
                      register: {username: acme, secretEnv: CARRIER_SECRET, expires: 10m}
                      addresses: [203.0.113.0/28]
                      callerId: "+4930123456"
                      prefixes: ["+49"]
                      rewrite:
                        - {match: "^\\\\+49", replace: "0"}
                    - id: backup
                      host: 198.51.100.7
                      port: 5080
                      transport: tcp
                      allowCallerIdOverride: true
                """);
        List<TrunkConfig> trunks = c.sip().trunks();
        assertThat(trunks).hasSize(2);
        TrunkConfig carrier = trunks.get(0);
        assertThat(carrier.port()).isEqualTo(5060);
        assertThat(carrier.transport()).isEqualTo("udp");
        assertThat(carrier.registers()).isTrue();
        assertThat(carrier.register().expires()).isEqualTo(Duration.ofMinutes(10));
        assertThat(carrier.register().secret()).isNull();
        assertThat(carrier.rewrite()).containsExactly(new TrunkConfig.Rewrite("^\\+49", "0"));
        assertThat(carrier.allowCallerIdOverride()).isFalse();
        TrunkConfig backup = trunks.get(1);
        assertThat(backup.registers()).isFalse();
        assertThat(backup.prefixes()).isEmpty();
        assertThat(backup.transport()).isEqualTo("tcp");
        assertThat(backup.allowCallerIdOverride()).isTrue();
    }

    /** The commented example in config/contact-center.yaml, uncommented, is a valid configuration. */
    @Test
    void theDocumentedExampleIsValid() throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of("../config/contact-center.yaml");
        if (!java.nio.file.Files.exists(file)) {
            file = java.nio.file.Path.of("config/contact-center.yaml");
        }
        List<String> lines = java.nio.file.Files.readAllLines(file);
        int start = lines.indexOf("  # trunks:");
        assertThat(start).as("the commented sip.trunks example").isPositive();
        StringBuilder example = new StringBuilder("sip:\n");
        for (int i = start; i < lines.size() && lines.get(i).startsWith("  #"); i++) {
            example.append("  ").append(lines.get(i).substring(4)).append('\n');
        }
        ContactCenterConfig c = loader.parse("example.yaml", REASONS + example);
        assertThat(c.sip().trunks()).extracting(TrunkConfig::id).containsExactly("carrier", "world");
        TrunkConfig carrier = c.sip().trunks().get(0);
        assertThat(carrier.register().secretEnv()).isEqualTo("OPENUCC_TRUNK_CARRIER_SECRET");
        assertThat("+4930123456".replaceFirst(carrier.rewrite().get(0).match(), carrier.rewrite().get(0).replace()))
                .isEqualTo("030123456");
        TrunkConfig.Rewrite world = c.sip().trunks().get(1).rewrite().get(0);
        assertThat("+12125550100".replaceFirst(world.match(), world.replace())).isEqualTo("0012125550100");
    }

    @Test
    void mistakesAreReportedAtTheirLines() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("c.yaml", REASONS + """
                sip:
                  transports: [udp]
                  trunks:
                    - id: carrier
                      host: "sip carrier"
                      port: 70000
                      transport: tcp
                      register: {username: acme, secretEnv: "1-bad", expires: 1s}
                      addresses: [carrier.example.com]
                      callerId: "call me"
                      prefixes: ["49"]
                      rewrite:
                        - {match: "(unclosed", replace: "0"}
                    - id: carrier
                      host: 203.0.113.10
                      register: {username: acme}
                """));
        List<String> problems = e.problems().stream().map(p -> p.line() + ": " + p.message()).toList();
        for (String expected : List.of("7: trunk 'carrier' needs a host", "8: trunk 'carrier': port must be 1..65535",
                "9: trunk 'carrier' uses tcp, which sip.transports [udp] does not listen on",
                "10: trunk 'carrier': '1-bad' is not an environment variable name",
                "10: trunk 'carrier': expires must be 10s..1d, not 1s",
                "11: trunk 'carrier': address 'carrier.example.com' is not an IP address",
                "12: trunk 'carrier': callerId 'call me' must be a number",
                "13: trunk 'carrier': prefix '49' is not an E.164 prefix",
                "15: trunk 'carrier': '(unclosed' is not a regular expression",
                "16: trunk id 'carrier' is used twice",
                "18: trunk 'carrier': register needs secretEnv")) {
            assertThat(problems).as(problems.toString()).anyMatch(p -> p.startsWith(expected));
        }
        assertThat(problems).hasSize(11);
    }
}
