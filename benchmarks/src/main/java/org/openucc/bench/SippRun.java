package org.openucc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One sipp process of a benchmark, with its per-second statistics file. */
final class SippRun implements AutoCloseable {
    final String name;
    final Process process;
    final Path stats;
    final Path out;

    SippRun(Path work, String name, List<String> args) throws IOException {
        this.name = name;
        this.stats = work.resolve(name + "-stats.csv");
        this.out = work.resolve(name + ".out");
        List<String> cmd = new ArrayList<>();
        cmd.add("sipp");
        cmd.addAll(args);
        cmd.addAll(List.of("-nostdin", "-trace_stat", "-stf", stats.toString(), "-fd", "1", "-trace_err",
                "-error_file", work.resolve(name + "-errors.log").toString()));
        process = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    /**
     * sipp callers ({@code caller.xml}) of {@code number} on the server's {@code sipPort}: {@code calls} calls at
     * {@code rate} a second, each playing {@code pcap} after the ACK and hanging up {@code callMillis} after it.
     */
    static SippRun callers(Path work, String name, Path scenarios, int sipPort, String number, Path pcap, int rate,
            long calls, long callMillis, long timeoutSeconds, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("127.0.0.1:" + sipPort, "-sf", scenarios.resolve("caller.xml").toString(),
                "-i", "127.0.0.1", "-p", String.valueOf(org.openucc.telephony.sip.Sipp.freeUdpPort()),
                "-mp", String.valueOf(org.openucc.telephony.sip.Sipp.freeMediaPort()), "-s", number, "-key", "pcap",
                pcap.toString(), "-d", String.valueOf(callMillis), "-r", String.valueOf(rate), "-m", String.valueOf(calls),
                "-l", "10000", "-timeout", timeoutSeconds + "s"));
        args.addAll(List.of(more));
        return new SippRun(work, name, args);
    }

    /** One sipp UAS ({@code agent-phone.xml}) on {@code port} answering every agent's leg and echoing its RTP. */
    static SippRun agentPhones(Path work, Path scenarios, int port) throws IOException {
        return new SippRun(work, "agent-phones", List.of("-sf", scenarios.resolve("agent-phone.xml").toString(),
                "-i", "127.0.0.1", "-p", String.valueOf(port),
                "-mp", String.valueOf(org.openucc.telephony.sip.Sipp.freeMediaPort()), "-rtp_echo"));
    }

    boolean await(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    /** The cumulative counters of the last statistics row. */
    Map<String, Long> counters() throws IOException {
        Map<String, Long> m = new HashMap<>();
        if (!Files.exists(stats)) {
            return m;
        }
        List<String> lines = Files.readAllLines(stats);
        if (lines.size() < 2) {
            return m;
        }
        String[] head = lines.get(0).split(";");
        String[] last = lines.get(lines.size() - 1).split(";");
        for (int i = 0; i < Math.min(head.length, last.length); i++) {
            if (head[i].endsWith("(C)") || head[i].equals("TotalCallCreated")) {
                try {
                    m.put(head[i].replace("(C)", ""), Long.parseLong(last[i].trim()));
                } catch (NumberFormatException e) {
                    // not a counter
                }
            }
        }
        return m;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
