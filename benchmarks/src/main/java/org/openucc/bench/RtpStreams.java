package org.openucc.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openucc.telephony.media.G711;

/**
 * The audio of the media load generator on Netty: the callers' side and the agent phones' side, each
 * a few UDP sockets on one event loop (calls spread over them), 20 ms G.711 frames per stream, the streams spread evenly over the 20 ms
 * (one slot a millisecond, as independent phones would be), never in one burst. Each frame carries, in
 * the signs of its samples (which survive any G.711 transcoding), a tag, its send time, its stream and
 * sequence number, so the receiving side measures each relayed packet's delay through the server and
 * the packets lost, whatever the server did to the header.
 */
final class RtpStreams {
    private static final int MAGIC = 0x4d4c4221;
    private static final int SLOTS = 20;
    private static final long SLOT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int BUCKET_NANOS = 10_000; // delay histogram: 10 µs buckets up to 200 ms
    private static final int BUCKETS = 20_000;
    /** Sockets per side: each has its own receive buffer, so a stall of the generator's loop loses less. */
    private static final int SOCKETS = 8;

    /** One direction of one call: what one phone sends. */
    static final class Stream {
        final int id;
        final InetSocketAddress to;
        final byte one;
        final byte zero;
        final int pt;
        int seq;
        int ts;
        volatile boolean stopped;

        Stream(int id, InetSocketAddress to, int pt) {
            this.id = id;
            this.to = to;
            this.pt = pt;
            this.one = pt == 8 ? G711.linearToAlaw((short) 4000) : G711.linearToUlaw((short) 4000);
            this.zero = pt == 8 ? G711.linearToAlaw((short) -4000) : G711.linearToUlaw((short) -4000);
        }
    }

    /** One side's sockets and their loop: the streams it sends, what it receives. */
    @io.netty.channel.ChannelHandler.Sharable
    private final class Side extends SimpleChannelInboundHandler<DatagramPacket> {
        final EventLoop loop;
        final Channel[] channels = new Channel[SOCKETS];
        private final boolean[] written = new boolean[SOCKETS];
        @SuppressWarnings("unchecked")
        final List<Stream>[] slots = new List[SLOTS];
        int active;
        long sent;
        long received;
        long untagged;
        long late;
        long lateLoaded;
        long receivedLoaded;
        long[] delays = new long[BUCKETS + 1];
        long[] delaysLoaded = new long[BUCKETS + 1];
        long maxDelay;
        int[] first = new int[1 << 15];
        int[] last = new int[1 << 15];
        int[] count = new int[1 << 15];
        long ticks;
        long ticksLate;
        long maxTickLate;
        private long startNanos;
        private long tick;

        Side(EventLoopGroup group) throws InterruptedException {
            for (int i = 0; i < SLOTS; i++) {
                slots[i] = new ArrayList<>();
            }
            EventLoop one = group.next();
            for (int i = 0; i < SOCKETS; i++) {
                channels[i] = new Bootstrap().group(one).channel(NioDatagramChannel.class)
                        .option(ChannelOption.SO_RCVBUF, 8 << 20).option(ChannelOption.SO_SNDBUF, 8 << 20)
                        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(512).maxMessagesPerRead(64))
                        .handler(this).bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            }
            loop = one;
            loop.execute(() -> {
                startNanos = System.nanoTime();
                schedule();
            });
        }

        /** The port the phone with this call index talks from. */
        int port(int callIndex) {
            return ((InetSocketAddress) channels[callIndex % SOCKETS].localAddress()).getPort();
        }

