package org.openucc.config.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.IvrConfig;

/** The ivr section: its values and defaults, its problems with lines, and that no section is lost on the way. */
class IvrSectionTest {
    @TempDir
    Path dir;

    @Test
    void ivrAndStoreSectionsSurviveTheEnvironmentOverrides() throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, """
                reasonCodes: [{code: missed}]
                store: {maxPoolSize: 3, historyLength: 4}
                ivr:
                  flowsDir: flows
                  languages: [zh, en]
                  timeZone: Asia/Shanghai
                  watch: false
                """);

        ContactCenterConfig c = new ConfigLoader().load(
                LaunchOptions.parse(List.of("--config", file.toString()), Map.of("OPENUCC_HTTP_PORT", "0")));

        assertThat(c.server().httpPort()).isZero();
        assertThat(c.store().maxPoolSize()).isEqualTo(3);
        assertThat(c.store().historyLength()).isEqualTo(4);
        IvrConfig ivr = c.ivr();
        assertThat(ivr.flowsPath()).isEqualTo("flows");
        assertThat(ivr.flowsRequired()).isTrue();
        assertThat(ivr.promptsPath()).isEqualTo(IvrConfig.DEFAULT_PROMPTS_DIR);
        assertThat(ivr.languages()).containsExactly("zh", "en");
        assertThat(ivr.defaultLanguage()).isEqualTo("zh");
        assertThat(ivr.timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(ivr.watch()).isFalse();
        assertThat(ivr.voicemailDir("data")).isEqualTo("data/voicemail");
    }

    @Test
    void withoutTheSectionTheDefaultFlowsAreOptional() throws Exception {
        IvrConfig ivr = new ConfigLoader().parse("c.yaml", "reasonCodes: [{code: missed}]\n").ivr();

        assertThat(ivr.flowsPath()).isEqualTo(IvrConfig.DEFAULT_FLOWS_DIR);
        assertThat(ivr.flowsRequired()).isFalse();
        assertThat(ivr.languages()).containsExactly("en", "zh");
        assertThat(ivr.holdMusic()).isEqualTo("queue-music");
        assertThat(ivr.watch()).isTrue();
    }

    @Test
    void badIvrValuesAreReportedWithTheirLines() {
        ConfigException e = catchThrowableOfType(() -> new ConfigLoader().parse("c.yaml", """
                reasonCodes: [{code: missed}]
                ivr:
                  flowDir: flows
                  languages: [en, French]
                  defaultLanguage: de
                  timeZone: Mars/Olympus
                  watch: maybe
                """), ConfigException.class);

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                "c.yaml:3:3: unknown key 'flowDir' in ivr; did you mean 'flowsDir'? (allowed: flowsDir, promptsDir,"
                        + " languages, defaultLanguage, holdMusic, timeZone, voicemailDir, watch)",
                "c.yaml:4:19: 'French' is not a language code such as en or zh; prompts are looked up in"
                        + " <promptsDir>/<language>/",
                "c.yaml:5:20: defaultLanguage 'de' is not one of the languages [en, French]",
                "c.yaml:6:13: ivr.timeZone: unknown time zone 'Mars/Olympus'; use a region like Europe/Berlin or an"
                        + " offset like +01:00",
                "c.yaml:7:10: ivr.watch: expected true or false, found 'maybe'");
    }
}
