package org.openucc.telephony.asterisk;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real Asterisk (chan_sip) as a test peer: writes its configuration into its own run folder
 * (loopback, free ports, the project's dialplan included), starts it as a child process and stops,
 * kills or restarts it. The binary comes from {@value #BINARY_PROPERTY} or {@value #BINARY_ENV};
 * without one the test fails with how to get one ({@code ../shared/asterisk/build-asterisk.sh}).
 */
public final class AsteriskPbx implements AutoCloseable {
    public static final String BINARY_PROPERTY = "asterisk.binary";
    public static final String BINARY_ENV = "OPENUCC_ASTERISK_BINARY";
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(60);
    private static final Duration CLI_LIMIT = Duration.ofSeconds(30);

    private final Path binary;
    private final AsteriskConfig config;
    private final Path runDir;
    private final Path conf;
    private final Thread shutdownHook;
    private Process process;
    private int starts;

    private AsteriskPbx(Path binary, AsteriskConfig config, Path runDir) {
        this.binary = binary;
        this.config = config;
        this.runDir = runDir;
        this.conf = runDir.resolve("etc/asterisk.conf");
        this.shutdownHook = new Thread(this::killQuietly, "asterisk-pbx-kill-" + runDir.getFileName());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The Asterisk binary from {@value #BINARY_PROPERTY} or {@value #BINARY_ENV}; a missing or
     * non-executable one fails the test (never a skip) with how to set it.
     */
    public static Path binary() {
        return binary(System.getProperty(BINARY_PROPERTY), System.getenv(BINARY_ENV));
    }

    static Path binary(String property, String env) {
        // Maven leaves "${env.OPENUCC_ASTERISK_BINARY}" as it is when the variable is not set
        String fromProperty = property == null || property.startsWith("${") ? "" : property;
        String fromEnv = env == null ? "" : env;
        String value = !fromProperty.isBlank() ? fromProperty : fromEnv;
        String how = "Set -D" + BINARY_PROPERTY + "=/path/to/sbin/asterisk or " + BINARY_ENV
                + "=/path/to/sbin/asterisk (Maven passes the variable to the tests). To build one, from the repository root: "
                + "PREFIX=$(../shared/asterisk/build-asterisk.sh | tail -1) && export " + BINARY_ENV
                + "=$PREFIX/sbin/asterisk (or install Asterisk 18+ with chan_sip from your distribution).";
        if (value.isBlank()) {
            throw new AssertionError("The Asterisk tests need a real Asterisk and none is configured. " + how);
        }
        Path p = Path.of(value);
        if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
            throw new AssertionError("Asterisk binary '" + value + "' (from "
                    + (!fromProperty.isBlank() ? BINARY_PROPERTY : BINARY_ENV) + ") is not an executable file. " + how);
        }
        return p.toAbsolutePath();
    }

    /** Starts Asterisk and returns once it is fully booted (its CLI answers {@code core waitfullybooted}). */
    public synchronized AsteriskPbx start() {
        if (isRunning()) {
            throw new IllegalStateException("Asterisk in " + runDir + " is already running");
        }
        try {
            Path ctl = config.controlSocket();
            Files.deleteIfExists(ctl); // a stale socket after kill -9
            Path out = runDir.resolve("log/asterisk.out");
            long logFrom = Files.exists(fullLog()) ? Files.size(fullLog()) : 0;
            starts++;
            Files.writeString(out, "---- start " + starts + " at " + LocalDateTime.now() + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(binary.toString(), "-f", "-n", "-C", conf.toString())
                    .directory(runDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            Process started = process;
            await("Asterisk control socket " + ctl).atMost(BOOT_LIMIT).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        if (!started.isAlive()) {
                            throw new IllegalStateException("Asterisk exited with " + started.exitValue()
                                    + " while starting; its output:\n" + tail(out, 40) + "\nfull log:\n" + logTail(40));
                        }
                        return Files.exists(ctl);
                    });
            String booted = cli("core waitfullybooted");
            if (!booted.contains("fully booted")) {
                throw new IllegalStateException("Asterisk did not boot: " + booted + "\n" + logTail(40));
            }
            String startLog = new String(Files.readAllBytes(fullLog()), StandardCharsets.ISO_8859_1)
                    .substring((int) Math.min(logFrom, Files.size(fullLog())));
            if (startLog.contains("Address already in use")) {
                // chan_sip and AMI log a failed bind and carry on: a test would then fail far from the cause
                kill9();
                throw new IllegalStateException("Asterisk could not bind one of its ports (SIP " + config.sipPort()
                        + ", AMI " + config.amiPort() + ", RTP " + config.rtpStart() + "+): another process took it;\n"
                        + startLog.lines().filter(l -> l.contains("Address already in use")).toList());
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + binary + " -C " + conf, e);
        }
    }

    /** Runs one CLI command ({@code asterisk -rx}) and returns its output; fails when the CLI cannot connect. */
    public String cli(String command) {
        try {
            Path out = Files.createTempFile(runDir.resolve("tmp"), "cli", ".out");
            try {
                Process p = new ProcessBuilder(binary.toString(), "-C", conf.toString(), "-rx", command)
                        .redirectErrorStream(true).redirectOutput(out.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!p.waitFor(CLI_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("asterisk -rx '" + command + "' did not return within " + CLI_LIMIT);
                }
                String text = Files.readString(out, StandardCharsets.UTF_8);
                if (p.exitValue() != 0 || text.contains("Unable to connect to remote asterisk")) {
                    throw new IllegalStateException("asterisk -rx '" + command + "' failed (exit " + p.exitValue() + "): "
                            + text);
                }
                return text;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running asterisk -rx '" + command + "'", e);
        }
    }

    /** Stops Asterisk gracefully ({@code core stop now}: active calls are hung up) and waits for it to exit. */
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        try {
            cli("core stop now");
        } catch (IllegalStateException cliFailed) {
            // the process may already be on its way out; waiting below decides
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill9();
                throw new IllegalStateException("Asterisk did not stop within 30 s after 'core stop now'; killed it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill9();
        }
    }

    /** Kills Asterisk with SIGKILL (no hang-ups sent, like a crash) and waits until it is gone. */
    public synchronized void kill9() {
        if (process == null) {
            return;
        }
        process.destroyForcibly(); // SIGKILL on Linux
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Asterisk (pid " + process.pid() + ") survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops Asterisk if it runs (gracefully) and starts it again with the same configuration and ports. */
    public synchronized AsteriskPbx restart() {
        stop();
        return start();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The process id of the running Asterisk, for tests that signal it themselves. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("Asterisk has not been started");
        }
        return process.pid();
    }

    /** The last {@code lines} lines of Asterisk's full log (verbose, notices, warnings, errors, DTMF). */
    public String logTail(int lines) {
        return tail(runDir.resolve("log/full"), lines);
    }

    public Path fullLog() {
        return runDir.resolve("log/full");
    }

    public Path runDir() {
        return runDir;
    }

    public Path configFile() {
        return conf;
    }

    public int amiPort() {
        return config.amiPort();
    }

    public int sipPort() {
        return config.sipPort();
    }

    public int agiPort() {
        return config.agiPort();
    }

    public String amiUser() {
        return config.amiUser();
    }

    public String amiSecret() {
        return config.amiSecret();
    }

    /** "127.0.0.1:sipPort", the remote host argument for sipp. */
    public String sipAddress() {
        return "127.0.0.1:" + config.sipPort();
    }

    public AsteriskConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        killQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }

    private void killQuietly() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file + ")";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1); // logs may hold any bytes
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }

    /**
     * A free TCP port on 127.0.0.1 (looked up, then released for the peer to bind), below the kernel's
     * ephemeral range: a port the kernel had just handed out for port 0 could be handed out again, to
     * the server's own SIP or HTTP bound to port 0, before the peer binds it (the FastAGI port was once
     * taken so). Ports here are only ever chosen explicitly.
     */
    public static int freeTcpPort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(10_000, 32_000);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IllegalStateException("no free TCP port found on 127.0.0.1 below 32000");
    }

    /** A free UDP port, never one handed to a sipp of this JVM in the last minute ({@link org.openucc.telephony.sip.Sipp#freeUdpPort}). */
    public static int freeUdpPort() {
        try {
            return org.openucc.telephony.sip.Sipp.freeUdpPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first port of {@code count} consecutive free UDP ports (even, below the kernel's ephemeral
     * range so port-0 binds of other tests do not land in it), for Asterisk's RTP range.
     */
    public static int freeUdpRange(int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(10_000, 32_000 - count) & ~1;
            List<DatagramSocket> held = new ArrayList<>();
            try {
                for (int i = 0; i < count; i++) {
                    held.add(new DatagramSocket(base + i, InetAddress.getLoopbackAddress()));
                    if (held.size() == 1_000) { // a range larger than the process's file limit is probed in parts
                        held.forEach(DatagramSocket::close);
                        held.clear();
                    }
                }
                return base;
            } catch (SocketException taken) {
                // one of them is in use: try another base
            } finally {
                held.forEach(DatagramSocket::close);
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free UDP ports found on 127.0.0.1");
    }

    /** Options of the generated Asterisk; every port defaults to a free one on 127.0.0.1. */
    public static final class Builder {
        private int amiPort;
        private int sipPort;
        private int rtpStart;
        private int rtpCount = 400;
        private int agiPort;
        private String amiUser = "openucc";
        private String amiSecret = "openucc-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        private final List<AsteriskConfig.AgentPeer> agents = new ArrayList<>();
        private String agentContext = "from-agents";
        private final List<String> services = new ArrayList<>();
        private final List<String> echoExtensions = new ArrayList<>();
        private final List<String> holdMusicExtensions = new ArrayList<>();
        private AsteriskConfig.AppQueue appQueue;
        private Path holdMusic;
        private Path dialplan;
        private Path runDir;
        private boolean qualify;
        private final List<String> extraDialplan = new ArrayList<>();
        private final List<AsteriskConfig.TrunkPeer> trunks = new ArrayList<>();

        private Builder() {
        }

        public Builder amiPort(int port) {
            this.amiPort = port;
            return this;
        }

        public Builder sipPort(int port) {
            this.sipPort = port;
            return this;
        }

        /** RTP ports {@code start .. start+count-1} (each call leg takes two). Default: 400 free ports. */
        public Builder rtpPorts(int start, int count) {
            this.rtpStart = start;
            this.rtpCount = count;
            return this;
        }

        /** Where OpenUCC's FastAGI server listens (the dialplan's {@code OPENUCC_AGI} global). */
        public Builder agiPort(int port) {
            this.agiPort = port;
            return this;
        }

        public Builder ami(String user, String secret) {
            this.amiUser = Objects.requireNonNull(user);
            this.amiSecret = Objects.requireNonNull(secret);
            return this;
        }

        /** A phone that registers as {@code extension} with digest auth ({@code SIP/<extension>}). */
        public Builder agent(String extension, String password) {
            agents.add(new AsteriskConfig.AgentPeer(extension, password));
            return this;
        }

        /** Several agent phones at once. */
        public Builder agents(List<AsteriskConfig.AgentPeer> peers) {
            agents.addAll(peers);
            return this;
        }

        /** The context the agents' own calls land in (default {@code from-agents}, which includes {@code from-callers}). */
        public Builder agentContext(String context) {
            this.agentContext = context;
            return this;
        }

        /** A service number callers dial that goes to OpenUCC: {@code Goto(openucc-inbound,${EXTEN},1)}. */
        public Builder service(String number) {
            services.add(number);
            return this;
        }

        /** An extension in {@code from-callers} that answers and echoes the caller's audio. */
        public Builder echoExtension(String number) {
            echoExtensions.add(number);
            return this;
        }

        /** An extension in {@code from-callers} that answers, plays the hold music once and hangs up. */
        public Builder holdMusicExtension(String number) {
            holdMusicExtensions.add(number);
            return this;
        }

        /**
         * The app_queue comparison: {@code number} answers and enters {@code Queue(q)}, whose members are
         * all agents ({@code SIP/<extension>}), with music on hold class {@code default}.
         */
        public Builder appQueue(String number, AsteriskConfig.QueueStrategy strategy) {
            this.appQueue = new AsteriskConfig.AppQueue(number, strategy);
            return this;
        }

        /** The WAV played as music on hold (default: ivr-scripts/prompts/en/queue-music.wav, ivr.holdMusic's default). */
        public Builder holdMusic(Path wav) {
            this.holdMusic = wav;
            return this;
        }

        /** The OpenUCC dialplan to include (default: config/asterisk/openucc-dialplan.conf of this repository). */
        public Builder dialplan(Path file) {
            this.dialplan = file;
            return this;
        }

        /**
         * Whether chan_sip sends OPTIONS to agent phones every 5 s (status OK / UNREACHABLE, PeerStatus
         * Reachable / Unreachable); the sipp phones answer them. Default off (status Unmonitored).
         */
        public Builder qualify(boolean qualify) {
            this.qualify = qualify;
            return this;
        }

        /** Extra dialplan lines appended to extensions.conf as they are (own contexts included). */
        public Builder extraDialplan(String lines) {
            extraDialplan.add(lines);
            return this;
        }

        /** A trunk peer {@code name} at 127.0.0.1:{@code port} (a sipp UAS playing the public network). */
        public Builder trunk(String name, int port) {
            trunks.add(new AsteriskConfig.TrunkPeer(name, port));
            return this;
        }

        /** Where the run's files go (default: target/asterisk/<run-id> under the working directory). */
        public Builder runDir(Path dir) {
            this.runDir = dir;
            return this;
        }

        /** Writes the configuration (nothing is started yet). Fails without an Asterisk binary. */
        public AsteriskPbx build() {
            Path bin = binary();
            Path prefix = bin.getParent().getParent();
            Path dir = runDir != null ? runDir : Path.of("target", "asterisk",
                    LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMdd-HHmmss")) + "-"
                            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff)));
            dir = dir.toAbsolutePath().normalize();
            AsteriskConfig config = new AsteriskConfig(prefix, dir,
                    amiPort > 0 ? amiPort : freeTcpPort(),
                    sipPort > 0 ? sipPort : freeUdpPort(),
                    rtpStart > 0 ? rtpStart : freeUdpRange(rtpCount), rtpCount,
                    agiPort > 0 ? agiPort : freeTcpPort(),
                    amiUser, amiSecret, List.copyOf(agents), agentContext, List.copyOf(services),
                    List.copyOf(echoExtensions), List.copyOf(holdMusicExtensions), appQueue,
                    holdMusic != null ? holdMusic : RepositoryFiles.find("ivr-scripts/prompts/en/queue-music.wav"),
                    dialplan != null ? dialplan : RepositoryFiles.find("config/asterisk/openucc-dialplan.conf"),
                    qualify, List.copyOf(extraDialplan), List.copyOf(trunks));
            try {
                config.write();
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the Asterisk configuration into " + dir, e);
            }
            return new AsteriskPbx(bin, config, dir);
        }
    }
}
