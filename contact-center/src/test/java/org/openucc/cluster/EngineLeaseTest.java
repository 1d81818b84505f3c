package org.openucc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.StoreConfig;
import org.openucc.log.LogEventType;
import org.openucc.log.LogQuery;
import org.openucc.log.NewLogEvent;
import org.openucc.store.StoreServices;

/**
 * The engine lease on a real store: who may take the engine, and the fence that keeps a deposed owner from storing
 * anything once another node took over (its commit is rolled back, the new owner's go through).
 */
class EngineLeaseTest {
    @TempDir
    Path dir;
    private StoreServices store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private StoreServices store() {
        store = StoreServices.start(new StoreConfig(null, null, null, 8, "DE", false, 0, 10, 0, 0), dir,
                InstantSource.system());
        return store;
    }

    @Test
    void aLiveHolderKeepsTheEngineAndADeadOneLosesItOnceItsLeaseIsStale() throws Exception {
        StoreServices s = store();
        EngineLease a = new EngineLease(s.database(), "a");
        EngineLease b = new EngineLease(s.database(), "b");
        assertThat(a.tryTakeOver(n -> false, Duration.ofSeconds(2))).hasValue(1);
        assertThat(a.read().nodeId()).isEqualTo("a");
        // b sees a alive: no takeover, however old the lease.
        assertThat(b.tryTakeOver(Set.of("a")::contains, Duration.ZERO)).isEmpty();
        // b cannot see a (a split), but a renewed its lease lately: still no takeover.
        assertThat(b.tryTakeOver(n -> false, Duration.ofMinutes(5))).isEmpty();
        // a is gone and its lease stale: b takes it, with a higher epoch.
        assertThat(b.tryTakeOver(n -> false, Duration.ZERO)).hasValue(2);
        assertThat(a.read()).extracting(EngineLease.Holder::nodeId, EngineLease.Holder::epoch).containsExactly("b", 2L);
        assertThat(a.renew(1)).isFalse();
        assertThat(b.renew(2)).isTrue();
        // A node restarting under the same id takes its own old lease at once.
        assertThat(b.tryTakeOver(Set.of("a")::contains, Duration.ofMinutes(5))).hasValue(3);
        // A clean stop gives it up: a live node takes it at once, however fresh it was.
        a.release(3); // not a's: nothing happens
        assertThat(a.tryTakeOver(Set.of("b")::contains, Duration.ofMinutes(5))).isEmpty();
        b.release(3);
        assertThat(a.tryTakeOver(Set.of("b")::contains, Duration.ofMinutes(5))).hasValue(4);
    }

    @Test
    void aFencedOutOwnerStoresNothingWhileTheNewOwnerDoes() throws Exception {
        StoreServices s = store();
        EngineLease a = new EngineLease(s.database(), "a");
        EngineLease b = new EngineLease(s.database(), "b");
        long epochA = a.tryTakeOver(n -> false, Duration.ZERO).orElseThrow();
        AtomicInteger fencedOut = new AtomicInteger();
        s.fenceLog(a.fence(epochA, fencedOut::incrementAndGet));
        s.interactionLog().append(NewLogEvent.adminChange(null, "test", "engine", "a", "decide", "first")).join();
        assertThat(fencedOut.get()).isZero();

        OptionalLong epochB = b.tryTakeOver(n -> false, Duration.ZERO);
        assertThat(epochB).hasValue(epochA + 1);
        // a still believes it owns the engine: its next commit fails and is rolled back.
        assertThatThrownBy(() -> s.interactionLog().append(NewLogEvent.adminChange(null, "test", "engine", "a", "decide",
                "second")).join()).isInstanceOf(CompletionException.class).hasMessageContaining("no longer owns");
        assertThat(fencedOut.get()).isPositive();

        // The same store as b's node would use it: fenced with b's epoch, it writes.
        s.fenceLog(b.fence(epochB.getAsLong(), () -> {
            throw new AssertionError("b was fenced out");
        }));
        s.interactionLog().append(NewLogEvent.adminChange(null, "test", "engine", "b", "decide", "third")).join();
        List<String> stored = s.interactionLog().events(LogQuery.all().types(Set.of(LogEventType.ADMIN_CHANGE))).events()
                .stream().map(e -> e.detail("change")).toList();
        assertThat(stored).containsExactly("first", "third");
    }
}
