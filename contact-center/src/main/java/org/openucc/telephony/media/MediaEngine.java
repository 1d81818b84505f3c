package org.openucc.telephony.media;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.openucc.concurrent.SerialExecutor;
import org.openucc.concurrent.ThreadPools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RTP media for the built-in stack on Netty UDP: hands out {@link RtpSession}s on even ports of the
 * configured range, one event loop each, paced by a per-loop {@link MediaTicker}. Prompts are read
 * once and kept as linear samples. Recording files are written on a small writer pool, never on a
 * loop.
 * <p>
 * Call set-up never waits for an event loop: a session's socket is created and bound on the thread that
 * asks for it (the {@code media-bind} thread for the spares bound ahead, the call's owner when none is
 * left), and only its registration with the loop is queued there. The port is known at once, so the SDP
 * can go out while a loop is busy relaying; packets that arrive before the loop registers the socket wait
 * in its receive buffer. On Linux x86-64 the loops use Netty's native epoll transport (fewer syscalls
 * and no selected-key set per wake-up), elsewhere NIO; {@code -Dopenucc.media.transport=nio} forces NIO.
 */
public final class MediaEngine {
    private static final Logger log = LoggerFactory.getLogger(MediaEngine.class);

    /**
     * Counters over all sessions: the per-packet ones kept per loop ({@link LoopCounters}, summed here), the
     * rare ones here.
     */
    public static final class Stats {
        /** One per RTP loop, added as loops get their first session (a handful, read when the stats are). */
        private final java.util.List<LoopCounters> loops = new java.util.concurrent.CopyOnWriteArrayList<>();
        final LongAdder packetsDropped = new LongAdder();
        /** Sessions a call had to wait for (no spare bound ahead on its loop): set-up waited for a bind. */
        final LongAdder spareMisses = new LongAdder();
        final AtomicInteger sessions = new AtomicInteger();
        private final RecordingBuffers recordingBuffers;

        Stats(RecordingBuffers recordingBuffers) {
            this.recordingBuffers = recordingBuffers;
        }

        LoopCounters newLoop() {
            LoopCounters c = new LoopCounters();
            loops.add(c);
            return c;
        }

        public Map<String, Long> snapshot() {
            long in = 0;
            long out = 0;
            long relayed = 0;
            long late = 0;
            for (LoopCounters c : loops) {
                in += c.packetsIn();
                out += c.packetsOut();
                relayed += c.relayed();
                late += c.relayedLate();
            }
            return Map.of("sessions", (long) sessions.get(), "packetsIn", in, "packetsOut", out, "packetsDropped",
                    packetsDropped.sum(), "relayed", relayed, "relayedLate5ms", late, "spareMisses", spareMisses.sum(),
                    "recordingWindowsMade", recordingBuffers.windowsMade(), "recordingBuffersKept",
                    (long) recordingBuffers.kept());
        }
    }

    /** The recorders' windows and chunks given back by ended calls. */
    private final RecordingBuffers recordingBuffers = RecordingBuffers.forRecorders(256);
    final Stats stats = new Stats(recordingBuffers);
    private final String host;
    private final int portMin;
    private final int portMax;
    private final int threads;
    private final ThreadPools pools;
    private final Map<Integer, RtpSession> inUse = new ConcurrentHashMap<>();
    private final Map<Path, short[]> prompts = new ConcurrentHashMap<>();
    private final AtomicInteger nextPort = new AtomicInteger();
    private EventLoopGroup group;
    /** Netty's native epoll transport for the loops (else NIO); chosen at {@link #start()}. */
    private boolean epoll;
    /** Sessions handed to calls and not closed yet, per loop: new calls go to the least loaded loop. */
    private final Map<EventLoop, AtomicInteger> callsOnLoop = new ConcurrentHashMap<>();
    private List<EventLoop> loops = List.of();
    private final Map<EventLoop, MediaTicker> tickers = new ConcurrentHashMap<>();
    private final Map<EventLoop, LoopCounters> counters = new ConcurrentHashMap<>();
    private ExecutorService writers;
    /**
     * Sessions bound ahead of time on each loop, so placing or answering a call does not wait for a
     * bind on a loop that is busy relaying.
     */
    private final Map<EventLoop, SparePool> spares = new ConcurrentHashMap<>();
    private static final int SPARE_PER_LOOP = 64;
    private static final int RECEIVE_BUFFER = 64 * 1024;
    /**
     * Binds the spares (socket creation and all), so neither the call owners that take a session nor the
     * loops that relay pay for it.
     */
    private ExecutorService binder;

