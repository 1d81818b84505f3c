package org.openucc.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator of {@link MediaLoadBenchmark}, in its own JVM: callers and agents' phones as two
 * raw-UDP SIP user agents (one socket each, every caller and every agent on it), and their audio from
 * {@link RtpStreams}. Callers dial the service number at a fixed rate, send 20 ms G.711 frames from the
 * 200 OK until they hang up {@code hold} seconds later; the agent's phone answers every INVITE at once,
 * in the first codec offered (or the one forced), and talks back the same way.
 *
 * <p>Protocol with the parent: prints {@code agent-sip-port N}, waits for a {@code go} line on stdin,
 * runs, prints {@code result key=value ...} lines and exits.
 */
final class RtpLoadGenerator {
    private static final Pattern CALL_ID = Pattern.compile("(?mi)^(?:Call-ID|i): *(\\S+)");
    private static final Pattern CSEQ = Pattern.compile("(?mi)^CSeq: *(\\d+) +(\\w+)");
    private static final Pattern TO_TAG = Pattern.compile("(?mi)^(?:To|t):.*;tag=([^;\\s>]+)");
    private static final Pattern FROM_USER = Pattern.compile("(?mi)^(?:From|f):[^\\n]*<sip:([^@>]+)@");
    private static final Pattern CONTACT = Pattern.compile("(?mi)^(?:Contact|m):[^\\n]*<([^>]+)>");
    private static final Pattern MEDIA = Pattern.compile("(?m)^m=audio (\\d+) RTP/AVP ([\\d ]+)");
    private static final Pattern CONN = Pattern.compile("(?m)^c=IN IP4 (\\S+)");
    private static final Pattern HEADER = Pattern.compile("(?mi)^(Via|v|From|f|To|t|Call-ID|i|CSeq|Record-Route):.*\\r?$");

    /** One call: the caller's leg and the agent leg the server places for it. */
    static final class Call {
        final int index;
        final String user;
        final String callId;
        volatile long inviteSentNanos;
        volatile long agentInviteNanos;
        volatile long answeredNanos;
        volatile int activeAtStart;
        volatile String toTag;
        volatile String target;
        volatile boolean acked;
        volatile boolean byeSent;
        volatile String agentCallId;
        volatile String agentOk;
        volatile InetSocketAddress agentFrom;
        boolean inBridge; // counted in bridged (guarded by the call)
        RtpStreams.Stream callerStream;
        RtpStreams.Stream agentStream;

        Call(int index) {
            this.index = index;
            this.user = "caller" + index;
            this.callId = "mlb-" + index + "-" + Long.toHexString(System.nanoTime());
        }
    }

