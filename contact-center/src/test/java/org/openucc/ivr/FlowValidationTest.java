package org.openucc.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.loader.ConfigProblem;
import org.openucc.ivr.flow.FlowSet;
import org.openucc.ivr.load.FlowEnvironment;
import org.openucc.ivr.load.FlowLoader;
import org.openucc.ivr.load.IvrFlowException;

/** Broken flows are refused with every problem at once, each at its file, line and column. */
class FlowValidationTest {
    static final FlowEnvironment DEMO = FlowEnvironment.of(IvrFiles.DEMO).withPromptsDir(IvrFiles.PROMPTS);

    @TempDir
    Path tmp;

    @Test
    void theShippedFlowsAreValidWithTheShippedConfigurationAndPrompts() throws Exception {
        FlowSet flows = new FlowLoader(DEMO).load(IvrFiles.FLOWS, 1, Instant.now());

        assertThat(flows.flows()).containsOnlyKeys("main", "identify", "self-service", "hold", "callback",
                "after-hours", "order-status", "direct");
    }

    @Test
    void aBrokenFlowDirectoryIsRefusedWithEveryProblemAndItsLine() {
        Path dir = Path.of("src", "test", "resources", "ivr", "broken");
        String main = dir.resolve("main.yaml").toString();
        String en = IvrFiles.PROMPTS.resolve("en").resolve("welcom.wav").toString();
        String zh = IvrFiles.PROMPTS.resolve("zh").resolve("welcom.wav").toString();

        List<String> problems = problems(() -> new FlowLoader(DEMO).load(dir, 1, Instant.now()));

        assertThat(problems).containsExactly(
                dir.resolve("helper.yaml") + ":7:5: duplicate key 'next' (first written at line 6); remove one of them",
                main + ":4:1: unknown key 'langauges' in a flow file; did you mean 'languages'? (allowed: description,"
                        + " languages, language, start, variables, onError, nodes)",
                main + ":10:24: prompt 'welcom': " + en + " is missing",
                main + ":10:24: prompt 'welcom': " + zh + " is missing",
                main + ":12:3: node 'main-menu' (menu) has no 'fallback': name where to go when the caller gives no"
                        + " valid answer after the retries",
                main + ":17:12: node 'main-menu' (menu): options.2: there is no node 'suport' in flow 'main'",
                main + ":18:7: node 'main-menu' (menu): options: 'x' is not a key of the phone's keypad (0-9, * or #;"
                        + " quote * and #)",
                main + ":19:14: node 'main-menu' (menu): timeout: expected a duration like 500ms, 30s, 2m, 4h, 1d or"
                        + " 1h30m, found 'five seconds'",
                main + ":20:5: unknown field 'fallbak' in node 'main-menu' (menu); did you mean 'fallback'? (allowed:"
                        + " type, prompts, options, timeout, retries, invalidPrompts, noInputPrompts, bargeIn, fallback)",
                main + ":21:3: node 'sales' (set): skill 'lang-fr' is not declared in skills; did you mean 'lang-de'?"
                        + " (declared: billing, general, lang-de, lang-en, lang-es, lang-zh, sales, support, tech,"
                        + " vip-care)",
                main + ":23:12: node 'sales' (set): there is no queue 'salse'; did you mean 'sales'? (queues: sales, support, billing,"
                        + " operator, vip, general, chat, email, telesales, outbound)",
                main + ":26:22: node 'sales' (set): variables.tries: the expression ends too early; a value is missing"
                        + " in 'tries +'",
                main + ":30:10: unknown variable 'custmer.tier' (did you mean 'customer.tier'?); variables come from"
                        + " set, collect (into), http (results) and the flows' variables, or are built in (caller,"
                        + " customer.tier, …)",
                main + ":30:41: open('deafult'): there is no business-hours calendar 'deafult'; did you mean"
                        + " 'default'? (calendars: default, extended)",
                main + ":37:16: node 'collect-account' (collect): minDigits: minDigits 8 is more than maxDigits 6",
                main + ":39:14: node 'collect-account' (collect): pattern: not a valid regular expression: Unclosed"
                        + " character class near index 3",
                main + ":45:14: node 'operator' (queue): maxWait: with maxWait the node needs 'onMaxWait': where the"
                        + " caller goes after waiting that long",
                main + ":50:12: node 'voicemail' (voicemail): queue 'billing' does not take CALLBACK interactions (its"
                        + " channels: [VOICE])",
                main + ":54:3: loop without caller input: spin → spin-back → spin; a call would go round it forever."
                        + " Put a menu, collect, queue or voicemail on it, or end it",
                main + ":54:3: node 'spin' is never reached from start 'welcome'; remove it or lead a next step to it",
                main + ":58:3: node 'spin-back' is never reached from start 'welcome'; remove it or lead a next step"
                        + " to it",
                main + ":63:3: node 'away' is never reached from start 'welcome'; remove it or lead a next step to it",
                main + ":65:11: node 'away' (goto): there is no flow 'other-flow' (flows: helper, main)",
                main + ":67:11: unknown node type 'playback' for node 'old' (allowed: play, say, menu, collect, lookup,"
                        + " branch, switch, set, queue, callback, voicemail, http, transfer, goto, hangup)");
    }

