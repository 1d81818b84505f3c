package org.openucc.telephony.sip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real sipp (Debian package sip-tester) as a peer; missing sipp is a test failure, not a skip. */
public final class Sipp implements AutoCloseable {
    public static final Path G711A_PCAP = Path.of("/usr/share/sip-tester/g711a.pcap");
    /**
     * Ports handed out in this JVM, and when. A port is probed free and released before sipp binds it, so two sipps
     * started back to back could otherwise be handed the same port: the kernel may give a port just probed and
     * released to the next probe, before the first sipp bound it, and the second sipp then fails to start. (The
     * likeliest cause of a caller that never reached Asterisk in one CI run; not proven.)
     */
    private static final java.util.Map<Integer, Long> HANDED_OUT = new java.util.HashMap<>();
    private static final long HELD_NANOS = TimeUnit.MINUTES.toNanos(1);

    final Process process;
    final Path log;
    final List<String> command;

    private Sipp(List<String> command, Path log) throws IOException {
        this.command = command;
        this.log = log;
        this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
    }

    public static String binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "sipp");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError("sipp is not installed: the SIP interop tests need it"
                + " (Debian/Ubuntu: apt-get install -y sip-tester)");
    }

    public static Path scenario(String name) {
        Path p = Path.of("src/test/resources/sipp", name);
        if (!Files.exists(p)) {
            p = Path.of("contact-center/src/test/resources/sipp", name);
        }
        return p.toAbsolutePath();
    }

    public static Sipp start(Path workDir, String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-nostdin", "-trace_err", "-error_file", workDir.resolve(name + "-errors.log").toString()));
        return new Sipp(cmd, workDir.resolve(name + ".out"));
    }

    /** Waits for sipp to finish and returns its exit code (0: every call succeeded). */
    public int await(long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroy();
            throw new AssertionError("sipp did not finish within " + seconds + " s: " + String.join(" ", command)
                    + "\n" + output());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** A free UDP port on 127.0.0.1 not handed out in this JVM in the last minute (see {@link #claim}). */
    public static int freeUdpPort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = probeUdpPort();
            if (claim(port, 1)) {
                return port;
            }
        }
        throw new IOException("no free UDP port on 127.0.0.1 that was not handed out in the last minute");
    }

    private static int probeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Claims ports {@code first .. first + count - 1} unless one of them was handed out in the last minute. */
    private static boolean claim(int first, int count) {
        long now = System.nanoTime();
        synchronized (HANDED_OUT) {
            HANDED_OUT.values().removeIf(at -> now - at > HELD_NANOS);
            for (int p = first; p < first + count; p++) {
                if (HANDED_OUT.containsKey(p)) {
                    return false;
                }
            }
            for (int p = first; p < first + count; p++) {
                HANDED_OUT.put(p, now);
            }
            return true;
        }
    }

    /**
     * An even UDP port whose next three are free too, for sipp's {@code -mp} (it binds the port and the
     * ones after it for RTCP and a second stream): rounding a free port down to even could land on a
     * port in use, which made sipp fail to bind.
     */
    public static int freeMediaPort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = probeUdpPort() & ~1;
            if (base + 3 > 65_535 || base < 1024) {
                continue;
            }
            java.util.List<DatagramSocket> held = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    held.add(new DatagramSocket(base + i, InetAddress.getLoopbackAddress()));
                }
                if (claim(base, 4)) {
                    return base;
                }
            } catch (java.net.SocketException taken) {
                // one of them is in use: try another
            } finally {
                held.forEach(DatagramSocket::close);
            }
        }
        throw new IOException("no four free consecutive UDP ports found on 127.0.0.1");
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
