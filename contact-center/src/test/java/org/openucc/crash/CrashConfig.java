package org.openucc.crash;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped demo configuration made fit for the crash test, written to a file for the server
 * JVM: queues always open, no demo customers (so no tier changes the first-come order), HTTP and SIP
 * on free ports, an RTP range found free, the mailbox on the test's GreenMail, callbacks dialled to
 * the test's customer phone, and the per-address limits of chat and callbacks raised, since every
 * test client comes from 127.0.0.1. Every replacement must match: if the demo file changes shape,
 * this fails at once instead of testing something else.
 */
final class CrashConfig {
    static final Path DEMO = Path.of("..", "config", "contact-center.yaml");
    static final String MAILBOX = "service@openucc.test";
    static final String MAILBOX_PASSWORD = "mailbox-secret";
    static final String MAIL_PASSWORD_ENV = "OPENUCC_CRASH_MAIL_PASSWORD";
    private static final int RTP_PORTS = 200;

    private CrashConfig() {
    }

    /** Writes the configuration; returns the file. */
    static Path write(Path file, int rtpMin, int imapPort, int smtpPort, int customerPhonePort) throws IOException {
        String yaml = Files.readString(DEMO, StandardCharsets.UTF_8);
        yaml = replace(yaml, "demoData: true", "demoData: false");
        yaml = replaceAll(yaml, "(?m)^    businessHours: \\S+\\R", "");
        yaml = replace(yaml, "  httpPort: 8080 ", "  httpPort: 0    ");
        yaml = replace(yaml, "  port: 5060\n", "  port: 0\n");
        yaml = replace(yaml, "rtpPortMin: 20000", "rtpPortMin: " + rtpMin);
        yaml = replace(yaml, "rtpPortMax: 29999", "rtpPortMax: " + (rtpMin + RTP_PORTS - 1));
        yaml = replace(yaml, "recordCalls: true", "recordCalls: false");
        yaml = replace(yaml, "  watch: true ", "  watch: false");
        yaml = replace(yaml, "maxChatsPerAddress: 3", "maxChatsPerAddress: 1000");
        yaml = replace(yaml, "maxStartsPerMinutePerAddress: 5", "maxStartsPerMinutePerAddress: 1000");
        yaml = replace(yaml, "maxMessagesPerMinute: 30", "maxMessagesPerMinute: 1000");
        yaml = replace(yaml, "maxRequestsPerHourPerAddress: 5", "maxRequestsPerHourPerAddress: 1000");
        yaml = replace(yaml, "dialUri: \"sip:{number}@127.0.0.1:5070\"",
                "dialUri: \"sip:{number}@127.0.0.1:" + customerPhonePort + "\"");
        yaml = replaceAll(yaml, "(?s)  email:\\n    enabled: false.*?    acknowledge: true\\n", Matcher.quoteReplacement("""
                  email:
                    enabled: true
                    address: %s
                    imapHost: 127.0.0.1
                    imapPort: %d
                    imapSsl: false
                    idle: true
                    pollInterval: 200ms
                    smtpHost: 127.0.0.1
                    smtpPort: %d
                    smtpStartTls: false
                    passwordEnv: %s
                    queue: email
                    acknowledge: true
                """.formatted(MAILBOX, imapPort, smtpPort, MAIL_PASSWORD_ENV)));
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    /**
     * A run of {@value #RTP_PORTS} UDP ports on 127.0.0.1 that are free right now, above the demo's range.
     * Not from the test's seeded plan: how many tries it takes depends on the machine.
     */
    static int freeRtpRange(Random random) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 30_000 + 2 * random.nextInt(15_000);
            if (allFree(base)) {
                return base;
            }
        }
        throw new IllegalStateException("no free run of " + RTP_PORTS + " UDP ports found in 50 attempts");
    }

    private static boolean allFree(int base) {
        for (int p = base; p < base + RTP_PORTS; p++) {
            try (DatagramSocket s = new DatagramSocket(p, InetAddress.getLoopbackAddress())) {
                s.getLocalPort();
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    private static String replace(String yaml, String from, String to) {
        if (!yaml.contains(from)) {
            throw new IllegalStateException("the demo configuration " + DEMO + " no longer contains '" + from
                    + "'; update CrashConfig");
        }
        return yaml.replace(from, to);
    }

    private static String replaceAll(String yaml, String regex, String to) {
        if (!Pattern.compile(regex).matcher(yaml).find()) {
            throw new IllegalStateException("the demo configuration " + DEMO + " no longer matches /" + regex
                    + "/; update CrashConfig");
        }
        return yaml.replaceAll(regex, to);
    }
}