    @Test
    void aYamlSyntaxErrorIsReportedAtItsLineAndGotoToThatFlowIsNoSecondProblem() {
        Map<String, String> flows = flows(
                "main", """
                        start: a
                        nodes:
                          a: {type: goto, flow: other}
                        """,
                "other", """
                        description: Closed: callback
                        start: a
                        """);

        assertThat(problems(flows)).containsExactly(
                "other.yaml:1:20: YAML syntax error: mapping values are not allowed here");
    }

    @Test
    void aLoopWithoutInputAcrossFlowsIsFoundButALoopThroughAMenuIsFine() {
        Map<String, String> flows = flows(
                "main", """
                        start: hello
                        nodes:
                          hello: {type: play, prompts: welcome, next: away}
                          away: {type: goto, flow: other}
                        """,
                "other", """
                        start: back
                        nodes:
                          back: {type: goto, flow: main}
                        """,
                "menu", """
                        start: ask
                        nodes:
                          ask:
                            type: menu
                            prompts: main-menu
                            options: {"1": again}
                            fallback: ask
                          again: {type: play, prompts: welcome, next: ask}
                        """);

        assertThat(problems(flows)).containsExactly("main.yaml:3:3: loop without caller input: hello → away →"
                + " other:back → hello; a call would go round it forever. Put a menu, collect, queue or voicemail on"
                + " it, or end it");
    }

    @Test
    void expressionErrorsPointAtTheColumnInsideQuotedAndPlainValues() {
        Map<String, String> flows = flows("main", """
                start: a
                nodes:
                  a:
                    type: branch
                    if: "tries >> 3"
                    then: b
                    else: b
                  b:
                    type: set
                    priority: len(caller) * nope(2)
                    next: c
                  c: {type: hangup}
                """);

        assertThat(problems(flows)).containsExactly(
                "main.yaml:5:17: node 'a' (branch): if: unexpected '>' in 'tries >> 3'",
                "main.yaml:10:29: node 'b' (set): priority: unknown function 'nope' (functions: open, holiday, hour,"
                        + " minute, weekday, time, today, waiting, estimatedWait, len, lower, upper, slug, contains,"
                        + " startsWith, last, empty, number, default) in 'len(caller) * nope(2)'");
    }

    @Test
    void missingNextStepsAndNodesThatDoNothingAreReported() {
        Map<String, String> flows = flows("main", """
                start: a
                nodes:
                  a: {type: play, prompts: welcome}
                  b: {type: set, next: c}
                  c: {type: lookup, by: account, found: a, notFound: a}
                """);

        assertThat(problems(flows)).containsExactly(
                "main.yaml:3:3: node 'a' (play) has no 'next': name the node that comes after it",
                "main.yaml:4:3: node 'b' (set) sets nothing: give variables, language, queue, skills, priority or"
                        + " attributes",
                "main.yaml:4:3: node 'b' is never reached from start 'a'; remove it or lead a next step to it",
                "main.yaml:5:3: node 'c' is never reached from start 'a'; remove it or lead a next step to it",
                "main.yaml:5:25: node 'c' (lookup): by: account lookups need 'account': the expression giving the"
                        + " account number (e.g. account)");
    }

