package org.openucc.ivr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the flows and prompt directories and asks for a reload when something changed. Blocks on
 * the {@link WatchService} (no polling loop); waits for a quiet moment first, because editors write
 * a file in several steps.
 */
final class FlowWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FlowWatcher.class);
    /** Changes closer together than this are one change. */
    static final long SETTLE_MILLIS = 250;

    private final WatchService watch;
    private final Thread thread;
    private final Runnable onChange;

    private FlowWatcher(WatchService watch, Runnable onChange) {
        this.watch = watch;
        this.onChange = onChange;
        this.thread = new Thread(this::loop, "ivr-flow-watcher");
        this.thread.setDaemon(true);
    }

    static FlowWatcher start(List<Path> dirs, Runnable onChange) {
        try {
            WatchService ws = FileSystems.getDefault().newWatchService();
            for (Path d : dirs) {
                if (Files.isDirectory(d)) {
                    d.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                }
            }
            FlowWatcher w = new FlowWatcher(ws, onChange);
            w.thread.start();
            log.info("watching {} for IVR flow changes", dirs);
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + dirs, e);
        }
    }

    private void loop() {
        try {
            while (true) {
                drain(watch.take());
                WatchKey more;
                while ((more = watch.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                try {
                    onChange.run();
                } catch (RuntimeException e) {
                    log.error("IVR reload failed", e);
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            log.debug("IVR flow watcher stopped");
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException e) {
            log.warn("closing the IVR flow watcher: {}", e.toString());
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
