package org.openucc.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What the JVM did during a measured window, as robust figures that do not depend on how busy the
 * machine is: bytes allocated (summed over the live threads, so a thread that ended in the window is
 * missed), collector pauses (count, total, longest) and the heap in use right after each collection
 * (its peak is the live set plus whatever the collector left, an upper bound of what the calls retain).
 */
final class JvmMeter implements AutoCloseable {
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final long allocated0;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onGc;
    private final AtomicLong pauses = new AtomicLong();
    private final AtomicLong pauseMillis = new AtomicLong();
    private final AtomicLong longestPause = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final AtomicLong lastAfterGc = new AtomicLong();

    JvmMeter() {
        allocated0 = allocatedNow();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(listener, null, null);
                emitters.add(e);
            }
        }
    }

    private long allocatedNow() {
        long[] ids = threads.getAllThreadIds();
        return Arrays.stream(threads.getThreadAllocatedBytes(ids)).filter(b -> b > 0).sum();
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        // G1's concurrent cycle reports as a collector too; its duration is not a pause.
        if (info.getGcName().contains("Concurrent")) {
            return;
        }
        long ms = info.getGcInfo().getDuration();
        pauses.incrementAndGet();
        pauseMillis.addAndGet(ms);
        longestPause.accumulateAndGet(ms, Math::max);
        long after = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
        lastAfterGc.set(after);
        peakAfterGc.accumulateAndGet(after, Math::max);
    }

    /** Bytes allocated by the threads alive now since this meter started. */
    long allocated() {
        return allocatedNow() - allocated0;
    }

    String summary(long calls) {
        long bytes = allocated();
        return String.format("allocated %,d MB (%,d KB per call); %d GC pauses, %,d ms in all, longest %d ms; "
                        + "heap after GC peak %,d MB, last %,d MB",
                bytes >> 20, calls == 0 ? 0 : bytes / calls >> 10, pauses.get(), pauseMillis.get(), longestPause.get(),
                peakAfterGc.get() >> 20, lastAfterGc.get() >> 20);
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
