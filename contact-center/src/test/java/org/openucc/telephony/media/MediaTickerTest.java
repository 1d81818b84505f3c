package org.openucc.telephony.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.lang.ref.WeakReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The 20 ms clock of an RTP loop lets go of a session once it is removed: a ticker that kept the last tick's
 * sessions held the last calls of a busy loop (their legs, media, recorder and IVR) after they ended, found by the
 * soak's "nothing left behind" count and a heap dump.
 */
class MediaTickerTest {
    private final EventLoop loop = new DefaultEventLoop();

    @AfterEach
    void close() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void aRemovedSessionIsNotHeldByTheTicker() throws Exception {
        MediaTicker ticker = new MediaTicker(loop);
        CountDownLatch ticked = new CountDownLatch(3);
        AtomicReference<MediaTicker.Ticked> session = new AtomicReference<>(ticked::countDown);
        WeakReference<MediaTicker.Ticked> gone = new WeakReference<>(session.get());
        loop.submit(() -> ticker.add(session.get())).get(5, TimeUnit.SECONDS);
        assertThat(ticked.await(5, TimeUnit.SECONDS)).as("ticked three times").isTrue();
        loop.submit(() -> ticker.remove(session.get())).get(5, TimeUnit.SECONDS);
        session.set(null);
        // One more period for the ticker to see it has nothing left, then the session must be collectable.
        Thread.sleep(3 * MediaTicker.PERIOD_NANOS / 1_000_000);
        for (int i = 0; i < 50 && gone.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(gone.get()).as("the session after its removal, with only the ticker left to hold it").isNull();
        assertThat(ticker).isNotNull(); // the ticker itself is still reachable throughout
    }
}
