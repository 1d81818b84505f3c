package org.openucc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.auth.Caller;
import org.openucc.auth.Session;
import org.openucc.auth.SessionStore;
import org.openucc.chat.ChatSessionStore;
import org.openucc.chat.PreChat;
import org.openucc.config.Role;
import org.openucc.interaction.Channel;
import org.openucc.log.InteractionSummary;
import org.openucc.log.NewLogEvent;
import org.openucc.log.RoutingEventRecorder;
import org.openucc.routing.ManualClock;
import org.openucc.routing.RoutingEvent;

/** What recovery keeps in the store, on real H2 across a reopen of the database. */
class RecoveryStoresTest {
    @TempDir
    Path dir;

    @Test
    void sessionsComeBackAfterARestartUnlessExpiredLoggedOutOrTheirUserChanged() {
        ManualClock clock = StoreFixture.clock();
        Caller alice = new Caller("alice", Role.AGENT, "alice");
        Caller bob = new Caller("bob", Role.AGENT, "bob");
        String aliceToken;
        String bobToken;
        String shortToken;
        String loggedOutToken;
        try (StoreServices store = StoreFixture.start(dir, clock)) {
            SessionStore sessions = new SessionStore(clock);
            assertThat(sessions.persistTo(new JdbcSessionPersistence(store.database()), Runnable::run, c -> true)).isZero();
            aliceToken = sessions.open(alice, Session.Kind.COOKIE, Duration.ofHours(8)).token();
            bobToken = sessions.open(bob, Session.Kind.TOKEN, Duration.ofHours(8)).token();
            shortToken = sessions.open(alice, Session.Kind.TOKEN, Duration.ofMinutes(5)).token();
            loggedOutToken = sessions.open(alice, Session.Kind.COOKIE, Duration.ofHours(8)).token();
            assertThat(sessions.close(loggedOutToken)).isTrue();
        }
        clock.advance(Duration.ofMinutes(10));
        try (StoreServices store = StoreFixture.start(dir, clock)) {
            SessionStore sessions = new SessionStore(clock);
            // Bob is no longer a user with that role: his session does not come back.
            int back = sessions.persistTo(new JdbcSessionPersistence(store.database()), Runnable::run,
                    c -> !c.username().equals("bob"));
            assertThat(back).isEqualTo(1);
            assertThat(sessions.find(aliceToken)).get().extracting(Session::caller).isEqualTo(alice);
            assertThat(sessions.find(aliceToken).orElseThrow().kind()).isEqualTo(Session.Kind.COOKIE);
            assertThat(sessions.find(bobToken)).isEmpty();
            assertThat(sessions.find(shortToken)).as("expired").isEmpty();
            assertThat(sessions.find(loggedOutToken)).as("logged out").isEmpty();
            assertThat(new JdbcSessionPersistence(store.database()).live(clock.instant())).hasSize(1);
        }
    }

    @Test
    void openChatsAreKeptByTokenHashUntilTheyEnd() {
        ManualClock clock = StoreFixture.clock();
        try (StoreServices store = StoreFixture.start(dir, clock)) {
            JdbcChatSessionStore chats = new JdbcChatSessionStore(store.database());
            PreChat form = new PreChat("Vera", "vera@example.com", null, "support", List.of("https://a/", "https://b/"),
                    "https://b/", true);
            chats.save(new ChatSessionStore.StoredChat("int-1", "ab".repeat(32), form, "chat", "10.0.0.1", "cust-1",
                    clock.instant()));
            chats.save(new ChatSessionStore.StoredChat("int-2", "cd".repeat(32), form, "chat", "10.0.0.2", null,
                    clock.instant()));
            chats.ended("int-2", clock.instant());
        }
        try (StoreServices store = StoreFixture.start(dir, clock)) {
            List<ChatSessionStore.StoredChat> open = new JdbcChatSessionStore(store.database()).open();
            assertThat(open).singleElement().satisfies(c -> {
                assertThat(c.interactionId()).isEqualTo("int-1");
                assertThat(c.tokenHash()).isEqualTo("ab".repeat(32));
                assertThat(c.form().pages()).containsExactly("https://a/", "https://b/");
                assertThat(c.form().verified()).isTrue();
                assertThat(c.customerId()).isEqualTo("cust-1");
            });
        }
    }

    @Test
    void unfinishedInteractionsAreThoseNotEndedOrStillInWrapUpOrWaitingAgainAfterATransfer() {
        ManualClock clock = StoreFixture.clock();
        try (StoreServices store = StoreFixture.start(dir, clock)) {
            var log = store.interactionLog();
            long t = clock.millis();
            log.append(NewLogEvent.interactionCreated(null, "waiting", Channel.CHAT, "INBOUND", "q", null, Map.of()));
            log.append(RoutingEventRecorder.toLogEvent(new RoutingEvent.InteractionQueued(t, "waiting", "q", 1, 0, false)));
            log.append(NewLogEvent.interactionCreated(null, "done", Channel.CHAT, "INBOUND", "q", null, Map.of()));
            log.append(RoutingEventRecorder.toLogEvent(new RoutingEvent.InteractionAbandoned(t, "done", "q", 0, "left")));
            log.append(NewLogEvent.interactionCreated(null, "wrapping", Channel.CHAT, "INBOUND", "q", null, Map.of()));
            log.append(RoutingEventRecorder.toLogEvent(new RoutingEvent.InteractionConnected(t, "wrapping", "a", "q", 0)));
            log.append(RoutingEventRecorder.toLogEvent(new RoutingEvent.InteractionEnded(t, "wrapping", "a", "q", "x", 0)));
            log.append(RoutingEventRecorder.toLogEvent(new RoutingEvent.WrapUpStarted(t, "wrapping", "a", t + 60_000)));
            log.append(NewLogEvent.interactionCreated(null, "moved", Channel.CHAT, "INBOUND", "q", null, Map.of()));
            log.append(RoutingEventRecorder.toLogEvent(new RoutingEvent.InteractionConnected(t, "moved", "a", "q", 0)));
            log.append(RoutingEventRecorder.toLogEvent(new RoutingEvent.InteractionEnded(t, "moved", "a", "q", "transferred", 0)));
            log.append(RoutingEventRecorder.toLogEvent(new RoutingEvent.WrapUpEnded(t, "moved", "a")));
            log.append(RoutingEventRecorder.toLogEvent(new RoutingEvent.InteractionQueued(t, "moved", "q2", 1, 0, false)));
            log.flush().join();
            assertThat(log.unfinished()).extracting(InteractionSummary::interactionId)
                    .containsExactlyInAnyOrderElementsOf(Set.of("waiting", "wrapping", "moved"));
        }
    }
}
