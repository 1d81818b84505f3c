package org.openucc.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Another JVM on this machine (the server under test) seen through its own management beans, reached with
 * the attach API (the local JMX agent: no port, no flag on the server's command line): the heap in use
 * after each collection (heap pools only, from the collectors' notifications), threads, an explicit
 * collection, the class histogram; and its resident set size from {@code /proc}.
 */
final class RemoteJvm implements AutoCloseable {
    /**
     * One collection: when it ended (ms since the epoch, as seen here), the heap in use after it, and how long
     * the application was stopped for it (ms; G1's young, mixed and full collections, ZGC's and Shenandoah's
     * pauses).
     */
    record AfterGc(long atMillis, long heapBytes, long pauseMillis) {
    }

    private final long pid;
    private final JMXConnector connector;
    private final MBeanServerConnection beans;
    private final Set<String> heapPools = new HashSet<>();
    private final List<ObjectName> collectors = new ArrayList<>();
    private final List<AfterGc> afterGc = new ArrayList<>();
    private final NotificationListener listener = this::onGc;

    private RemoteJvm(long pid, JMXConnector connector) throws Exception {
        this.pid = pid;
        this.connector = connector;
        this.beans = connector.getMBeanServerConnection();
        for (ObjectName pool : beans.queryNames(new ObjectName("java.lang:type=MemoryPool,*"), null)) {
            if ("HEAP".equals(String.valueOf(beans.getAttribute(pool, "Type")))) {
                heapPools.add(String.valueOf(beans.getAttribute(pool, "Name")));
            }
        }
        for (ObjectName gc : beans.queryNames(new ObjectName("java.lang:type=GarbageCollector,*"), null)) {
            beans.addNotificationListener(gc, listener, null, null);
            collectors.add(gc);
        }
    }

    static RemoteJvm attach(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        return new RemoteJvm(pid, JMXConnectorFactory.connect(new JMXServiceURL(address)));
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        if (info.getGcName().contains("Concurrent") || info.getGcName().contains("Cycles")) {
            return; // a concurrent cycle (G1's, ZGC's, Shenandoah's): not a pause of its own
        }
        long heap = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                heap += e.getValue().getUsed();
            }
        }
        synchronized (afterGc) {
            afterGc.add(new AfterGc(System.currentTimeMillis(), heap, info.getGcInfo().getDuration()));
        }
    }

    /** Every collection seen so far, oldest first. */
    List<AfterGc> collections() {
        synchronized (afterGc) {
            return List.copyOf(afterGc);
        }
    }

    /** The heap in use after the last collection, or -1 before the first. */
    long lastHeapAfterGc() {
        synchronized (afterGc) {
            return afterGc.isEmpty() ? -1 : afterGc.get(afterGc.size() - 1).heapBytes();
        }
    }

    int threads() throws Exception {
        return ((Number) beans.getAttribute(new ObjectName("java.lang:type=Threading"), "ThreadCount")).intValue();
    }

    /** System.gc() in that JVM (a full collection with G1's defaults); returns the heap in use right after. */
    long collect() throws Exception {
        ObjectName memory = new ObjectName("java.lang:type=Memory");
        beans.invoke(memory, "gc", null, null);
        CompositeData heap = (CompositeData) beans.getAttribute(memory, "HeapMemoryUsage");
        return MemoryUsage.from(heap).getUsed();
    }

    /** Live instances and their bytes per class, {count, bytes} ({@code jcmd GC.class_histogram}, which collects first). */
    Map<String, long[]> histogram() throws Exception {
        String text = (String) beans.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, long[]> classes = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // "   1:   123456   7890123  java.lang.String (java.base@17.0.15)"
            if (f.length >= 4 && f[0].endsWith(":")) {
                classes.merge(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])},
                        (x, y) -> new long[] {x[0] + y[0], x[1] + y[1]});
            }
        }
        return classes;
    }

    /**
     * Bytes allocated so far by the live threads, summed by thread group (the name without its trailing number:
     * "cti-worker-3" counts as "cti-worker-"); threads that ended are not counted.
     */
    Map<String, Long> allocatedByThread() throws Exception {
        return byThread(false);
    }

    /** CPU time (ns) of each live thread so far, by name without its trailing number. */
    Map<String, Long> cpuByThread() throws Exception {
        return byThread(true);
    }

    /** CPU time (ns) of the whole process so far: every thread, the collector's and the compilers' included. */
    long processCpuNanos() throws Exception {
        return ((Number) beans.getAttribute(new ObjectName("java.lang:type=OperatingSystem"), "ProcessCpuTime"))
                .longValue();
    }

    private Map<String, Long> byThread(boolean cpu) throws Exception {
        com.sun.management.ThreadMXBean threads = java.lang.management.ManagementFactory.newPlatformMXBeanProxy(beans,
                java.lang.management.ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class);
        long[] ids = threads.getAllThreadIds();
        long[] values = cpu ? threads.getThreadCpuTime(ids) : threads.getThreadAllocatedBytes(ids);
        java.lang.management.ThreadInfo[] infos = threads.getThreadInfo(ids);
        Map<String, Long> out = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && values[i] > 0) {
                out.merge(infos[i].getThreadName().replaceAll("\\d+$", ""), values[i], Long::sum);
            }
        }
        return out;
    }

    /** Resident set size in bytes ({@code VmRSS} of {@code /proc/<pid>/status}), -1 when the process is gone. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        for (ObjectName gc : collectors) {
            try {
                beans.removeNotificationListener(gc, listener);
            } catch (Exception gone) {
                // the JVM stopped or the connection broke: nothing left to remove
            }
        }
        try {
            connector.close();
        } catch (IOException gone) {
            // as above
        }
    }
}
