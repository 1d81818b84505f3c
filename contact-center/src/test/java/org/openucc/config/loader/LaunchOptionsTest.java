package org.openucc.config.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.ServerConfig;

class LaunchOptionsTest {
    private static final String MINIMAL = """
            server: {host: 127.0.0.1, httpPort: 9090, dataDir: var}
            reasonCodes: [{code: missed}]
            """;

    @Test
    void withoutArgumentsOrEnvironmentTheDefaultFileIsUsed() throws ConfigException {
        LaunchOptions o = LaunchOptions.parse(List.of(), Map.of());

        assertThat(o.configFile()).isEqualTo(Path.of("config", "contact-center.yaml"));
        assertThat(o.applyTo(ServerConfig.DEFAULTS)).isEqualTo(ServerConfig.DEFAULTS);
    }

    @Test
    void environmentNamesTheConfigFile() throws ConfigException {
        LaunchOptions o = LaunchOptions.parse(List.of(), Map.of("OPENUCC_CONFIG", "/etc/openucc/cc.yaml"));

        assertThat(o.configFile()).isEqualTo(Path.of("/etc/openucc/cc.yaml"));
    }

    @Test
    void commandLineConfigWinsOverTheEnvironment() throws ConfigException {
        Map<String, String> env = Map.of("OPENUCC_CONFIG", "from-env.yaml");

        assertThat(LaunchOptions.parse(List.of("--config", "from-args.yaml"), env).configFile())
                .isEqualTo(Path.of("from-args.yaml"));
        assertThat(LaunchOptions.parse(List.of("--config=other.yaml"), env).configFile())
                .isEqualTo(Path.of("other.yaml"));
    }

    @Test
    void environmentOverridesTheServerSection(@TempDir Path dir) throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("cc.yaml"), MINIMAL);
        Map<String, String> env = Map.of(
                "OPENUCC_HTTP_PORT", "0",
                "OPENUCC_HTTP_HOST", "0.0.0.0",
                "OPENUCC_DATA_DIR", "/var/lib/openucc");

        ContactCenterConfig config = new ConfigLoader().load(LaunchOptions.parse(List.of("--config", file.toString()), env));

        assertThat(config.server()).isEqualTo(new ServerConfig("0.0.0.0", 0, "/var/lib/openucc"));
    }

    @Test
    void environmentOverridesTheSipPortAndTheRtpRange(@TempDir Path dir) throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("cc.yaml"), MINIMAL);
        Map<String, String> env = Map.of("OPENUCC_SIP_PORT", "5070", "OPENUCC_RTP_PORTS", " 30000-30999 ");

        ContactCenterConfig config = new ConfigLoader().load(LaunchOptions.parse(List.of("--config", file.toString()), env));

        assertThat(config.sip().port()).isEqualTo(5070);
        assertThat(config.sip().rtpPortMin()).isEqualTo(30_000);
        assertThat(config.sip().rtpPortMax()).isEqualTo(30_999);
        assertThat(config.server()).isEqualTo(new ServerConfig("127.0.0.1", 9090, "var"));
    }

    @Test
    void badRtpRangesAreRefusedNamingTheVariable() {
        for (String bad : List.of("30000", "30000-", "a-b", "30999-30000", "80-1000", "65000-70000", "30000-30002")) {
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> LaunchOptions.parse(
                    List.of(), Map.of("OPENUCC_RTP_PORTS", bad)));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                    "environment: OPENUCC_RTP_PORTS must be a port range min-max within 1024..65535 holding at least"
                            + " two RTP ports (e.g. 30000-30999), not '" + bad + "'");
        }
    }

    @Test
    void unsetOrBlankVariablesKeepTheFilesValues(@TempDir Path dir) throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("cc.yaml"), MINIMAL);
        Map<String, String> env = Map.of("OPENUCC_CONFIG", file.toString(), "OPENUCC_HTTP_PORT", " ");

        ContactCenterConfig config = new ConfigLoader().load(LaunchOptions.parse(List.of(), env));

        assertThat(config.server()).isEqualTo(new ServerConfig("127.0.0.1", 9090, "var"));
    }

    @Test
    void badArgumentsAndEnvironmentAreAllReported() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> LaunchOptions.parse(
                List.of("--verbose", "--config"), Map.of("OPENUCC_HTTP_PORT", "eighty")));

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                "command line: --config needs a file name",
                "command line: unknown argument '--verbose' (try --help)",
                "environment: OPENUCC_HTTP_PORT must be a port number 0..65535, not 'eighty'");
    }

    @Test
    void helpIsRecognized() throws ConfigException {
        assertThat(LaunchOptions.parse(List.of("--help"), Map.of()).help()).isTrue();
    }
}