    @Test
    void aPromptMissingInOneLanguageOrNotEightKilohertzIsReported() throws Exception {
        Path prompts = tmp.resolve("prompts");
        Files.createDirectories(prompts.resolve("en"));
        Files.createDirectories(prompts.resolve("zh"));
        Files.copy(IvrFiles.PROMPTS.resolve("en/welcome.wav"), prompts.resolve("en/welcome.wav"));
        Files.write(prompts.resolve("en/loud.wav"), wavHeader(16_000));
        Files.write(prompts.resolve("zh/loud.wav"), wavHeader(8_000));
        FlowEnvironment env = DEMO.withPromptsDir(prompts);
        Map<String, String> flows = flows("main", """
                start: a
                nodes:
                  a: {type: play, prompts: [welcome, loud], next: b}
                  b: {type: hangup}
                """);

        assertThat(problems(() -> new FlowLoader(env).load(flows, Map.of(), 1, Instant.now()))).containsExactly(
                "main.yaml:3:29: prompt 'welcome': " + prompts.resolve("zh/welcome.wav") + " is missing",
                "main.yaml:3:38: prompt 'loud': " + prompts.resolve("en/loud.wav") + " is 16000 Hz, 1 channel(s),"
                        + " format 1/16 bits; prompts must be 8 kHz mono 16-bit PCM, µ-law or A-law"
                        + " (sox in.wav -r 8000 -c 1 -e mu-law out.wav)");
    }

    @Test
    void callbacksAndVoicemailsNeedAQueueThatTakesCallbacks() {
        Map<String, String> flows = flows("main", """
                start: a
                nodes:
                  a: {type: callback, queue: billing, next: b}
                  b: {type: voicemail, queue: sales, next: c}
                  c: {type: hangup}
                """);

        assertThat(problems(flows)).containsExactly("main.yaml:3:30: node 'a' (callback): queue 'billing' does not"
                + " take CALLBACK interactions (its channels: [VOICE])");
    }

    @Test
    void anHttpNodeMustNameItsServerAndHasNoBodyOnGet() {
        Map<String, String> flows = flows("main", """
                start: a
                variables: {base: "'http://x'"}
                nodes:
                  a:
                    type: http
                    url: "${base}/orders"
                    body: "{}"
                    results: {total: total}
                    next: b
                    error: b
                  b: {type: hangup}
                """);

        assertThat(problems(flows)).containsExactly(
                "main.yaml:6:10: node 'a' (http): url: must start with http:// or https:// written out (not from a"
                        + " variable)",
                "main.yaml:7:11: node 'a' (http): body: a GET request has no body; use method: POST",
                "main.yaml:8:22: node 'a' (http): results.total: 'total' is not a JSON pointer (e.g. /order/status)");
    }

    private static byte[] wavHeader(int rate) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36).putInt(0x45564157).putInt(0x20746d66).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2)
                .putShort((short) 16).putInt(0x61746164).putInt(0);
        return b.array();
    }

    private static Map<String, String> flows(String... nameAndText) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndText.length; i += 2) {
            m.put(nameAndText[i], nameAndText[i + 1]);
        }
        return m;
    }

    private static List<String> problems(Map<String, String> flows) {
        return problems(() -> new FlowLoader(DEMO).load(flows, Map.of(), 1, Instant.now()));
    }

    interface Load {
        FlowSet load() throws IvrFlowException;
    }

    private static List<String> problems(Load load) {
        IvrFlowException e = (IvrFlowException) org.assertj.core.api.Assertions.catchThrowable(load::load);
        assertThat(e).as("the flows should have been refused").isNotNull();
        assertThat(e.getMessage()).startsWith("IVR flows have " + e.problems().size() + " problem");
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void theLoaderNeverAcceptsAPartOfTheFlows() {
        assertThatThrownBy(() -> new FlowLoader(DEMO).load(tmp.resolve("nothing-here"), 1, Instant.now()))
                .isInstanceOf(IvrFlowException.class).hasMessageContaining("no such directory");
    }
}
