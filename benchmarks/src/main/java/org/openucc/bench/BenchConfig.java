package org.openucc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shipped demo configuration ({@code config/contact-center.yaml}) rewritten for a benchmark's server:
 * no demo data, queues open around the clock (business hours removed), a free HTTP and SIP port, its own
 * data directory, flows not watched; then whatever the benchmark adds (its queue, agents, phones' accounts,
 * RTP range). Every replacement must find its text: a changed demo file fails here, not as an odd figure.
 */
final class BenchConfig {
    private String yaml;

    private BenchConfig(String yaml) {
        this.yaml = yaml;
    }

    static BenchConfig demo(Path repo, Path data) throws IOException {
        BenchConfig c = new BenchConfig(Files.readString(repo.resolve("config/contact-center.yaml"), StandardCharsets.UTF_8));
        c.yaml = c.yaml.replaceAll("(?m)^    businessHours: \\S+\\R", "");
        c.yaml = c.yaml.replaceFirst("(?m)^  dataDir: \\S+", "  dataDir: " + data.toAbsolutePath());
        Files.createDirectories(data);
        return c.replace("demoData: true", "demoData: false")
                .replace("  httpPort: 8080 ", "  httpPort: 0    ")
                .replace("  port: 5060\n", "  port: 0\n")
                .replace("  watch: true ", "  watch: false");
    }

    /** Replaces text that must be there. */
    BenchConfig replace(String text, String with) {
        if (!yaml.contains(text)) {
            throw new IllegalStateException("config/contact-center.yaml has no '" + text.strip() + "' to replace");
        }
        yaml = yaml.replace(text, with);
        return this;
    }

    BenchConfig rtpPorts(int min, int max) {
        return replace("rtpPortMin: 20000", "rtpPortMin: " + min).replace("rtpPortMax: 29999", "rtpPortMax: " + max);
    }

    BenchConfig recordCalls(boolean record) {
        return record ? this : replace("  recordCalls: true", "  recordCalls: false");
    }

    /**
     * Puts {@code lines} (each ending with a newline, indented as the section's items) first in the
     * section whose header line is {@code header} (e.g. {@code "queues:"}, {@code "  accounts:"}).
     */
    BenchConfig prepend(String header, CharSequence lines) {
        String before = yaml;
        yaml = yaml.replaceFirst("(?m)^" + java.util.regex.Pattern.quote(header) + "\\R",
                java.util.regex.Matcher.quoteReplacement(header + "\n" + lines));
        if (yaml.equals(before)) {
            throw new IllegalStateException("config/contact-center.yaml has no section '" + header + "'");
        }
        return this;
    }

    /** The benchmark's voice queue {@code id}: longest idle, no cap on waiting calls, no wrap-up. */
    BenchConfig voiceQueue(String id, String name) {
        return prepend("queues:", """
                  - id: %s
                    name: %s
                    channels: [VOICE]
                    strategy: longest-idle
                    maxWaiting: 0
                    wrapUp: 0s
                    offerTimeout: 20s
                """.formatted(id, name));
    }

    BenchConfig append(String text) {
        yaml += text;
        return this;
    }

    Path write(Path file) throws IOException {
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }
}
