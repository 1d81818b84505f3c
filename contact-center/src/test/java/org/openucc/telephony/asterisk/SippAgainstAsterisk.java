package org.openucc.telephony.asterisk;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.awaitility.Awaitility;
import org.openucc.telephony.sip.Sipp;

/**
 * sipp peers of a test Asterisk: agent phones that register to it and answer (or are busy, or ring
 * unanswered), and callers that dial into it with audio and RFC 4733 digits. Counts come from the
 * scenarios' {@code <log>} lines (REGISTERED, RINGING, ANSWERED, ENDED, …) and sipp's statistics.
 */
public final class SippAgainstAsterisk {
    private SippAgainstAsterisk() {
    }

    /** What an agent phone does with a call. */
    public enum Behaviour {
        ANSWER("asterisk/agent-answer.xml"), BUSY("asterisk/agent-busy.xml"), NO_ANSWER("asterisk/agent-no-answer.xml");

        final String scenario;

        Behaviour(String scenario) {
            this.scenario = scenario;
        }
    }

    /** An agent phone that answers at once; see {@link #agent(AsteriskPbx, Path, String, String, Behaviour, Duration)}. */
    public static AgentPhone agent(AsteriskPbx pbx, Path workDir, String extension, String password) {
        return agent(pbx, workDir, extension, password, Behaviour.ANSWER, Duration.ZERO);
    }

