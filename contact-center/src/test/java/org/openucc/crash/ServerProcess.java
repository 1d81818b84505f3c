package org.openucc.crash;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openucc.ContactCenter;


/**
 * The server as an operator runs it: its own JVM started from the repository root with a
 * configuration file, its output in a file; up when {@code /health} says UP; killed with SIGKILL
 * ({@link Process#destroyForcibly()} on Linux), so no shutdown hook and no orderly close of anything.
 */
public final class ServerProcess {
    private static final Pattern HTTP = Pattern.compile("HTTP API listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern SIP = Pattern.compile("SIP listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    /** When the kill was asked for (nothing after it can have been acknowledged) and when the JVM was gone. */
    public record Killed(Instant sentAt, Instant doneAt, int exitStatus) {
    }

    private final Process process;
    private final Path output;
    private final int httpPort;
    private final int sipPort;
    private final Instant upAt;
    private Instant killSentAt;

    private ServerProcess(Process process, Path output, int httpPort, int sipPort, Instant upAt) {
        this.process = process;
        this.output = output;
        this.httpPort = httpPort;
        this.sipPort = sipPort;
        this.upAt = upAt;
    }

    /**
     * Starts the server and returns once /health says UP (at most 90 s; if the JVM dies first, its
     * output is in the error).
     */
    public static ServerProcess start(Path config, Path dataDir, Path output, Map<String, String> env) throws Exception {
        // Start-up speed on a shared 2-core machine: C1 only, one GC thread, a small heap.
        return start(config, dataDir, output, env, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m",
                "-Xss512k"), Path.of("..").toAbsolutePath().normalize()); // the repository root, like a user
    }

    /**
     * As {@link #start(Path, Path, Path, Map)}, with the JVM's options ({@code List.of()}: the default start
     * command, as a benchmark of the server's own memory needs) and its working directory.
     */
    public static ServerProcess start(Path config, Path dataDir, Path output, Map<String, String> env,
            List<String> jvmOptions, Path directory) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ContactCenter.class.getName(),
                "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("OPENUCC_"));
        pb.environment().put("OPENUCC_DATA_DIR", dataDir.toString());
        pb.environment().putAll(env);
        long from = Files.exists(output) ? Files.size(output) : 0;
        Process p = pb.start();
        int[] ports = new int[2];
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            await().atMost(START_LIMIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the server JVM exited with " + p.exitValue()
                            + " while starting; its output:\n" + tail(output, from));
                }
                String text = read(output, from);
                ports[0] = ports[0] > 0 ? ports[0] : port(HTTP, text);
                ports[1] = ports[1] > 0 ? ports[1] : port(SIP, text);
                return ports[0] > 0 && ports[1] > 0 && up(client, ports[0]);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            p.destroyForcibly();
            throw new IllegalStateException("the server was not UP within " + START_LIMIT.toSeconds()
                    + " s; its output:\n" + tail(output, from), e);
        }
        return new ServerProcess(p, output, ports[0], ports[1], Instant.now());
    }

    private static boolean up(HttpClient client, int port) {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().startsWith("{\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int port(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    public int httpPort() {
        return httpPort;
    }

    public int sipPort() {
        return sipPort;
    }

    public long pid() {
        return process.pid();
    }

    public Instant upAt() {
        return upAt;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the JVM has exited (e.g. a kill triggered elsewhere) or {@code millis} passed. */
    public void waitForExit(long millis) throws InterruptedException {
        process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Sends SIGKILL now (once; later calls do nothing), from any thread: e.g. from a client's thread
     * the instant an acknowledgement arrived, to hit the window between acknowledging and storing.
     */
    public void signalKill() {
        synchronized (process) {
            if (killSentAt == null) {
                killSentAt = Instant.now();
                process.destroyForcibly();
            }
        }
    }

    /** Whether SIGKILL was sent (the JVM may still be on its way out). */
    public boolean killSent() {
        synchronized (process) {
            return killSentAt != null;
        }
    }

    /** SIGKILL (unless already sent), and wait (at most 30 s) until the JVM is gone. */
    public Killed kill() throws InterruptedException {
        signalKill();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server JVM " + process.pid() + " survived SIGKILL for 30 s");
        }
        Instant sent;
        synchronized (process) {
            sent = killSentAt;
        }
        return new Killed(sent, Instant.now(), process.exitValue());
    }

    /** SIGTERM, the orderly stop (the server's shutdown hook runs); SIGKILL if it still runs after {@code seconds}. */
    public void stop(long seconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            destroy();
        }
    }

    /** For clean-up after a failure: kill whatever still runs. */
    public void destroy() {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.onExit().completeOnTimeout(process, 10, TimeUnit.SECONDS).join();
        }
    }

    /** The server's output since it started (the file holds every round's). */
    public String output() throws IOException {
        return read(output, 0);
    }

    private static String read(Path file, long from) {
        try {
            byte[] all = Files.readAllBytes(file);
            int start = (int) Math.min(from, all.length);
            return new String(all, start, all.length - start, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path file, long from) {
        String text = read(file, from);
        return text.length() > 6000 ? "…" + text.substring(text.length() - 6000) : text;
    }

}
