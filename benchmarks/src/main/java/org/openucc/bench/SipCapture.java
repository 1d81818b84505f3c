package org.openucc.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Captures the server's SIP traffic on loopback with dumpcap and measures, on the wire, the delay
 * from each caller's INVITE to the B2BUA's INVITE towards the agent (matched by the caller's user
 * name, which the server presents as the caller id).
 */
final class SipCapture implements AutoCloseable {
    private final Path file;
    private final Process dumpcap;

    SipCapture(Path file, int sipPort) throws IOException, InterruptedException {
        this.file = file;
        this.dumpcap = new ProcessBuilder("dumpcap", "-i", "lo", "-f", "udp port " + sipPort, "-w", file.toString(), "-q")
                .redirectErrorStream(true).start();
        // dumpcap says "Capturing on 'Loopback: lo'" once it is ready.
        BufferedReader r = new BufferedReader(new InputStreamReader(dumpcap.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String line;
        while ((line = r.readLine()) != null && System.nanoTime() < deadline) {
            if (line.contains("Capturing on")) {
                break;
            }
        }
        Thread drain = new Thread(() -> {
            try {
                while (r.readLine() != null) {
                    // keep dumpcap's pipe from filling up
                }
            } catch (IOException closed) {
                // dumpcap stopped
            }
        }, "dumpcap-drain");
        drain.setDaemon(true);
        drain.start();
    }

    static boolean available() {
        try {
            return new ProcessBuilder("dumpcap", "-v").start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    void stop() throws InterruptedException {
        dumpcap.destroy();
        dumpcap.waitFor(5, TimeUnit.SECONDS);
    }

    /** p50/p95/p99 (microseconds) and count of caller-INVITE to agent-INVITE delays. */
    Map<String, Long> inviteToAgentInvite(int serverPort, int agentPort) throws IOException, InterruptedException {
        Process t = new ProcessBuilder("tshark", "-r", file.toString(), "-d", "udp.port==" + serverPort + ",sip",
                "-Y", "sip.Method == \"INVITE\"", "-T", "fields", "-e", "frame.time_epoch", "-e", "udp.dstport",
                "-e", "sip.from.user").redirectErrorStream(false).start();
        Map<String, Double> callerAt = new HashMap<>();
        Map<String, Double> agentAt = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(t.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t");
                if (f.length < 3) {
                    continue;
                }
                double at = Double.parseDouble(f[0]);
                int port = Integer.parseInt(f[1].split(",")[0]);
                if (port == serverPort) {
                    callerAt.putIfAbsent(f[2], at);
                } else if (port == agentPort) {
                    agentAt.putIfAbsent(f[2], at);
                }
            }
        }
        t.waitFor(60, TimeUnit.SECONDS);
        List<Long> d = new ArrayList<>();
        agentAt.forEach((user, at) -> {
            Double in = callerAt.get(user);
            if (in != null) {
                d.add(Math.round((at - in) * 1e6));
            }
        });
        long[] s = d.stream().mapToLong(Long::longValue).sorted().toArray();
        if (s.length == 0) {
            return Map.of("count", 0L);
        }
        return Map.of("count", (long) s.length, "p50", s[s.length / 2], "p95", s[Math.min(s.length - 1, (int) (s.length * 0.95))],
                "p99", s[Math.min(s.length - 1, (int) (s.length * 0.99))], "max", Arrays.stream(s).max().orElse(0));
    }

    @Override
    public void close() throws InterruptedException {
        if (dumpcap.isAlive()) {
            stop();
        }
    }
}
