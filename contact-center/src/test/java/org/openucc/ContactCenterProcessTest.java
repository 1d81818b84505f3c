package org.openucc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code main} as an operator meets it: a real JVM, its exit status, what it prints, and SIGTERM. */
class ContactCenterProcessTest {
    private static final Pattern LISTENING = Pattern.compile("HTTP API listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path work;
    private Path log;
    private Process process;

    @AfterEach
    void killLeftovers() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void brokenConfigExitsWithStatus2AndListsEveryProblemWithoutAStackTrace() throws Exception {
        start(Map.of(), "--config", Path.of("contact-center", "src", "test", "resources", "config", "broken.yaml").toString());

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(process.exitValue()).isEqualTo(ContactCenter.EXIT_CONFIG);
        List<String> output = output();
        assertThat(output.get(0)).isEqualTo("configuration has 29 problems:");
        assertThat(output).contains(Path.of("contact-center", "src", "test", "resources", "config", "broken.yaml")
                + ":4:13: server.httpPort: expected a whole number, found 'abc'");
        assertThat(String.join("\n", output)).doesNotContain("Exception", "\tat ");
    }

    @Test
    void sigtermStopsTheServerCleanly() throws Exception {
        start(Map.of("OPENUCC_HTTP_PORT", "0", "OPENUCC_SIP_PORT", "0", "OPENUCC_DATA_DIR", work.resolve("data").toString()),
                "--config", Path.of("config", "contact-center.yaml").toString());
        // A hang guard, not a speed check: the first start generates 10,000 demo customers.
        int port = await().atMost(Duration.ofSeconds(180)).until(this::boundPort, p -> p > 0);

        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");

        process.destroy(); // SIGTERM: the shutdown hook stops every component
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(process.exitValue()).as("killed by SIGTERM after the hook ran").isEqualTo(128 + 15);
        assertThat(output()).anyMatch(l -> l.contains("OpenUCC stopped in"))
                .noneMatch(l -> l.contains("ERROR") || l.contains("WARN"));
    }

    @Test
    void sigtermDuringTheFirstStartsDemoDataGenerationStopsItAndTheServer() throws Exception {
        // A million demo customers: far more than can be generated before the signal arrives.
        Path config = work.resolve("contact-center.yaml");
        Files.writeString(config, Files.readString(Path.of("..", "config", "contact-center.yaml"))
                .replace("demoCustomers: 10000", "demoCustomers: 1000000"));
        Files.copy(Path.of("..", "config", "logback.xml"), work.resolve("logback.xml"));
        start(Map.of("OPENUCC_HTTP_PORT", "0", "OPENUCC_SIP_PORT", "0", "OPENUCC_DATA_DIR", work.resolve("data").toString()),
                "--config", config.toString());
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            assertThat(process.isAlive()).as("server still running; output so far: %s", output()).isTrue();
            return output().stream().anyMatch(l -> l.contains("generating 1000000 demo customers"));
        });

        process.destroy(); // SIGTERM while the demo data is being generated
        // A hang guard (the stop budget is 20 s); before the fix the signal waited for the whole generation.
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(process.exitValue()).as("killed by SIGTERM after the hook ran").isEqualTo(128 + 15);
        List<String> output = output();
        assertThat(output).anyMatch(l -> l.contains("demo data generation stopped after"))
                .anyMatch(l -> l.contains("OpenUCC stopped in"))
                .noneMatch(l -> l.contains("demo data: ") || l.contains("cannot start") || l.contains("ERROR"));
    }

    private int boundPort() throws IOException {
        List<String> output = output();
        for (String line : output) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        assertThat(process.isAlive()).as("server still running; output so far: %s", output).isTrue();
        return 0;
    }

    private void start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                ContactCenter.class.getName()));
        command.addAll(List.of(args));
        log = work.resolve("server.log");
        // Output goes to a file, not a pipe: the JDK drains and closes a child's pipe when it exits,
        // racing with a reader, and the lines the shutdown hook writes last are the ones we check.
        // From the repository root, as the README runs it: prompts and config are found relative to it.
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(Path.of("..").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("OPENUCC_"));
        pb.environment().putAll(env);
        process = pb.start();
    }

    private List<String> output() throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }
}
