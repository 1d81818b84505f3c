package org.openucc.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openucc.telephony.media.Codec;
import org.openucc.telephony.media.RecordingBuffers;
import org.openucc.telephony.media.WavRecorder;

/**
 * The recorder's per-frame cost on an RTP loop, without the network: {@code --calls} recorded stereo calls,
 * each party a 20 ms G.711 frame per period (arrival jitter up to 3 ms, 1 % lost), fed on this thread in the
 * order a loop would see them, in virtual time (no waiting). Per frame it decodes the payload as
 * {@code RtpSession.receive} did and hands it to {@link WavRecorder#frame}, or with {@code --g711 true} hands
 * the G.711 bytes to the recorder, which decodes them into its window; the chunks are written on
 * one writer thread to {@code /dev/null}. Prints this thread's CPU time and allocation per frame (not wall
 * time: the machine is shared) and the writer's CPU per frame.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.openucc.bench.RecorderFrameBenchmark \
 *      [--calls 500] [--seconds 60] [--rounds 5] [--g711 false]
 * </pre>
 */
public final class RecorderFrameBenchmark {
    private RecorderFrameBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int calls = 500;
        int seconds = 60;
        int rounds = 5;
        boolean g711 = false;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--calls" -> calls = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--g711" -> g711 = Boolean.parseBoolean(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "writer"));
        long writerThread = writer.submit(() -> Thread.currentThread().getId()).get();
        RecordingBuffers buffers = RecordingBuffers.forRecorders(4 * calls); // enough that no round allocates buffers
        System.out.printf(Locale.ROOT, "load average %.2f%n", ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
        for (int round = 0; round <= rounds; round++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long alloc0 = threads.getCurrentThreadAllocatedBytes();
            long writer0 = threads.getThreadCpuTime(writerThread);
            long frames = run(calls, seconds, writer, buffers, round, g711);
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            long alloc = threads.getCurrentThreadAllocatedBytes() - alloc0;
            long writerCpu = threads.getThreadCpuTime(writerThread) - writer0;
            System.out.printf(Locale.ROOT, "%s %d calls x %d s: %,d frames, loop CPU %.0f ns/frame, "
                            + "allocated %.1f B/frame, writer CPU %.0f ns/frame, load %.2f%n",
                    round == 0 ? "warm-up" : "round " + round, calls, seconds, frames, (double) cpu / frames,
                    (double) alloc / frames, (double) writerCpu / frames,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        writer.shutdown();
        writer.awaitTermination(30, TimeUnit.SECONDS);
    }

    private static long run(int calls, int seconds, ExecutorService writer, RecordingBuffers buffers, int seed,
                            boolean g711) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        long start = 1_000_000_000L;
        List<WavRecorder> recorders = new ArrayList<>(calls);
        long[] phase = new long[calls];
        for (int c = 0; c < calls; c++) {
            recorders.add(new WavRecorder(writer, Path.of("/dev/null"), 2, start, buffers));
            phase[c] = random.nextLong(20_000_000L);
        }
        byte[][] payloads = new byte[16][160];
        for (byte[] p : payloads) {
            for (int i = 0; i < p.length; i++) {
                p[i] = (byte) random.nextInt(256);
            }
        }
        short[] decoded = new short[2048];
        long frames = 0;
        int periods = seconds * 50;
        for (int n = 1; n <= periods; n++) {
            for (int c = 0; c < calls; c++) {
                WavRecorder r = recorders.get(c);
                for (int party = 0; party < 2; party++) {
                    if (random.nextInt(100) == 0) {
                        continue; // lost
                    }
                    long at = start + n * 20_000_000L + phase[c] + random.nextLong(3_000_000L);
                    byte[] payload = payloads[(n + c + party) & 15];
                    Codec codec = party == 0 ? Codec.PCMA : Codec.PCMU;
                    if (g711) {
                        r.frame(party, payload, payload.length, codec, at);
                        frames++;
                        continue;
                    }
                    for (int i = 0; i < payload.length; i++) {
                        decoded[i] = codec.decode(payload[i]);
                    }
                    r.frame(party, decoded, payload.length, at);
                    frames++;
                }
            }
        }
        for (WavRecorder r : recorders) {
            r.close();
        }
        for (WavRecorder r : recorders) {
            r.done().get(60, TimeUnit.SECONDS);
        }
        return frames;
    }
}
