package org.openucc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.auth.Caller;
import org.openucc.config.Role;
import org.openucc.auth.Session;
import org.openucc.auth.SessionStore;
import org.openucc.config.StoreConfig;
import org.openucc.routing.ManualClock;

/**
 * Sessions in a cluster, over one real store: a token opened on one node works on another (a console that moves
 * after its node died stays logged in); a logout on one node ends it on the others even while the store still holds
 * the row; made-up tokens cost at most a bounded number of store reads.
 */
class SharedSessionsTest {
    private static final Executor INLINE_LATER = new Executor() {
        final List<Runnable> later = new ArrayList<>();

        @Override
        public void execute(Runnable r) {
            later.add(r); // the store's deletion has not run yet: the other node must not take the session back
        }
    };

    @TempDir
    Path dir;
    private StoreServices store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aTokenFromOneNodeWorksOnAnotherUntilItIsLoggedOutAnywhere() {
        ManualClock clock = new ManualClock(1_000_000);
        store = StoreServices.start(new StoreConfig(null, null, null, 8, "DE", false, 0, 10, 0, 0), dir, clock);
        JdbcSessionPersistence table = new JdbcSessionPersistence(store.database());
        SessionStore a = node(table, clock);
        SessionStore b = node(table, clock);
        SessionStore single = new SessionStore(clock);
        single.persistTo(table, Runnable::run, c -> true); // a single node: no lookups

        SessionStore.Opened opened = a.open(new Caller("alice", Role.AGENT, "alice"), Session.Kind.TOKEN,
                Duration.ofHours(1));
        assertThat(b.find(opened.token())).map(s -> s.caller().username()).hasValue("alice");
        assertThat(single.find(opened.token())).isEmpty();

        // Logged out on a: b hears of it, and does not take it back from the store (deletion still pending).
        assertThat(a.close(opened.token())).isTrue();
        b.endedElsewhere(opened.session().id());
        assertThat(table.find(opened.session().id())).isPresent();
        assertThat(b.find(opened.token())).isEmpty();
        SessionStore c = node(table, clock);
        assertThat(c.find(opened.token())).as("a node that never saw it, before the deletion ran").isPresent();

        // A user who no longer exists (or whose role changed) is not let in by another node.
        SessionStore strict = new SessionStore(clock);
        strict.persistTo(table, Runnable::run, caller -> !caller.username().equals("bob"));
        strict.shareWithOtherNodes();
        SessionStore.Opened bob = a.open(new Caller("bob", Role.AGENT, "bob"), Session.Kind.TOKEN, Duration.ofHours(1));
        assertThat(strict.find(bob.token())).isEmpty();

        // Expired elsewhere: not let in.
        clock.advance(Duration.ofHours(2));
        SessionStore late = node(table, clock);
        assertThat(late.find(bob.token())).isEmpty();
    }

    @Test
    void madeUpTokensAreLookedUpAtMostABoundedNumberOfTimesASecond() {
        ManualClock clock = new ManualClock(5_000_000);
        store = StoreServices.start(new StoreConfig(null, null, null, 8, "DE", false, 0, 10, 0, 0), dir, clock);
        int[] reads = new int[1];
        JdbcSessionPersistence real = new JdbcSessionPersistence(store.database());
        org.openucc.auth.SessionPersistence counting = new org.openucc.auth.SessionPersistence() {
            @Override
            public void save(Session s) {
                real.save(s);
            }

            @Override
            public void delete(String id) {
                real.delete(id);
            }

            @Override
            public List<Session> live(java.time.Instant now) {
                return real.live(now);
            }

            @Override
            public int deleteExpired(java.time.Instant now) {
                return real.deleteExpired(now);
            }

            @Override
            public java.util.Optional<Session> find(String id) {
                reads[0]++;
                return real.find(id);
            }
        };
        SessionStore a = new SessionStore(clock);
        a.persistTo(real, Runnable::run, c -> true);
        SessionStore b = new SessionStore(clock);
        b.persistTo(counting, Runnable::run, c -> true);
        b.shareWithOtherNodes();
        for (int i = 0; i < 1_000; i++) {
            assertThat(b.find("made-up-token-" + i)).isEmpty();
        }
        assertThat(reads[0]).isEqualTo(200);
        // The real client is served again in the next second.
        SessionStore.Opened opened = a.open(new Caller("carol", Role.AGENT, "carol"), Session.Kind.TOKEN,
                Duration.ofHours(1));
        assertThat(b.find(opened.token())).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(b.find(opened.token())).isPresent();
    }

    private static SessionStore node(JdbcSessionPersistence table, ManualClock clock) {
        SessionStore s = new SessionStore(clock);
        s.persistTo(table, INLINE_LATER, c -> true);
        s.shareWithOtherNodes();
        return s;
    }
}