    /**
     * Starts a sipp agent phone that registers to {@code pbx} as {@code extension} with digest auth
     * and handles calls as {@code behaviour} ({@code ringTime}: how long ANSWER rings first). It
     * echoes the audio it gets and answers OPTIONS (qualify). Does not wait for the registration:
     * {@link AgentPhone#awaitRegistered(Duration)}.
     */
    public static AgentPhone agent(AsteriskPbx pbx, Path workDir, String extension, String password,
            Behaviour behaviour, Duration ringTime) {
        try {
            Files.createDirectories(workDir);
            String name = "agent-" + extension + "-" + System.nanoTime() % 100_000;
            Path ooc = scenario(behaviour.scenario);
            if (behaviour == Behaviour.ANSWER && !ringTime.isZero()) {
                String text = Files.readString(ooc, StandardCharsets.ISO_8859_1);
                String wait = "<recv request=\"CANCEL\" timeout=\"10\" ontimeout=\"answer\"/>";
                if (!text.contains(wait)) {
                    throw new IllegalStateException(ooc + " no longer has " + wait);
                }
                ooc = Files.writeString(workDir.resolve(name + "-answer.xml"), text.replace(wait,
                        "<recv request=\"CANCEL\" timeout=\"" + Math.max(1, ringTime.toMillis()) + "\" ontimeout=\"answer\"/>"),
                        StandardCharsets.ISO_8859_1);
            }
            int port = Sipp.freeUdpPort();
            Path log = workDir.resolve(name + ".log");
            Sipp sipp = Sipp.start(workDir, name, pbx.sipAddress(), "-sf", scenario("asterisk/agent.xml").toString(),
                    "-oocsf", ooc.toString(), "-aa", "-s", extension, "-au", extension, "-ap", password,
                    "-i", "127.0.0.1", "-p", String.valueOf(port), "-mp", String.valueOf(Sipp.freeMediaPort()),
                    "-rtp_echo", "-m", "1", "-trace_logs", "-log_file", log.toString());
            return new AgentPhone(pbx, workDir, name, extension, password, port, sipp, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the sipp agent phone " + extension, e);
        }
    }

    /** Starts sipp callers into {@code pbx} as {@code options} say; {@link Callers#await(Duration)} waits for them. */
    public static Callers call(AsteriskPbx pbx, Path workDir, CallerOptions options) {
        try {
            Files.createDirectories(workDir);
            String name = "callers-" + options.service() + "-" + System.nanoTime() % 100_000;
            Path media = RtpPcap.write(workDir.resolve(name + ".pcap"), options.digitsAfter(), options.digits(),
                    options.audioAfter());
            Path log = workDir.resolve(name + ".log");
            Path stats = workDir.resolve(name + "-stats.csv");
            long holdMs = Math.max(1, options.holdFor().toMillis());
            int sipPort = Sipp.freeUdpPort();
            List<String> args = new ArrayList<>(List.of(pbx.sipAddress(), "-sf",
                    scenario("asterisk/caller.xml").toString(), "-s", options.service(), "-key", "from",
                    options.from(), "-key", "media", media.toString(), "-recv_timeout", String.valueOf(holdMs),
                    "-i", "127.0.0.1", "-p", String.valueOf(sipPort), "-mp",
                    String.valueOf(Sipp.freeMediaPort()), "-m", String.valueOf(options.calls()), "-r",
                    String.valueOf(options.ratePerSecond()), "-l", String.valueOf(options.maxConcurrent()),
                    "-trace_logs", "-log_file", log.toString(), "-trace_stat", "-stf", stats.toString(), "-fd", "1",
                    // never longer than the answer wait, the call and some slack per call
                    "-timeout", (150 + holdMs / 1000 + options.calls() / Math.max(1, options.ratePerSecond())) + "s",
                    "-timeout_error"));
            return new Callers(Sipp.start(workDir, name, args.toArray(String[]::new)), log, stats, options.calls(),
                    sipPort);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start sipp callers to " + options.service(), e);
        }
    }

    /**
     * Callers to {@code service} from {@code from}: after the answer, {@code digitsAfter} of audio,
     * then the digits as RFC 4733 events (',' pauses 500 ms), on the call for {@code holdFor} unless
     * Asterisk hangs up first; {@code calls} calls at {@code ratePerSecond}, at most
     * {@code maxConcurrent} at once.
     */
    public record CallerOptions(String service, String from, String digits, Duration digitsAfter, Duration holdFor,
            int calls, int ratePerSecond, int maxConcurrent, Duration audioAfter) {
        public CallerOptions {
            Objects.requireNonNull(service);
            Objects.requireNonNull(from);
            Objects.requireNonNull(digits);
            digits.chars().filter(c -> c != ',').forEach(c -> RtpPcap.eventCode((char) c));
            audioAfter = audioAfter == null ? Duration.ofMillis(200) : audioAfter;
            if (calls < 1 || ratePerSecond < 1 || maxConcurrent < 1) {
                throw new IllegalArgumentException("calls, rate and concurrency must be at least 1");
            }
        }

        /** One call, no digits, hangs up after {@code holdFor}. */
        public static CallerOptions oneCall(String service, Duration holdFor) {
            return new CallerOptions(service, "4930123456", "", Duration.ofMillis(500), holdFor, 1, 1, 1, null);
        }

        public CallerOptions withDigits(String keys, Duration after) {
            return new CallerOptions(service, from, keys, after, holdFor, calls, ratePerSecond, maxConcurrent, audioAfter);
        }

        public CallerOptions from(String number) {
            return new CallerOptions(service, number, digits, digitsAfter, holdFor, calls, ratePerSecond, maxConcurrent,
                    audioAfter);
        }

        public CallerOptions load(int count, int rate, int concurrent) {
            return new CallerOptions(service, from, digits, digitsAfter, holdFor, count, rate, concurrent, audioAfter);
        }

        /** Audio the caller keeps sending after the digits (what a recording of the call hears). */
        public CallerOptions withAudioAfter(Duration audio) {
            return new CallerOptions(service, from, digits, digitsAfter, holdFor, calls, ratePerSecond, maxConcurrent,
                    audio);
        }
    }

    /** A scenario under src/test/resources/sipp, from this module or from another one of the repository (benchmarks). */
    static Path scenario(String name) {
        Path p = Sipp.scenario(name);
        return Files.exists(p) ? p : RepositoryFiles.find("contact-center/src/test/resources/sipp/" + name);
    }

    /** Lines of a scenario's {@code -log_file} that start with {@code event}. */
    static int count(Path log, String event) {
        try {
            if (!Files.exists(log)) {
                return 0;
            }
            String prefix = event + " ";
            return (int) Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream().filter(l -> l.startsWith(prefix))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sipp agent phone registered (once {@link #awaitRegistered}) to Asterisk as {@code SIP/<extension>}. */
    public static final class AgentPhone implements AutoCloseable {
        private final AsteriskPbx pbx;
        private final Path workDir;
        private final String name;
        private final String extension;
        private final String password;
        private final int sipPort;
        private final Sipp sipp;
        private final Path log;

        AgentPhone(AsteriskPbx pbx, Path workDir, String name, String extension, String password, int sipPort, Sipp sipp,
                Path log) {
            this.pbx = pbx;
            this.workDir = workDir;
            this.name = name;
            this.extension = extension;
            this.password = password;
            this.sipPort = sipPort;
            this.sipp = sipp;
            this.log = log;
        }

        public String extension() {
            return extension;
        }

        public String device() {
            return "SIP/" + extension;
        }

        /** The UDP port the phone registered from and takes calls on. */
        public int sipPort() {
            return sipPort;
        }

        /** Waits until Asterisk accepted the REGISTER (200 after the digest challenge). */
        public AgentPhone awaitRegistered(Duration limit) {
            awaitCount("REGISTERED", 1, limit);
            return this;
        }

        /** Waits until {@code n} calls in all were answered (ACK received). */
        public AgentPhone awaitAnswered(int n, Duration limit) {
            awaitCount("ANSWERED", n, limit);
            return this;
        }

        /** Waits until {@code n} answered calls in all were ended by Asterisk's BYE. */
        public AgentPhone awaitEnded(int n, Duration limit) {
            awaitCount("ENDED", n, limit);
            return this;
        }

        public int registrations() {
            return count(log, "REGISTERED");
        }

        /** INVITEs that rang this phone (ANSWER and NO_ANSWER). */
        public int rings() {
            return count(log, "RINGING");
        }

        public int answered() {
            return count(log, "ANSWERED");
        }

        public int ended() {
            return count(log, "ENDED");
        }

        /** Rings Asterisk withdrew with CANCEL. */
        public int cancelled() {
            return count(log, "CANCELLED");
        }

        /** INVITEs refused with 486 (BUSY). */
        public int refusedBusy() {
            return count(log, "BUSY");
        }

        public boolean isRunning() {
            return sipp.isAlive();
        }

        /** sipp's output and its error file, for assertion messages. */
        public String output() {
            return SippAgainstAsterisk.output(sipp, log);
        }

        private void awaitCount(String event, int n, Duration limit) {
            awaitSipp(extension + " " + event + " x" + n, limit, sipp, () -> count(log, event) >= n,
                    "agent phone " + extension + " (sipp)", this::output);
        }

        /**
         * Removes the phone's registration from Asterisk (REGISTER with Expires: 0, digest auth), as a
         * phone switched off properly; the sipp phone itself keeps running. Returns once Asterisk said 200.
         */
        public AgentPhone unregister() {
            try (Sipp unregister = Sipp.start(workDir, name + "-unregister", pbx.sipAddress(), "-sf",
                    scenario("asterisk/agent-unregister.xml").toString(), "-s", extension, "-au", extension, "-ap",
                    password, "-key", "contact_port", String.valueOf(sipPort), "-i", "127.0.0.1", "-p",
                    String.valueOf(Sipp.freeUdpPort()), "-m", "1", "-timeout", "20s", "-timeout_error")) {
                int exit = unregister.await(30);
                if (exit != 0) {
                    throw new AssertionError("un-REGISTER of " + extension + " failed (sipp exit " + exit + "):\n"
                            + unregister.output());
                }
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (AssertionError e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError("un-REGISTER of " + extension + " did not finish: " + e.getMessage(), e);
            }
        }

        /** Takes the phone away (sipp killed: no un-REGISTER, like a phone that lost power). */
        @Override
        public void close() {
            sipp.close();
        }
    }

    /** What a run of callers did. {@code failed}: calls sipp counted as failed (unexpected message, timeout). */
    public record CallerResult(int exitCode, int answered, int hungUpByCaller, int hungUpByAsterisk, int successful,
            int failed) {
        public boolean allCompleted(int calls) {
            return exitCode == 0 && failed == 0 && successful == calls;
        }
    }

    /** A running sipp caller process. */
    public static final class Callers implements AutoCloseable {
        private final Sipp sipp;
        private final Path log;
        private final Path stats;
        private final int calls;
        private final int sipPort;

        Callers(Sipp sipp, Path log, Path stats, int calls, int sipPort) {
            this.sipp = sipp;
            this.log = log;
            this.stats = stats;
            this.calls = calls;
            this.sipPort = sipPort;
        }

        /**
         * The callers on the line hang up now (each sends its BYE, as when its time on the call is up),
         * instead of after {@link CallerOptions#holdFor()}: the test tells each answered call's sipp with
         * an INFO carrying its Call-ID, which caller.xml takes as "hang up". Returns how many it told.
         */
        public int hangUpNow() {
            List<String> callIds = callIds("ANSWERED");
            try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
                int n = 0;
                for (String callId : callIds) {
                    String info = "INFO sip:caller@127.0.0.1:" + sipPort + " SIP/2.0\r\n"
                            + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK-hangup-" + n + "\r\n"
                            + "From: <sip:test@127.0.0.1>;tag=hangup\r\n"
                            + "To: <sip:caller@127.0.0.1>\r\n"
                            + "Call-ID: " + callId + "\r\n"
                            + "CSeq: 1 INFO\r\n"
                            + "Max-Forwards: 70\r\n"
                            + "Content-Length: 0\r\n\r\n";
                    byte[] bytes = info.getBytes(StandardCharsets.US_ASCII);
                    socket.send(new java.net.DatagramPacket(bytes, bytes.length, java.net.InetAddress.getLoopbackAddress(),
                            sipPort));
                    n++;
                }
                return n;
            } catch (IOException e) {
                throw new UncheckedIOException("could not tell the sipp callers on port " + sipPort + " to hang up", e);
            }
        }

        /** The Call-IDs of the scenario's {@code <log>} lines {@code event <call-id>}. */
        private List<String> callIds(String event) {
            try {
                if (!Files.exists(log)) {
                    return List.of();
                }
                String prefix = event + " ";
                return Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream().filter(l -> l.startsWith(prefix))
                        .map(l -> l.substring(prefix.length()).trim()).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public int answered() {
            return count(log, "ANSWERED");
        }

        public int hungUpByCaller() {
            return count(log, "HUNGUP_BY_CALLER");
        }

        public int hungUpByAsterisk() {
            return count(log, "HUNGUP_BY_ASTERISK");
        }

        /** Waits until {@code n} calls were answered (the caller got 200 OK). */
        public Callers awaitAnswered(int n, Duration limit) {
            awaitSipp("callers answered x" + n, limit, sipp, () -> answered() >= n,
                    "sipp callers", this::output);
            return this;
        }

        /** Waits for sipp to finish all its calls (at most {@code limit}) and returns the counts. */
        public CallerResult await(Duration limit) {
            try {
                int exit = sipp.await(Math.max(1, limit.toSeconds()));
                int[] sf = successfulAndFailed();
                return new CallerResult(exit, answered(), hungUpByCaller(), hungUpByAsterisk(), sf[0], sf[1]);
            } catch (Exception e) {
                throw new AssertionError("sipp callers (" + calls + " calls) did not finish: " + e.getMessage(), e);
            }
        }

        public String output() {
            return SippAgainstAsterisk.output(sipp, log);
        }

        /** SuccessfulCall(C) and FailedCall(C) of the last line of sipp's -trace_stat file. */
        private int[] successfulAndFailed() throws IOException {
            if (!Files.exists(stats)) {
                return new int[] {0, calls};
            }
            List<String> lines = Files.readAllLines(stats, StandardCharsets.ISO_8859_1);
            if (lines.size() < 2) {
                return new int[] {0, calls};
            }
            List<String> head = List.of(lines.get(0).split(";"));
            String[] last = lines.get(lines.size() - 1).split(";");
            int ok = head.indexOf("SuccessfulCall(C)");
            int failed = head.indexOf("FailedCall(C)");
            return new int[] {Integer.parseInt(last[ok].trim()), Integer.parseInt(last[failed].trim())};
        }

        @Override
        public void close() {
            sipp.close();
        }
    }

    /**
     * Waits until {@code done}; fails at once with {@code output} if the sipp exits first, and with it too if the
     * limit passes, so a failure always shows what sipp saw.
     */
    private static void awaitSipp(String what, Duration limit, Sipp sipp, java.util.function.BooleanSupplier done,
                                  String who, java.util.function.Supplier<String> output) {
        try {
            Awaitility.await(what).atMost(limit).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (done.getAsBoolean()) {
                    return true;
                }
                if (!sipp.isAlive()) {
                    throw new AssertionError(who + " exited before " + what + ":\n" + output.get());
                }
                return false;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; " + who + ":\n" + output.get(), e);
        }
    }

    private static String output(Sipp sipp, Path log) {
        try {
            String events = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
            String out = sipp.output();
            return "events:\n" + events + "\nsipp output (tail):\n" + out.substring(Math.max(0, out.length() - 3000));
        } catch (IOException e) {
            return "(could not read sipp output: " + e + ")";
        }
    }
}