    private static final class SparePool {
        final java.util.concurrent.ConcurrentLinkedQueue<RtpSession> ready = new java.util.concurrent.ConcurrentLinkedQueue<>();
        final AtomicInteger count = new AtomicInteger();
        final AtomicInteger binding = new AtomicInteger();
    }

    /**
     * @param threads event loops for RTP (0: one per core)
     * @param pools   where the recording writers' pool ({@code media-writer}) comes from
     */
    public MediaEngine(String host, int portMin, int portMax, int threads, ThreadPools pools) {
        if (portMin < 1024 || portMax > 65_535 || portMax - portMin < 3) {
            throw new IllegalArgumentException("RTP port range " + portMin + "-" + portMax
                    + " must lie within 1024-65535 and hold at least two port pairs");
        }
        this.host = host;
        this.portMin = portMin + (portMin & 1);
        this.portMax = portMax;
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.pools = pools;
        this.nextPort.set(this.portMin);
    }

    public void start() {
        epoll = !"nio".equalsIgnoreCase(System.getProperty("openucc.media.transport", "")) && Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("rtp", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        writers = pools.fixed("media-writer", 2);
        binder = pools.fixed("media-bind", 1);
        List<EventLoop> all = new ArrayList<>();
        group.forEach(e -> all.add((EventLoop) e));
        loops = List.copyOf(all);
        log.info("RTP media on {} ports {}-{} with {} event loops ({})", host, portMin, portMax, threads,
                epoll ? "epoll" : "nio");
        loops.forEach(this::refill);
    }

    /** The loops' transport: {@code epoll} or {@code nio}. */
    public String transport() {
        return epoll ? "epoll" : "nio";
    }

    /** The RTP event loops (tests hold them busy to show that set-up does not wait for them). */
    List<EventLoop> loops() {
        return loops;
    }

    /** Spare sessions the binder has been asked for and not bound yet. */
    int spareBindsPending() {
        return spares.values().stream().mapToInt(p -> p.binding.get()).sum();
    }

    /** Takes every spare session out of the pools (tests: the next call then binds its own). */
    List<RtpSession> takeSpares() {
        List<RtpSession> taken = new ArrayList<>();
        for (SparePool p : spares.values()) {
            for (RtpSession s; (s = p.ready.poll()) != null; ) {
                p.count.decrementAndGet();
                taken.add(s);
            }
        }
        return taken;
    }

    public void stop() {
        spares.clear();
        new ArrayList<>(inUse.values()).forEach(RtpSession::close);
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        ThreadPools.shutDown(binder);
        ThreadPools.shutDown(writers);
    }

    public String host() {
        return host;
    }

    public Stats stats() {
        return stats;
    }

    /** Sessions bound ahead of time and waiting for a call (counted in {@code sessions}, not in a call). */
    public int spareSessions() {
        return spares.values().stream().mapToInt(p -> p.count.get()).sum();
    }

    /** RTP sessions the port range holds (one even port each). */
    public int portCapacity() {
        return (portMax - portMin) / 2 + 1;
    }

    /** Sessions a new call could still get: unbound ports plus the spares bound ahead of time. */
    public int freePorts() {
        return Math.max(0, portCapacity() - inUse.size()) + spareSessions();
    }

    Logger log() {
        return log;
    }

    /** Opens a session on a free even port of the range, on the next event loop. */
    public CompletableFuture<RtpSession> open(MediaListener listener, String name) {
        return open(listener, name, null);
    }

    /**
     * Opens a session on the same event loop as {@code near} (the leg it will be bridged with), so
     * relaying between the two never hops threads; {@code null}: the next loop.
     */
    public CompletableFuture<RtpSession> open(MediaListener listener, String name, RtpSession near) {
        EventLoop loop = near != null ? near.loop() : leastLoaded();
        SparePool pool = spares.computeIfAbsent(loop, l -> new SparePool());
        RtpSession ready = pool.ready.poll();
        if (ready == null && inUse.size() >= portCapacity()) {
            ready = anySpare(); // every port is bound: another loop's spare beats a refusal
        } else if (ready != null) {
            pool.count.decrementAndGet();
        }
        CompletableFuture<RtpSession> result;
        if (ready != null) {
            ready.adopt(listener, name);
            result = CompletableFuture.completedFuture(ready);
        } else {
            // No spare: bind one here and now (a few syscalls on this thread), never wait for the loop.
            stats.spareMisses.increment();
            try {
                result = CompletableFuture.completedFuture(bindNow(loop, listener, name));
            } catch (IOException | RuntimeException e) {
                result = CompletableFuture.failedFuture(e);
            }
        }
        RtpSession opened = result.getNow(null);
        if (opened != null) {
            opened.countedOn(callsOnLoop.computeIfAbsent(opened.loop(), l -> new AtomicInteger()));
        }
        refill(loop);
        return result;
    }

    /** The loop with the fewest calls' sessions (two or a few loops: a short scan). */
    private EventLoop leastLoaded() {
        EventLoop best = null;
        int fewest = Integer.MAX_VALUE;
        for (EventLoop l : loops) {
            AtomicInteger n = callsOnLoop.get(l);
            int calls = n == null ? 0 : n.get();
            if (calls < fewest) {
                fewest = calls;
                best = l;
            }
        }
        return best != null ? best : group.next();
    }

    private RtpSession anySpare() {
        for (SparePool p : spares.values()) {
            RtpSession s = p.ready.poll();
            if (s != null) {
                p.count.decrementAndGet();
                return s;
            }
        }
        return null;
    }

    /** Tops the loop's spares up on the binder thread once half of them are taken. */
    private void refill(EventLoop loop) {
        SparePool pool = spares.computeIfAbsent(loop, l -> new SparePool());
        int want;
        synchronized (pool) {
            if (pool.count.get() + pool.binding.get() >= SPARE_PER_LOOP / 2 || group.isShuttingDown()) {
                return;
            }
            want = SPARE_PER_LOOP - pool.count.get() - pool.binding.get();
            pool.binding.addAndGet(want); // claimed now, so callers meanwhile do not queue more
        }
        try {
            binder.execute(() -> bindSpares(loop, pool, want));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            pool.binding.addAndGet(-want);
        }
    }

    private void bindSpares(EventLoop loop, SparePool pool, int want) {
        for (int i = 0; i < want; i++) {
            try {
                if (!group.isShuttingDown()) {
                    RtpSession s = bindNow(loop, null, "spare");
                    pool.ready.add(s);
                    pool.count.incrementAndGet();
                }
            } catch (IOException | RuntimeException e) {
                log.debug("spare RTP session not bound: {}", e.toString());
            } finally {
                pool.binding.decrementAndGet();
            }
        }
    }

    /**
     * Creates and binds a session's socket on this thread and queues its registration on {@code loop}: the
     * session is usable at once (its port is known; what it is asked to do next runs on the loop after the
     * registration, tasks being run in order).
     */
    private RtpSession bindNow(EventLoop loop, MediaListener listener, String name) throws IOException {
        MediaTicker ticker = tickers.computeIfAbsent(loop, MediaTicker::new);
        LoopCounters loopCounters = counters.computeIfAbsent(loop, l -> stats.newLoop());
        RtpSession session = new RtpSession(this, loop, ticker, loopCounters, listener, name);
        IOException last = null;
        for (int tries = portCapacity(); tries > 0; tries--) {
            int port = claimPort(session);
            if (port < 0) {
                break;
            }
            DatagramChannel channel;
            try {
                channel = epoll ? boundEpoll(port) : boundNio(port);
            } catch (IOException taken) {
                inUse.remove(port, session); // taken by someone else: next port
                last = taken;
                continue;
            }
            readOnePacketPerWakeUp(channel);
            channel.pipeline().addLast(session.handler());
            session.attach(channel, port);
            stats.sessions.incrementAndGet();
            loop.register(channel).addListener(f -> {
                if (!f.isSuccess()) {
                    log.debug("RTP session {} not registered: {}", port, f.cause().toString());
                    released(session, port);
                }
            });
            return session;
        }
        throw new IOException("no free RTP port in " + portMin + "-" + portMax + " (" + inUse.size() + " in use)"
                + (last == null ? "" : ", last bind: " + last.getMessage()));
    }

    /**
     * A session's socket gets a packet every 20 ms: read one per wake-up instead of reading on until the
     * socket says EAGAIN (one failed receive syscall per packet). Safe because the loop is told again while
     * more is queued: epoll level-triggered (Netty's default is edge-triggered, which must drain the socket),
     * and NIO's selector always is.
     */
    private static void readOnePacketPerWakeUp(DatagramChannel channel) {
        if (channel instanceof EpollDatagramChannel) {
            channel.config().setOption(io.netty.channel.epoll.EpollChannelOption.EPOLL_MODE,
                    io.netty.channel.epoll.EpollMode.LEVEL_TRIGGERED);
        }
        // Netty's datagram default (2048-byte buffers), one message a read; an allocator of this channel's own.
        channel.config().setRecvByteBufAllocator(new io.netty.channel.FixedRecvByteBufAllocator(2048).maxMessagesPerRead(1));
    }

    private DatagramChannel boundNio(int port) throws IOException {
        java.nio.channels.DatagramChannel ch = java.nio.channels.DatagramChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            ch.bind(new InetSocketAddress(host, port));
            return new NioDatagramChannel(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private DatagramChannel boundEpoll(int port) throws IOException {
        io.netty.channel.unix.Socket socket = io.netty.channel.unix.Socket.newSocketDgram();
        try {
            socket.setReceiveBufferSize(RECEIVE_BUFFER);
            socket.bind(new InetSocketAddress(host, port));
            return new EpollDatagramChannel(socket.intValue());
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private int claimPort(RtpSession session) {
        int span = (portMax - portMin) / 2 + 1;
        for (int i = 0; i < span; i++) {
            int port = nextPort.getAndUpdate(p -> p + 2 > portMax ? portMin : p + 2);
            if (inUse.putIfAbsent(port, session) == null) {
                return port;
            }
        }
        return -1;
    }

    void released(RtpSession session, int port) {
        if (port > 0 && inUse.remove(port, session)) {
            stats.sessions.decrementAndGet();
        }
    }

    /**
     * A recorder writing on the writer pool (one writer task at a time per file), its buffers from those the
     * last calls gave back (at most 256 of each kind wait: 20 MB; a burst beyond allocates).
     */
    public WavRecorder recorder(Path file, int channels) {
        return new WavRecorder(new SerialExecutor(writers, "recorder " + file.getFileName()), file, channels,
                System.nanoTime(), recordingBuffers);
    }

    /** Loads a prompt (cached); blocking file I/O, so call it off the event loops. */
    public short[] prompt(Path file) {
        return prompts.computeIfAbsent(file.toAbsolutePath().normalize(), f -> {
            try {
                return WavAudio.read(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public List<short[]> prompts(List<Path> files) {
        List<short[]> out = new ArrayList<>(files.size());
        files.forEach(f -> out.add(prompt(f)));
        return out;
    }
}
