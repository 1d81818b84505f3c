package org.openucc.config.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openucc.config.AsteriskConfig;
import org.openucc.config.ContactCenterConfig;

/** asterisk: off by default, defaults when enabled, mistakes reported at their lines. */
class AsteriskSectionTest {
    private static final String BASE = """
            reasonCodes:
              - {code: missed}
            skills:
              - {id: general}
            queues:
              - {id: support, name: Support, channels: [VOICE], skills: {general: 1}}
            agents:
              - {id: bob, name: Bob, skills: {general: 5}}
            """;
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void offWithoutTheSection() throws Exception {
        ContactCenterConfig c = loader.parse("c.yaml", BASE);
        assertThat(c.asterisk().enabled()).isFalse();
        assertThat(c.asterisk().validate(c.queues(), c.agents())).isEmpty();
    }

    @Test
    void writtenValuesAreTakenAndTheRestDefault() throws Exception {
        ContactCenterConfig c = loader.parse("c.yaml", BASE + """
                asterisk:
                  enabled: true
                  servers:
                    - {host: pbx.example.net, username: openucc}
                  device: PJSIP/${extension}
                  agents:
                    - {agentId: bob, extension: "2002"}
                  services:
                    - {number: "1004", queue: support}
                """);
        AsteriskConfig a = c.asterisk();
        assertThat(a.enabled()).isTrue();
        assertThat(a.servers()).singleElement().satisfies(s -> {
            assertThat(s.port()).isEqualTo(5038);
            assertThat(s.secretEnv()).isEqualTo("OPENUCC_AMI_SECRET");
            assertThat(s.name()).isEqualTo("pbx.example.net:5038");
        });
        assertThat(a.agiHost()).isEqualTo("127.0.0.1");
        assertThat(a.agiPort()).isEqualTo(4573);
        assertThat(a.deviceFor("2002")).isEqualTo("PJSIP/2002");
        assertThat(a.ringTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(a.contexts().agent()).isEqualTo("openucc-agent");
        assertThat(a.contexts().monitor()).isEqualTo("openucc-monitor");
        assertThat(a.recordCalls()).isTrue();
    }

    @Test
    void mistakesAreReportedAtTheirLines() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("c.yaml", BASE + """
                asterisk:
                  enabled: true
                  servers:
                    - {host: 127.0.0.1, port: 70000, secretEnv: "1-bad"}
                  device: SIP/agent
                  agents:
                    - {agentId: nobody, extension: "2001"}
                  services:
                    - {number: "1004", queue: nowhere}
                  contexts: {agent: "bad context", monitor: "bad monitor"}
                """));
        List<String> problems = e.problems().stream().map(p -> p.line() + ": " + p.message()).toList();
        for (String expected : List.of("12: the AMI username is missing", "12: port must be 1..65535, not 70000",
                "12: '1-bad' is not an environment variable name", "13: device 'SIP/agent' must be",
                "15: agent 'nobody' is not one of the agents", "17: 'nowhere' is not one of the queues",
                "18: 'bad context' is not a dialplan context name",
                "18: 'bad monitor' is not a dialplan context name")) {
            assertThat(problems).as(problems.toString()).anyMatch(p -> p.startsWith(expected));
        }
    }

    @Test
    void outboundIsOffUnlessAChannelIsGivenAndTakesItsValues() throws Exception {
        ContactCenterConfig off = loader.parse("c.yaml", BASE + """
                asterisk:
                  enabled: true
                  servers:
                    - {host: 127.0.0.1, username: openucc}
                """);
        assertThat(off.asterisk().outbound().enabled()).isFalse();
        ContactCenterConfig c = loader.parse("c.yaml", BASE + """
                asterisk:
                  enabled: true
                  servers:
                    - {host: 127.0.0.1, username: openucc}
                  outbound:
                    channel: SIP/carrier/${digits}
                    callerId: "+4930555000"
                """);
        AsteriskConfig.Outbound o = c.asterisk().outbound();
        assertThat(o.enabled()).isTrue();
        assertThat(o.context()).isEqualTo("openucc-outbound");
        assertThat(o.channelFor("+4930123456")).isEqualTo("SIP/carrier/4930123456");
        assertThat(new AsteriskConfig.Outbound("PJSIP/${number}@carrier", null, null).channelFor("+4930123456"))
                .isEqualTo("PJSIP/+4930123456@carrier");
    }

    @Test
    void outboundMistakesAreReportedAtTheirLines() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("c.yaml", BASE + """
                asterisk:
                  enabled: true
                  servers:
                    - {host: 127.0.0.1, username: openucc}
                  outbound:
                    channel: SIP/carrier
                    context: "bad context"
                    callerId: "call me"
                """));
        List<String> problems = e.problems().stream().map(p -> p.line() + ": " + p.message()).toList();
        for (String expected : List.of("14: outbound channel 'SIP/carrier' must be a channel technology and ${number}",
                "15: 'bad context' is not a dialplan context name", "16: callerId 'call me' is not a number")) {
            assertThat(problems).as(problems.toString()).anyMatch(p -> p.startsWith(expected));
        }
        ConfigException noChannel = catchThrowableOfType(ConfigException.class, () -> loader.parse("c.yaml", BASE + """
                asterisk:
                  enabled: true
                  servers:
                    - {host: 127.0.0.1, username: openucc}
                  outbound:
                    callerId: "4930555000"
                """));
        assertThat(noChannel.problems()).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(14);
            assertThat(p.message()).contains("outbound has no channel");
        });
    }
}
