package org.openucc;

import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openucc.concurrent.ThreadPools;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.DurationFormat;
import org.openucc.config.RecordingsConfig;
import org.openucc.recording.RecordingPurge;
import org.openucc.store.StoreServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily recording purge as a server component: with {@code recordings.retention} set, it deletes the
 * recordings past it every day at {@code recordings.purgeAt} (the center's time zone), on a timer thread of its
 * own (the deletions are file I/O and log appends). Without a retention it does nothing: recordings are kept.
 */
public final class RecordingsComponent implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingsComponent.class);

    private final RecordingsConfig config;
    private final java.time.ZoneId zone;
    private final Supplier<StoreServices> store;
    private final ThreadPools pools;
    private final InstantSource clock;
    private volatile RecordingPurge purge;
    private volatile ScheduledExecutorService timer;
    private volatile RecordingPurge.Result last;
    private volatile java.time.Instant nextRun;

    public RecordingsComponent(ContactCenterConfig config, Supplier<StoreServices> store, ThreadPools pools,
                               InstantSource clock) {
        this.config = config.recordings();
        this.zone = config.reports().timeZone();
        this.store = store;
        this.pools = pools;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "recordings";
    }

    @Override
    public void start() {
        if (config.keptForever()) {
            LOG.info("Recordings are kept forever (no recordings.retention)");
            return;
        }
        purge = new RecordingPurge(store.get().interactionLog(), config.retention(), clock);
        timer = pools.scheduled("recording-purge");
        scheduleNext();
        LOG.info("Recordings older than {} are deleted daily at {} ({}); next purge at {}",
                DurationFormat.format(config.retention()), config.purgeAt(), zone, nextRun);
    }

    /** The purge (null when recordings are kept forever or before start): tests run it with their own clock. */
    public RecordingPurge purge() {
        return purge;
    }

    private void scheduleNext() {
        Duration wait = RecordingPurge.untilNext(clock.instant(), config.purgeAt(), zone);
        nextRun = clock.instant().plus(wait);
        timer.schedule(this::run, Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            last = purge.purge();
        } catch (RuntimeException e) {
            LOG.error("The recording purge failed; it runs again tomorrow", e);
        } finally {
            if (!timer.isShutdown()) {
                scheduleNext();
            }
        }
    }

    @Override
    public void stop() {
        ThreadPools.shutDown(timer);
    }

    @Override
    public ComponentHealth health() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("retention", config.keptForever() ? "forever" : DurationFormat.format(config.retention()));
        if (nextRun != null) {
            d.put("nextPurge", nextRun.toString());
        }
        RecordingPurge.Result r = last;
        if (r != null) {
            d.put("lastPurgeDeleted", r.deleted());
            d.put("lastPurgeFailed", r.failed());
        }
        return ComponentHealth.up(d);
    }
}
