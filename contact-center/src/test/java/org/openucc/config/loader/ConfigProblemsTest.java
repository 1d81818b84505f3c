package org.openucc.config.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A broken file yields every problem in one run, each at the line and column where it is written. */
class ConfigProblemsTest {
    private static final Path BROKEN = Path.of("src", "test", "resources", "config", "broken.yaml");

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void everyMistakeInTheFileIsReportedAtItsLineAndColumn() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(BROKEN));

        assertThat(where(e.problems())).containsExactly(
                "4:13 server.httpPort: expected a whole number, found 'abc'",
                "6:3 unknown key 'htpPort' in server; did you mean 'httpPort'? (allowed: host, httpPort, dataDir, http, webSocket)",
                "8:21 routing.missedReasonCode 'gone' is not declared in reasonCodes (declared: break)",
                "12:9 duplicate skill id 'sales' (ids must be unique)",
                "13:5 skills[3] has no id; every skill needs one",
                "16:12 duplicate reason code 'break' (codes must be unique)",
                "19:12 duplicate disposition code 'resolved' (codes must be unique)",
                "22:15 businessHours[0].timeZone: unknown time zone 'Europe/Berln'; use a region like Europe/Berlin"
                        + " or an offset like +01:00",
                "25:7 businessHours[0].week: 'funday' is not a day of week; use one of MONDAY, TUESDAY, WEDNESDAY,"
                        + " THURSDAY, FRIDAY, SATURDAY, SUNDAY",
                "26:17 business hours 'default': opening time 18:00 must be before closing time 08:00 (ranges cannot"
                        + " pass midnight; split them into two days)",
                "27:28 businessHours[0].holidays[1]: expected a date like 2026-12-25, found '2026-13-01'",
                "28:9 duplicate business hours id 'default' (ids must be unique)",
                "31:23 queues[0].channels[1]: 'fax' is not a channel; use one of VOICE, CHAT, EMAIL, CALLBACK,"
                        + " OUTBOUND_VOICE",
                "32:21 queue 'sales': skill level must be 1..10, not 11",
                "32:25 queue 'sales': skill 'salse' is not declared in skills (declared: sales, support)",
                "33:29 queue 'sales': service level percent must be 1..100, not 120",
                "34:15 queue 'sales': unknown routing strategy 'cheapest-first'; known: least-occupied, longest-idle,"
                        + " most-skilled, ring-all, round-robin",
                "37:22 queue 'sales': overflow names queue 'nowhere', which is not declared (declared: sales, support)",
                "38:16 queue 'sales': overflow steps must be in increasing 'after' order: 30s does not come after 1m30s",
                "40:14 queue 'sales': maxWait must not be negative",
                "41:20 queue 'sales': maxWaitAction QUEUE needs maxWaitQueue (the queue to move interactions to)",
                "43:13 queues[0].wrapUp: expected a duration like 500ms, 30s, 2m, 4h, 1d or 1h30m, found '10 parsecs'",
                "44:20 queue 'sales': business hours 'weekends' are not declared in businessHours (declared: default)",
                "46:13 queues[1].skills: expected a mapping (key: value), found a list",
                "48:19 queue 'support': maxWaitQueue names queue 'limbo', which is not declared (declared: sales,"
                        + " support)",
                "51:21 agent 'alice': skill level must be 1..10, not 0",
                "52:23 agent 'alice': capacity for VOICE must be 0 or more, not -1",
                "55:5 duplicate key 'skills' (first written at line 54); remove one of them",
                "56:5 unknown key 'colour' in agents[1] (allowed: id, name, skills, capacity)");
    }

    @Test
    void problemsPrintAsFileLineColumnMessage() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(BROKEN));

        assertThat(e.problems().get(0)).hasToString(
                BROKEN + ":4:13: server.httpPort: expected a whole number, found 'abc'");
        assertThat(e.getMessage()).startsWith("configuration has 29 problems:" + System.lineSeparator() + BROKEN + ":4:13: ");
        assertThat(e.getMessage().lines()).hasSize(30);
    }

    @Test
    void yamlSyntaxErrorPointsAtTheOffendingCharacter() {
        String yaml = """
                server:
                  host: 127.0.0.1
                   httpPort: 8080
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("bad.yaml", yaml));

        assertThat(e.problems()).singleElement().hasToString(
                "bad.yaml:3:12: YAML syntax error: mapping values are not allowed here");
    }

    @Test
    void unclosedFlowListIsASyntaxErrorWithItsContext() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> loader.parse("bad.yaml", "skills: [{id: a}, {id: b}\nqueues: []\n"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo(1);
            assertThat(p.message()).isEqualTo(
                    "YAML syntax error: expected ',' or ']', but got <scalar> (while parsing a flow sequence)");
        });
    }

    @Test
    void aBadListItemDoesNotShiftTheLinesOfLaterProblems() {
        String yaml = """
                skills:
                  -
                  - id: a
                  - id: a
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("s.yaml", yaml));

        assertThat(where(e.problems())).contains(
                "2:4 skills: empty list item",
                "4:9 duplicate skill id 'a' (ids must be unique)");
    }

    @Test
    void lowercaseDayNamesStillReportTheLineWhereTheyAreWritten() {
        String yaml = """
                reasonCodes: [{code: missed}]
                businessHours:
                  - id: office
                    week:
                      monday: ["09:00-17:00"]
                      friday: ["17:00-09:00"]
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("h.yaml", yaml));

        assertThat(where(e.problems())).singleElement().asString().startsWith("6:16 business hours 'office':");
    }

    @Test
    void whenClosedMistakesAreReportedAtTheirLine() {
        String yaml = """
                reasonCodes: [{code: missed}]
                businessHours:
                  - id: office
                    week: {MONDAY: ["09:00-17:00"]}
                queues:
                  - id: chat
                    channels: [CHAT]
                    businessHours: office
                    whenClosed: OVERFLOW
                    whenClosedQueue: voice
                  - id: voice
                    whenClosed: QUEUE
                  - id: mail
                    channels: [EMAIL]
                    businessHours: office
                    whenClosed: sometimes
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("c.yaml", yaml));

        assertThat(where(e.problems())).containsExactly(
                "10:22 queue 'chat': whenClosedQueue 'voice' takes [VOICE], not all of [CHAT]",
                "12:17 queue 'voice': whenClosed QUEUE needs businessHours (a queue without a calendar is never closed)",
                "16:17 queues[2].whenClosed: 'sometimes' is not a closed action; use one of REJECT, QUEUE, OVERFLOW");
    }

    @Test
    void aValueThatCouldNotBeReadIsNotReportedTwice() {
        // The unparseable date is dropped by the shape check; the rules must not then add "missing" noise.
        String yaml = """
                reasonCodes: [{code: missed}]
                skills:
                  - id: [a, b]
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("d.yaml", yaml));

        assertThat(where(e.problems())).containsExactly("3:9 skills[0].id: expected a text value, found a list");
    }

    @Test
    void emptyFileAliasesAndSecondDocumentsAreReported() {
        assertThat(problemsOf("")).containsExactly("1:1 the file is empty");
        assertThat(problemsOf("reasonCodes: [{code: missed}]\nskills: [{id: &s a}, {id: *s}]\n"))
                .containsExactly("2:27 YAML aliases (*s) are not supported; write the value out");
        assertThat(problemsOf("reasonCodes: [{code: missed}]\n---\nskills: []\n")).singleElement().asString()
                .startsWith("3:1 only one YAML document is expected");
    }

    @Test
    void missingFileIsOneProblemNamingTheFile() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> loader.load(Path.of("no", "such", "openucc.yaml")));

        assertThat(e.problems()).singleElement().asString().startsWith(Path.of("no", "such", "openucc.yaml")
                + ": no such file");
    }

    private List<String> problemsOf(String yaml) {
        return where(catchThrowableOfType(ConfigException.class, () -> loader.parse("x.yaml", yaml)).problems());
    }

    private static List<String> where(List<ConfigProblem> problems) {
        return problems.stream().map(p -> p.line() + ":" + p.column() + " " + p.message()).toList();
    }
}