    private final InetSocketAddress server;
    private final String service;
    private final int hold;
    private final String agentCodec;
    private final DatagramSocket callerSip;
    private final DatagramSocket agentSip;
    private final RtpStreams rtp;
    private final Map<String, Call> byCallId = new ConcurrentHashMap<>();
    private final Map<String, Call> byUser = new ConcurrentHashMap<>();
    private final Map<String, Call> byAgentCallId = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "gen-timers"));
    final AtomicInteger bridged = new AtomicInteger();
    final AtomicInteger answered = new AtomicInteger();
    final AtomicInteger ended = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicLong duplicates = new AtomicLong();
    private volatile boolean measuring;
    private volatile int steadyAt = Integer.MAX_VALUE;
    private final Delays setup = new Delays(); // caller INVITE -> agent INVITE, all measured calls
    private final Delays setupLoaded = new Delays(); // ... of calls started with the bridged count at 90 % of target
    private final Delays answer = new Delays(); // caller INVITE -> 200 OK at the caller (the IVR answers)

    /** Delays in nanoseconds from any thread; percentiles in milliseconds. */
    static final class Delays {
        private long[] samples = new long[1024];
        private int n;

        synchronized void record(long nanos) {
            if (n == samples.length) {
                samples = java.util.Arrays.copyOf(samples, n * 2);
            }
            samples[n++] = nanos;
        }

        synchronized String summary() {
            long[] s = java.util.Arrays.copyOf(samples, n);
            java.util.Arrays.sort(s);
            return String.format(Locale.ROOT, "n=%d p50=%.2f p95=%.2f p99=%.2f max=%.2f", n, at(s, 0.5), at(s, 0.95),
                    at(s, 0.99), at(s, 1.0));
        }

        private static double at(long[] sorted, double q) {
            if (sorted.length == 0) {
                return 0;
            }
            int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
            return sorted[i] / 1e6;
        }
    }

    RtpLoadGenerator(InetSocketAddress server, String service, int hold, String agentCodec) throws Exception {
        this.server = server;
        this.service = service;
        this.hold = hold;
        this.agentCodec = agentCodec;
        InetAddress lo = InetAddress.getLoopbackAddress();
        callerSip = new DatagramSocket(new InetSocketAddress(lo, 0));
        agentSip = new DatagramSocket(new InetSocketAddress(lo, 0));
        callerSip.setReceiveBufferSize(4 << 20);
        agentSip.setReceiveBufferSize(4 << 20);
        rtp = new RtpStreams();
        daemon(() -> readLoop(callerSip, true), "gen-caller-sip").start();
        daemon(() -> readLoop(agentSip, false), "gen-agent-sip").start();
    }

    /** args: serverSipPort service rate hold seconds target warmupCalls agentCodec(first|PCMU|PCMA) */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String service = args[1];
        int rate = Integer.parseInt(args[2]);
        int hold = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int target = Integer.parseInt(args[5]);
        int warmup = Integer.parseInt(args[6]);
        RtpLoadGenerator g = new RtpLoadGenerator(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                service, hold, args[7]);
        System.out.println("agent-sip-port " + g.agentSip.getLocalPort());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"go".equals(in.readLine())) {
            System.exit(2);
        }
        g.run(rate, seconds, target, warmup);
        System.exit(0);
    }

    void run(int rate, int seconds, int target, int warmup) throws Exception {
        int index = 0;
        // Warm-up: JIT and class loading on both sides, short calls, not measured.
        index = place(index, warmup, Math.min(rate, 50));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ended.get() + failed.get() < warmup && System.nanoTime() < until) {
            Thread.sleep(100); // a harness waiting for its warm-up calls to end
        }
        rtp.reset();
        steadyAt = (int) (target * 0.9);
        measuring = true;
        long cpu0 = cpuNanos();
        long start = System.nanoTime();
        int calls = rate * seconds;
        int first = index;
        index = place(index, calls, rate);
        long drain = System.nanoTime() + TimeUnit.SECONDS.toNanos(hold + 20);
        while (ended.get() + failed.get() < warmup + calls && System.nanoTime() < drain) {
            Thread.sleep(100);
        }
        rtp.quiesce();
        double wall = (System.nanoTime() - start) / 1e9;
        int notAnswered = 0;
        for (int i = first; i < index; i++) {
            Call c = byUser.get("caller" + i);
            if (c == null || c.answeredNanos == 0) {
                notAnswered++;
            }
        }
        long cpu = cpuNanos() - cpu0;
        System.out.printf(Locale.ROOT, "result calls=%d answered=%d notAnswered=%d duplicates=%d peakBridged=%d "
                + "generatorCpu=%.1f wall=%.1f%n", calls, calls - notAnswered, notAnswered, duplicates.get(),
                rtp.peakStreams() / 2, cpu / 1e9, wall);
        System.out.println("result setupAll " + setup.summary());
        System.out.println("result setupLoaded " + setupLoaded.summary());
        System.out.println("result answer " + answer.summary());
        System.out.println("result " + rtp.summary());
        System.out.flush();
    }

    /** Starts {@code count} calls at {@code rate} per second (they hang up {@link #hold} s after the answer, 2 s in the warm-up). */
    private int place(int index, int count, int rate) {
        long period = 1_000_000_000L / rate;
        long next = System.nanoTime();
        for (int n = 0; n < count; n++, index++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // the generator's call clock
            }
            next += period;
            Call c = new Call(index);
            c.target = "sip:" + service + "@127.0.0.1:" + server.getPort();
            byCallId.put(c.callId, c);
            byUser.put(c.user, c);
            c.activeAtStart = bridged.get();
            c.inviteSentNanos = System.nanoTime();
            send(callerSip, server, invite(c));
            timers.schedule(() -> {
                if (c.answeredNanos == 0) {
                    failed.incrementAndGet(); // no answer in 30 s
                    byCallId.remove(c.callId);
                }
            }, 30, TimeUnit.SECONDS);
        }
        return index;
    }

    // ------------------------------------------------------------------ SIP

    private void readLoop(DatagramSocket socket, boolean callerSide) {
        byte[] buf = new byte[8192];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return;
            }
            long now = System.nanoTime();
            String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            try {
                if (callerSide) {
                    onCallerMessage(msg, (InetSocketAddress) p.getSocketAddress());
                } else {
                    onAgentMessage(msg, (InetSocketAddress) p.getSocketAddress(), now);
                }
            } catch (RuntimeException e) {
                System.err.println("generator: " + e + " on\n" + msg);
            }
        }
    }

    private void onCallerMessage(String msg, InetSocketAddress from) {
        Call c = byCallId.get(group(CALL_ID, msg));
        if (c == null) {
            return;
        }
        if (msg.startsWith("SIP/2.0 ")) {
            int code = Integer.parseInt(msg.substring(8, 11));
            String method = CSEQ.matcher(msg).find() ? group(CSEQ, msg, 2) : "";
            if (!"INVITE".equals(method)) {
                if ("BYE".equals(method) && code >= 200) {
                    byCallId.remove(c.callId);
                }
                return;
            }
            if (code >= 300) {
                failed.incrementAndGet();
                send(callerSip, from, ack(c, msg));
                return;
            }
            if (code < 200) {
                return;
            }
            if (c.acked) {
                duplicates.incrementAndGet(); // the server retransmitted its 200: our ACK was late
                send(callerSip, from, ack(c, msg));
                return;
            }
            c.toTag = group(TO_TAG, msg);
            String contact = group(CONTACT, msg);
            if (contact != null) {
                c.target = contact;
            }
            c.acked = true;
            send(callerSip, from, ack(c, msg));
            long now = System.nanoTime();
            c.answeredNanos = now;
            answered.incrementAndGet();
            if (measuring) {
                answer.record(now - c.inviteSentNanos);
            }
            synchronized (c) {
                c.callerStream = rtp.start(c.index * 2, true, mediaOf(msg), payloadTypeOf(msg));
            }
            maybeBridged(c);
            int holdFor = measuring ? hold : 2;
            timers.schedule(() -> hangUp(c), holdFor, TimeUnit.SECONDS);
        } else if (msg.startsWith("BYE ")) {
            send(callerSip, from, response(msg, "200 OK", null, null));
            stopCaller(c);
        }
    }

    private void hangUp(Call c) {
        if (c.byeSent) {
            return;
        }
        c.byeSent = true;
        stopCaller(c);
        send(callerSip, server, bye(c));
    }

    private void stopCaller(Call c) {
        synchronized (c) {
            if (c.callerStream == null) {
                return;
            }
            rtp.stop(c.callerStream);
            c.callerStream = null;
            if (c.inBridge) {
                c.inBridge = false;
                rtp.loaded(bridged.decrementAndGet() >= steadyAt);
            }
        }
        ended.incrementAndGet();
    }

    private void onAgentMessage(String msg, InetSocketAddress from, long now) {
        String callId = group(CALL_ID, msg);
        if (msg.startsWith("INVITE ")) {
            Call c = byAgentCallId.get(callId);
            if (c != null) {
                duplicates.incrementAndGet(); // retransmitted: our 200 was late
                send(agentSip, from, c.agentOk);
                return;
            }
            c = byUser.get(group(FROM_USER, msg));
            if (c == null) {
                send(agentSip, from, response(msg, "480 Temporarily Unavailable", null, null));
                return;
            }
            c.agentInviteNanos = now;
            if (measuring && c.inviteSentNanos > 0) {
                long d = now - c.inviteSentNanos;
                setup.record(d);
                if (c.activeAtStart >= steadyAt) {
                    setupLoaded.record(d);
                }
            }
            c.agentCallId = callId;
            c.agentFrom = from;
            byAgentCallId.put(callId, c);
            int pt = choosePayloadType(msg);
            String sdp = sdp("agent", rtp.agentPort(c.index), pt);
            c.agentOk = response(msg, "200 OK", "tag-a" + c.index, sdp);
            send(agentSip, from, c.agentOk);
            synchronized (c) {
                c.agentStream = rtp.start(c.index * 2 + 1, false, mediaOf(msg), pt);
            }
            maybeBridged(c);
        } else if (msg.startsWith("BYE ")) {
            send(agentSip, from, response(msg, "200 OK", null, null));
            Call c = byAgentCallId.remove(callId);
            if (c != null) {
                synchronized (c) {
                    if (c.agentStream != null) {
                        rtp.stop(c.agentStream);
                        c.agentStream = null;
                    }
                    if (c.inBridge) {
                        c.inBridge = false;
                        rtp.loaded(bridged.decrementAndGet() >= steadyAt);
                    }
                }
            }
        } else if (msg.startsWith("CANCEL ")) {
            send(agentSip, from, response(msg, "200 OK", null, null));
        }
        // ACKs and responses to nothing we sent: nothing to do
    }

    private void maybeBridged(Call c) {
        synchronized (c) {
            if (!c.inBridge && c.callerStream != null && c.agentStream != null && !c.byeSent) {
                c.inBridge = true;
                rtp.loaded(bridged.incrementAndGet() >= steadyAt);
            }
        }
    }

    private int choosePayloadType(String invite) {
        if (!"first".equals(agentCodec)) {
            return "PCMA".equals(agentCodec) ? 8 : 0;
        }
        Matcher m = MEDIA.matcher(invite);
        if (m.find()) {
            for (String pt : m.group(2).trim().split(" ")) {
                if (pt.equals("0") || pt.equals("8")) {
                    return Integer.parseInt(pt);
                }
            }
        }
        return 0;
    }

    private static int payloadTypeOf(String msg) {
        Matcher m = MEDIA.matcher(msg);
        return m.find() && m.group(2).trim().startsWith("0") ? 0 : 8;
    }

    private static InetSocketAddress mediaOf(String msg) {
        Matcher m = MEDIA.matcher(msg);
        Matcher c = CONN.matcher(msg);
        if (!m.find() || !c.find()) {
            throw new IllegalStateException("no audio in SDP");
        }
        return new InetSocketAddress(c.group(1), Integer.parseInt(m.group(1)));
    }

    private String invite(Call c) {
        String sdp = sdp("caller", rtp.callerPort(c.index), 8);
        return "INVITE sip:" + service + "@127.0.0.1:" + server.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + callerSip.getLocalPort() + ";branch=z9hG4bK" + c.callId + "i\r\n"
                + "From: <sip:" + c.user + "@127.0.0.1:" + callerSip.getLocalPort() + ">;tag=tag-c" + c.index + "\r\n"
                + "To: <sip:" + service + "@127.0.0.1:" + server.getPort() + ">\r\n"
                + "Call-ID: " + c.callId + "\r\nCSeq: 1 INVITE\r\n"
                + "Contact: <sip:" + c.user + "@127.0.0.1:" + callerSip.getLocalPort() + ">\r\n"
                + "Max-Forwards: 70\r\nContent-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp;
    }

    private String ack(Call c, String ok) {
        String toTag = group(TO_TAG, ok);
        return "ACK " + c.target + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + callerSip.getLocalPort() + ";branch=z9hG4bK" + c.callId + "a\r\n"
                + "From: <sip:" + c.user + "@127.0.0.1:" + callerSip.getLocalPort() + ">;tag=tag-c" + c.index + "\r\n"
                + "To: <sip:" + service + "@127.0.0.1:" + server.getPort() + ">" + (toTag == null ? "" : ";tag=" + toTag)
                + "\r\nCall-ID: " + c.callId + "\r\nCSeq: 1 ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    private String bye(Call c) {
        return "BYE " + c.target + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + callerSip.getLocalPort() + ";branch=z9hG4bK" + c.callId + "b\r\n"
                + "From: <sip:" + c.user + "@127.0.0.1:" + callerSip.getLocalPort() + ">;tag=tag-c" + c.index + "\r\n"
                + "To: <sip:" + service + "@127.0.0.1:" + server.getPort() + ">;tag=" + c.toTag + "\r\n"
                + "Call-ID: " + c.callId + "\r\nCSeq: 2 BYE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    /** A response echoing the request's Via, From, To (with our tag if given), Call-ID and CSeq. */
    private String response(String request, String status, String toTag, String sdp) {
        StringBuilder sb = new StringBuilder("SIP/2.0 ").append(status).append("\r\n");
        Matcher h = HEADER.matcher(request);
        while (h.find()) {
            String line = h.group().strip();
            String name = h.group(1).toLowerCase(Locale.ROOT);
            if (name.equals("record-route")) {
                continue;
            }
            sb.append(line);
            if (toTag != null && (name.equals("to") || name.equals("t")) && !line.contains(";tag=")) {
                sb.append(";tag=").append(toTag);
            }
            sb.append("\r\n");
        }
        if (sdp != null) {
            sb.append("Contact: <sip:agent@127.0.0.1:").append(agentSip.getLocalPort()).append(">\r\n")
                    .append("Content-Type: application/sdp\r\nContent-Length: ").append(sdp.length()).append("\r\n\r\n")
                    .append(sdp);
        } else {
            sb.append("Content-Length: 0\r\n\r\n");
        }
        return sb.toString();
    }

    private static String sdp(String who, int port, int pt) {
        return "v=0\r\no=" + who + " 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP " + pt + " 101\r\n"
                + "a=rtpmap:" + pt + (pt == 8 ? " PCMA/8000" : " PCMU/8000") + "\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\n";
    }

    private static void send(DatagramSocket s, InetSocketAddress to, String msg) {
        byte[] b = msg.getBytes(StandardCharsets.UTF_8);
        try {
            s.send(new DatagramPacket(b, b.length, to));
        } catch (IOException e) {
            System.err.println("generator: send failed: " + e);
        }
    }

    private static String group(Pattern p, String s) {
        return group(p, s, 1);
    }

    private static String group(Pattern p, String s, int g) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(g) : null;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