        private void schedule() {
            long due = startNanos + (tick + 1) * SLOT_NANOS;
            loop.schedule(this::tick, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
        }

        /** On the loop, once a millisecond: the streams of this slot send their frame. */
        private void tick() {
            tick++;
            long now = System.nanoTime();
            long behind = now - (startNanos + tick * SLOT_NANOS);
            ticks++;
            if (behind > LATE_NANOS) {
                ticksLate++;
            }
            maxTickLate = Math.max(maxTickLate, behind);
            if (behind > 5 * SLOT_NANOS * SLOTS) {
                tick += behind / SLOT_NANOS; // a long stall: skip, do not burst
            }
            List<Stream> due = slots[(int) (tick % SLOTS)];
            for (Iterator<Stream> it = due.iterator(); it.hasNext(); ) {
                Stream s = it.next();
                if (s.stopped) {
                    it.remove();
                    active--;
                    continue;
                }
                int k = (s.id >> 1) % SOCKETS;
                channels[k].write(frame(channels[k], s), channels[k].voidPromise());
                written[k] = true;
                sent++;
            }
            for (int k = 0; k < SOCKETS; k++) {
                if (written[k]) {
                    written[k] = false;
                    channels[k].flush();
                }
            }
            schedule();
        }

        private DatagramPacket frame(Channel channel, Stream s) {
            ByteBuf b = channel.alloc().directBuffer(12 + 160);
            s.seq++;
            s.ts += 160;
            b.writeByte(0x80).writeByte(s.pt).writeShort(s.seq).writeInt(s.ts).writeInt(s.id);
            long nanos = System.nanoTime();
            bits(b, s, MAGIC, 32);
            bits(b, s, nanos >>> 32, 32);
            bits(b, s, nanos, 32);
            bits(b, s, s.id, 32);
            bits(b, s, s.seq, 32);
            return new DatagramPacket(b, s.to);
        }

        private void bits(ByteBuf b, Stream s, long value, int n) {
            for (int i = n - 1; i >= 0; i--) {
                b.writeByte(((value >>> i) & 1) != 0 ? s.one : s.zero);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
            long now = System.nanoTime();
            ByteBuf in = p.content();
            int at = in.readerIndex();
            int len = in.readableBytes();
            if (len < 12 + 160) {
                untagged++;
                return;
            }
            int b0 = in.getUnsignedByte(at);
            int pt = in.getUnsignedByte(at + 1) & 0x7f;
            int payload = at + 12 + 4 * (b0 & 0x0f);
            if (payload + 160 > at + len || (pt != 0 && pt != 8)) {
                untagged++;
                return;
            }
            long magic = read(in, payload, 32, pt);
            if (magic != MAGIC) {
                untagged++; // a prompt or hold music from the server, not a relayed frame
                return;
            }
            long nanos = (read(in, payload + 32, 32, pt) << 32) | read(in, payload + 64, 32, pt);
            int id = (int) read(in, payload + 96, 32, pt);
            int seq = (int) read(in, payload + 128, 32, pt);
            long delay = now - nanos;
            received++;
            int bucket = (int) Math.min(BUCKETS, Math.max(0, delay / BUCKET_NANOS));
            delays[bucket]++;
            maxDelay = Math.max(maxDelay, delay);
            boolean isLate = delay > LATE_NANOS;
            if (isLate) {
                late++;
            }
            if (loaded) {
                receivedLoaded++;
                delaysLoaded[bucket]++;
                if (isLate) {
                    lateLoaded++;
                }
            }
            if (id >= 0) {
                track(id, seq);
            }
        }

        private long read(ByteBuf in, int from, int n, int pt) {
            long v = 0;
            for (int i = 0; i < n; i++) {
                byte x = in.getByte(from + i);
                short linear = pt == 8 ? G711.alawToLinear(x) : G711.ulawToLinear(x);
                v = (v << 1) | (linear > 0 ? 1 : 0);
            }
            return v;
        }

        private void track(int id, int seq) {
            if (id >= count.length) {
                int n = Math.max(id + 1, count.length * 2);
                first = java.util.Arrays.copyOf(first, n);
                last = java.util.Arrays.copyOf(last, n);
                count = java.util.Arrays.copyOf(count, n);
            }
            if (count[id] == 0) {
                first[id] = seq;
            }
            last[id] = Math.max(last[id], seq);
            count[id]++;
        }

        long lost() {
            long lost = 0;
            for (int i = 0; i < count.length; i++) {
                if (count[i] > 0) {
                    lost += Math.max(0, (last[i] - first[i] + 1) - count[i]);
                }
            }
            return lost;
        }

        void reset() {
            sent = received = untagged = late = lateLoaded = receivedLoaded = 0;
            delays = new long[BUCKETS + 1];
            delaysLoaded = new long[BUCKETS + 1];
            maxDelay = 0;
            java.util.Arrays.fill(count, 0);
            java.util.Arrays.fill(last, 0);
            ticks = ticksLate = maxTickLate = 0;
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("gen-rtp", true),
            NioIoHandler.newFactory());
    private final Side callers;
    private final Side agents;
    private volatile boolean loaded;
    private volatile int peak;
    private volatile int streams;

    RtpStreams() throws InterruptedException {
        callers = new Side(group);
        agents = new Side(group);
    }

    int callerPort(int callIndex) {
        return callers.port(callIndex);
    }

    int agentPort(int callIndex) {
        return agents.port(callIndex);
    }

    /** Starts a phone's stream to the server at {@code to}, in a slot of its own among the 20. */
    Stream start(int id, boolean caller, InetSocketAddress to, int pt) {
        Stream s = new Stream(id, to, pt);
        Side side = caller ? callers : agents;
        side.loop.execute(() -> {
            side.slots[((id >> 1) * 7 + (id & 1) * SLOTS / 2) % SLOTS].add(s); // evenly spread, the two sides apart
            side.active++;
        });
        synchronized (this) {
            streams++;
            peak = Math.max(peak, streams);
        }
        return s;
    }

    void stop(Stream s) {
        s.stopped = true;
        synchronized (this) {
            streams--;
        }
    }

    /** The generator's count of calls with both streams on: packets received while at the target count as loaded. */
    void loaded(boolean atTarget) {
        loaded = atTarget;
    }

    int peakStreams() {
        return peak;
    }

    void reset() throws Exception {
        callers.loop.submit(callers::reset).get();
        agents.loop.submit(agents::reset).get();
        peak = streams;
    }

    /** Lets the last packets in, then reads the counters on their loops. */
    void quiesce() throws Exception {
        Thread.sleep(200); // frames still on their way through the server
        callers.loop.submit(() -> { }).get();
        agents.loop.submit(() -> { }).get();
    }

    String summary() throws Exception {
        long sent = callers.sent + agents.sent;
        long received = callers.received + agents.received;
        long late = callers.late + agents.late;
        long receivedLoaded = callers.receivedLoaded + agents.receivedLoaded;
        long lateLoaded = callers.lateLoaded + agents.lateLoaded;
        long[] all = merge(callers.delays, agents.delays);
        long[] atLoad = merge(callers.delaysLoaded, agents.delaysLoaded);
        return String.format(Locale.ROOT, "rtp sent=%d received=%d untagged=%d lost=%d late5ms=%d (%.4f%%) "
                + "delayMs p50=%.2f p99=%.2f p999=%.2f max=%.1f | atTarget received=%d late5ms=%d (%.4f%%) p99=%.2f "
                + "| generatorTicks=%d late5ms=%d maxLateMs=%.1f",
                sent, received, callers.untagged + agents.untagged, callers.lost() + agents.lost(), late,
                received == 0 ? 0.0 : 100.0 * late / received, pct(all, 0.5), pct(all, 0.99), pct(all, 0.999),
                Math.max(callers.maxDelay, agents.maxDelay) / 1e6, receivedLoaded, lateLoaded,
                receivedLoaded == 0 ? 0.0 : 100.0 * lateLoaded / receivedLoaded, pct(atLoad, 0.99),
                callers.ticks + agents.ticks, callers.ticksLate + agents.ticksLate,
                Math.max(callers.maxTickLate, agents.maxTickLate) / 1e6);
    }

    private static long[] merge(long[] a, long[] b) {
        long[] m = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            m[i] = a[i] + b[i];
        }
        return m;
    }

    private static double pct(long[] h, double q) {
        long total = 0;
        for (long x : h) {
            total += x;
        }
        if (total == 0) {
            return 0;
        }
        long want = (long) Math.ceil(total * q);
        long seen = 0;
        for (int i = 0; i < h.length; i++) {
            seen += h[i];
            if (seen >= want) {
                return (i + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return h.length * BUCKET_NANOS / 1e6;
    }

    void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
