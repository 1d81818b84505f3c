package org.openucc.telephony.media;

import io.netty.channel.EventLoop;
import java.util.Arrays;
import org.openucc.telephony.MonitorMode;

/**
 * A supervisor joined to a bridged call: mixes 16-bit linear audio per 20 ms frame, on the bridge's
 * event loop and its {@link MediaTicker}, for the outputs the {@link MonitorMode} asks for:
 * <ul>
 *   <li>the supervisor always hears the customer + the agent;</li>
 *   <li>WHISPER and BARGE: the agent hears the customer + the supervisor (instead of the plain relay);</li>
 *   <li>BARGE: the customer hears the agent + the supervisor (instead of the plain relay).</li>
 * </ul>
 * A direction nobody mixes stays the plain packet relay. Each party's decoded audio waits in a short
 * queue (at most {@value #MAX_QUEUED_FRAMES} frames, the oldest dropped beyond, so a sender whose clock
 * runs fast adds no delay); every tick takes one frame from each, adds them with clipping and sends the
 * sums as the listening sessions' own streams. A party that sent nothing this frame adds silence; an
 * output with nothing to mix is not sent. Every field is used on the mix's loop only.
 */
public final class MonitorMix {
    static final int CUSTOMER = 0;
    static final int AGENT = 1;
    static final int SUPERVISOR = 2;
    static final int FRAME = Codec.SAMPLES_PER_PACKET;
    static final int MAX_QUEUED_FRAMES = 5;

    private final EventLoop loop;
    private final MediaTicker ticker;
    /** What the loop's clock calls (kept off the public surface). */
    private final MediaTicker.Ticked ticked = this::tick;
    private final RtpSession[] parties;
    private final SampleQueue[] queues = {new SampleQueue(), new SampleQueue(), new SampleQueue()};
    private final short[][] frames = new short[3][FRAME];
    private final boolean[] heard = new boolean[3];
    private final short[] out = new short[FRAME];
    /** Read from the parties' loops (who is mixed into): written on the mix's loop. */
    private volatile MonitorMode mode;
    private volatile boolean stopped;

    MonitorMix(RtpSession customer, RtpSession agent, RtpSession supervisor, MonitorMode mode) {
        this.loop = customer.loop();
        this.ticker = customer.ticker();
        this.parties = new RtpSession[] {customer, agent, supervisor};
        this.mode = mode;
    }

    /** Hooks the three sessions in and starts the clock. */
    void start() {
        for (int role = 0; role < parties.length; role++) {
            parties[role].joinMix(this, role);
        }
        loop.execute(() -> {
            if (!stopped) {
                ticker.add(ticked);
            }
        });
    }

    public MonitorMode mode() {
        return mode;
    }

    /** Changes who hears the supervisor from the next frame on. */
    public void mode(MonitorMode newMode) {
        loop.execute(() -> {
            if (mode != newMode) {
                mode = newMode;
                if (newMode == MonitorMode.LISTEN) {
                    queues[SUPERVISOR].clear();
                }
                // The relays that come back continue the sessions' own streams (new SSRC source: §5.1 offsets).
                parties[CUSTOMER].mixModeChanged(this);
                parties[AGENT].mixModeChanged(this);
            }
        });
    }

    /** Lets the supervisor go: the sessions relay as before (idempotent). */
    public void stop() {
        stopped = true;
        for (RtpSession p : parties) {
            p.leaveMix(this);
        }
        loop.execute(() -> ticker.remove(ticked));
    }

    /** Whether this mix, not the relay, sends what the session in {@code role} hears. */
    boolean mixesOutputOf(int role) {
        MonitorMode m = mode;
        return role == SUPERVISOR || role == AGENT && m.agentHearsSupervisor()
                || role == CUSTOMER && m.customerHearsSupervisor();
    }

    /** On the party's loop: {@code n} decoded samples the party in {@code role} sent. */
    void heard(int role, short[] samples, int n) {
        if (role == SUPERVISOR && mode == MonitorMode.LISTEN) {
            return; // nobody hears them
        }
        if (loop.inEventLoop()) {
            queues[role].add(samples, n);
        } else {
            short[] copy = Arrays.copyOf(samples, n);
            loop.execute(() -> queues[role].add(copy, n));
        }
    }

    void tick() {
        if (stopped) {
            ticker.remove(ticked);
            return;
        }
        for (int role = 0; role < 3; role++) {
            heard[role] = queues[role].take(frames[role]);
        }
        MonitorMode m = mode;
        send(SUPERVISOR, CUSTOMER, AGENT);
        if (m.agentHearsSupervisor()) {
            send(AGENT, CUSTOMER, SUPERVISOR);
        }
        if (m.customerHearsSupervisor()) {
            send(CUSTOMER, AGENT, SUPERVISOR);
        }
    }

    private void send(int to, int a, int b) {
        if (!heard[a] && !heard[b]) {
            return;
        }
        mix(frames[a], heard[a], frames[b], heard[b], out);
        RtpSession session = parties[to];
        if (session.loop().inEventLoop()) {
            session.sendMixed(this, out);
        } else {
            short[] copy = out.clone();
            session.loop().execute(() -> session.sendMixed(this, copy));
        }
    }

    /** Sum of two frames (an absent one is silence), clipped to 16 bits. */
    static void mix(short[] a, boolean hasA, short[] b, boolean hasB, short[] into) {
        for (int i = 0; i < into.length; i++) {
            int sum = (hasA ? a[i] : 0) + (hasB ? b[i] : 0);
            into[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sum));
        }
    }

    /** One party's samples waiting for the next ticks: a ring of at most {@value #MAX_QUEUED_FRAMES} frames. */
    static final class SampleQueue {
        private final short[] ring = new short[FRAME * MAX_QUEUED_FRAMES];
        private int head;
        private int size;

        void add(short[] samples, int n) {
            for (int i = Math.max(0, n - ring.length); i < n; i++) {
                if (size == ring.length) {
                    head = (head + 1) % ring.length; // full: the oldest sample goes
                    size--;
                }
                ring[(head + size) % ring.length] = samples[i];
                size++;
            }
        }

        /** Fills {@code frame} with the next frame (silence after a partial one); false when nothing waits. */
        boolean take(short[] frame) {
            if (size == 0) {
                return false;
            }
            int n = Math.min(size, frame.length);
            for (int i = 0; i < n; i++) {
                frame[i] = ring[(head + i) % ring.length];
            }
            Arrays.fill(frame, n, frame.length, (short) 0);
            head = (head + n) % ring.length;
            size -= n;
            return true;
        }

        void clear() {
            head = 0;
            size = 0;
        }

        int size() {
            return size;
        }
    }

    @Override
    public String toString() {
        return "monitor mix " + mode + " of " + Arrays.toString(parties);
    }
}
