package org.openucc.telephony.media;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
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
 */
public final class MediaEngine {
    private static final Logger log = LoggerFactory.getLogger(MediaEngine.class);

    /** Counters over all sessions (cheap enough to bump per packet). */
    public static final class Stats {
        final LongAdder packetsIn = new LongAdder();
        final LongAdder packetsOut = new LongAdder();
        final LongAdder packetsDropped = new LongAdder();
        final LongAdder relayed = new LongAdder();
        final LongAdder relayedLate = new LongAdder();
        /** Sessions a call had to wait for (no spare bound ahead on its loop): set-up waited for a bind. */
        final LongAdder spareMisses = new LongAdder();
        final AtomicInteger sessions = new AtomicInteger();

        public Map<String, Long> snapshot() {
            return Map.of("sessions", (long) sessions.get(), "packetsIn", packetsIn.sum(), "packetsOut",
                    packetsOut.sum(), "packetsDropped", packetsDropped.sum(), "relayed", relayed.sum(),
                    "relayedLate5ms", relayedLate.sum(), "spareMisses", spareMisses.sum());
        }
    }

    final Stats stats = new Stats();
    private final String host;
    private final int portMin;
    private final int portMax;
    private final int threads;
    private final ThreadPools pools;
    private final Map<Integer, RtpSession> inUse = new ConcurrentHashMap<>();
    private final Map<Path, short[]> prompts = new ConcurrentHashMap<>();
    private final AtomicInteger nextPort = new AtomicInteger();
    private EventLoopGroup group;
    private final Map<EventLoop, MediaTicker> tickers = new ConcurrentHashMap<>();
    private ExecutorService writers;
    /**
     * Sessions bound ahead of time on each loop, so placing or answering a call does not wait for a
     * bind on a loop that is busy relaying.
     */
    private final Map<EventLoop, SparePool> spares = new ConcurrentHashMap<>();
    private static final int SPARE_PER_LOOP = 64;
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
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("rtp", true),
                NioIoHandler.newFactory());
        writers = pools.fixed("media-writer", 2);
        binder = pools.fixed("media-bind", 1);
        log.info("RTP media on {} ports {}-{} with {} event loops", host, portMin, portMax, threads);
        group.forEach(e -> refill((EventLoop) e));
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
        EventLoop loop = near != null ? near.loop() : group.next();
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
            stats.spareMisses.increment();
            result = bindNew(loop, listener, name); // claims its port now, before the refill below
        }
        refill(loop);
        return result;
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
            if (group.isShuttingDown()) {
                pool.binding.decrementAndGet();
                continue;
            }
            bindNew(loop, null, "spare").whenComplete((s, err) -> {
                pool.binding.decrementAndGet();
                if (s != null) {
                    pool.ready.add(s);
                    pool.count.incrementAndGet();
                }
            });
        }
    }

    private CompletableFuture<RtpSession> bindNew(EventLoop loop, MediaListener listener, String name) {
        MediaTicker ticker = tickers.computeIfAbsent(loop, MediaTicker::new);
        RtpSession session = new RtpSession(this, loop, ticker, listener, name);
        CompletableFuture<RtpSession> result = new CompletableFuture<>();
        bind(session, loop, result, (portMax - portMin) / 2 + 1);
        return result;
    }

    private void bind(RtpSession session, EventLoop loop, CompletableFuture<RtpSession> result, int triesLeft) {
        int port = claimPort(session);
        if (port < 0 || triesLeft <= 0) {
            result.completeExceptionally(new IOException("no free RTP port in " + portMin + "-" + portMax
                    + " (" + inUse.size() + " in use)"));
            return;
        }
        new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 64 * 1024)
                .handler(session.handler())
                .bind(new InetSocketAddress(host, port))
                .addListener(f -> {
                    if (f.isSuccess()) {
                        session.attach((DatagramChannel) ((io.netty.channel.ChannelFuture) f).channel(), port);
                        stats.sessions.incrementAndGet();
                        result.complete(session);
                    } else {
                        inUse.remove(port, session);
                        bind(session, loop, result, triesLeft - 1); // taken by someone else: next port
                    }
                });
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

    /** A recorder writing on the writer pool (one writer task at a time per file). */
    public WavRecorder recorder(Path file, int channels) {
        return new WavRecorder(new SerialExecutor(writers, "recorder " + file.getFileName()), file, channels,
                System.nanoTime());
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
