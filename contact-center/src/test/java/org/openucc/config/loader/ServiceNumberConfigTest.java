package org.openucc.config.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.ServiceNumber;

/** Service numbers go to a queue, an IVR flow, or a flow with a queue to fall back on; a wrong flow stops the start at its line. */
class ServiceNumberConfigTest {
    @TempDir
    Path dir;

    private String config(String services) {
        return """
                reasonCodes: [{code: missed}]
                skills: [{id: general}]
                queues:
                  - {id: operator, skills: {general: 1}}
                  - {id: chat, channels: [CHAT], skills: {general: 1}}
                ivr:
                  flowsDir: %s
                sip:
                  services:
                %s""".formatted(dir.resolve("flows"), services.indent(4));
    }

    @Test
    void aNumberMayNameAFlowAQueueOrBoth() throws Exception {
        Files.createDirectories(dir.resolve("flows"));
        Files.writeString(dir.resolve("flows/main.yaml"), "start: x\n");
        Files.writeString(dir.resolve("flows/vip.yml"), "start: x\n");

        ContactCenterConfig c = new ConfigLoader().parse("c.yaml", config("""
                - {number: "1000", flow: main, queue: operator}
                - {number: "1001", flow: vip}
                - {number: "1009", queue: operator}
                """));

        assertThat(c.sip().services()).containsExactly(new ServiceNumber("1000", "operator", "main"),
                new ServiceNumber("1001", null, "vip"), new ServiceNumber("1009", "operator", null));
    }

    @Test
    void aFlowThatIsNotAFileOfTheFlowsDirectoryIsReportedAtItsLineWithTheFlowsThereAre() throws Exception {
        Files.createDirectories(dir.resolve("flows"));
        Files.writeString(dir.resolve("flows/main.yaml"), "start: x\n");
        Files.writeString(dir.resolve("flows/hold.yaml"), "start: x\n");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader().parse("c.yaml",
                config("""
                        - {number: "1000", flow: mian, queue: operator}
                        - {number: "1001", flow: "../etc/passwd"}
                        - {number: "1002"}
                        - {number: "1003", queue: chat}
                        """)));

        assertThat(e.problems()).extracting(p -> p.line() + ":" + p.column() + " " + p.message()).containsExactly(
                "10:30 service number '1000' runs IVR flow 'mian', which is not in " + dir.resolve("flows")
                        + " (flows: hold, main)",
                "11:30 service number '1001': '../etc/passwd' is not a flow name (the file name of a flow without .yaml)",
                "12:7 service number '1002' needs a queue (straight to an agent) or a flow (an IVR flow of "
                        + dir.resolve("flows") + " first)",
                "13:31 service number '1003': queue 'chat' does not take VOICE");
    }

    @Test
    void aFlowWithoutTheConfiguredFlowsDirectoryIsAProblem() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader().parse("c.yaml",
                config("- {number: \"1000\", flow: main}\n")));

        assertThat(e.problems()).extracting(ConfigProblem::message).containsExactly("service number '1000' runs IVR"
                + " flow 'main', but the flows directory " + dir.resolve("flows").toAbsolutePath()
                + " does not exist (ivr.flowsDir)");
    }

    @Test
    void theDemoConfigurationSendsTheMainNumberThroughTheMainMenuAndKeepsTheDirectNumbers() throws Exception {
        ContactCenterConfig demo = new ConfigLoader().load(Path.of("../config/contact-center.yaml"));

        assertThat(demo.sip().services()).contains(new ServiceNumber("1000", "operator", "main"),
                new ServiceNumber("1004", "support", null), new ServiceNumber("1009", "operator", null));
        assertThat(Path.of("../ivr-scripts/flows/main.yaml")).exists();
    }
}
