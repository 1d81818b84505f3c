package org.openucc.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openucc.config.Role;
import org.openucc.limits.Rejections;
import org.openucc.routing.ManualClock;

/** Password hashes, the login throttle and sessions, on a clock the test moves. */
class AuthUnitsTest {
    private final ManualClock clock = new ManualClock(1_000_000);
    private final PasswordHasher fast = new PasswordHasher(4);

    @Test
    void hashesVerifyTheirPasswordOnlyAndAreNeverThePassword() {
        String hash = fast.hash("s3cret-pw".toCharArray());
        assertThat(hash).startsWith("$2a$04$").hasSize(60).doesNotContain("s3cret");
        assertThat(fast.matches("s3cret-pw", hash)).isTrue();
        assertThat(fast.matches("s3cret-pX", hash)).isFalse();
        assertThat(fast.matches("s3cret-pw", "not a hash")).isFalse();
        assertThat(fast.matches("x".repeat(100), hash)).isFalse();
        assertThatThrownBy(() -> fast.hash("y".repeat(73).toCharArray())).hasMessageContaining("72 bytes");
    }

    @Test
    void hashPasswordCommandPrintsAHashOfWhatStandardInputSays() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = HashPasswordCommand.run(List.of("--cost", "4"), null,
                new BufferedReader(new StringReader("alice-demo\n")), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        String hash = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(fast.matches("alice-demo", hash)).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("alice-demo");
        assertThat(HashPasswordCommand.run(List.of("--cost", "99"), null, new BufferedReader(new StringReader("x\n")),
                new PrintStream(out), new PrintStream(err))).isEqualTo(2);
    }

    @Test
    void throttlePausesOnlyTheNameAndAddressPairWithGrowingWaits() {
        Rejections rejections = new Rejections();
        LoginThrottle throttle = new LoginThrottle(clock, 3, 100, Duration.ofSeconds(60), Duration.ofMinutes(5),
                rejections);
        for (int i = 0; i < 3; i++) {
            throttle.check("eve", "10.0.0.1");
            throttle.failed("eve", "10.0.0.1");
        }
        assertThatThrownBy(() -> throttle.check("eve", "10.0.0.1")).isInstanceOfSatisfying(
                TooManyLoginAttemptsException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(60));
        throttle.check("eve", "10.0.0.2"); // the real eve, elsewhere, is not locked out
        throttle.check("bob", "10.0.0.1"); // nor another user from the guesser's address
        assertThat(rejections.total("login", "failed-logins-per-user-address")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(59));
        assertThatThrownBy(() -> throttle.check("eve", "10.0.0.1")).isInstanceOfSatisfying(
                TooManyLoginAttemptsException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
        clock.advance(Duration.ofSeconds(1));
        throttle.check("eve", "10.0.0.1");

        // Each further failure doubles the wait, up to the cap.
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            throttle.failed("eve", "10.0.0.1");
            try {
                throttle.check("eve", "10.0.0.1");
                waits.add(0L);
            } catch (TooManyLoginAttemptsException e) {
                waits.add(e.retryAfterSeconds());
                clock.advance(e.retryAfter());
            }
        }
        assertThat(waits).containsExactly(120L, 240L, 300L, 300L, 300L);
        throttle.succeeded("eve", "10.0.0.1");
        throttle.failed("eve", "10.0.0.1");
        throttle.check("eve", "10.0.0.1"); // the count started again after the success
    }

    @Test
    void anAddressOverItsCeilingLetsInOnlyUsersWhoLoggedInFromItBefore() {
        Rejections rejections = new Rejections();
        LoginThrottle throttle = new LoginThrottle(clock, 3, 5, Duration.ofMinutes(1), Duration.ofMinutes(1),
                rejections);
        throttle.succeeded("alice", "10.9.9.9"); // alice works from this office
        for (int i = 0; i < 5; i++) {
            throttle.check("user" + i, "10.9.9.9");
            throttle.failed("user" + i, "10.9.9.9"); // someone in the office sprays names, each under the pair limit
        }
        assertThatThrownBy(() -> throttle.check("bob", "10.9.9.9")).isInstanceOfSatisfying(
                TooManyLoginAttemptsException.class, e -> assertThat(e.retryAfterSeconds())
                        .isEqualTo(LoginThrottle.WINDOW.toSeconds()));
        assertThat(rejections.total("login", "failed-logins-per-address")).isEqualTo(1);
        throttle.check("alice", "10.9.9.9"); // a known user of the office still logs in
        throttle.check("bob", "10.0.0.1");   // and bob from anywhere else
        clock.advance(LoginThrottle.WINDOW);
        throttle.check("bob", "10.9.9.9");   // the address's failures are forgotten after the window
    }

    @Test
    void sessionsExpireAndLogoutEndsThemAndTellsListeners() {
        SessionStore sessions = new SessionStore(clock);
        List<Session> ended = new ArrayList<>();
        sessions.onEnded(ended::add);
        SessionStore.Opened a = sessions.open(new Caller("alice", Role.AGENT, "alice"), Session.Kind.COOKIE,
                Duration.ofMinutes(10));
        SessionStore.Opened b = sessions.open(new Caller("admin", Role.ADMIN, null), Session.Kind.TOKEN,
                Duration.ofHours(1));
        assertThat(a.token()).isNotEqualTo(b.token()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(a.toString()).doesNotContain(a.token());
        assertThat(sessions.find(a.token())).contains(a.session());
        assertThat(sessions.find("forged")).isEmpty();

        clock.advance(Duration.ofMinutes(10));
        assertThat(sessions.find(a.token())).isEmpty();
        assertThat(sessions.isLive(b.session())).isTrue();
        assertThat(sessions.close(b.token())).isTrue();
        assertThat(sessions.isLive(b.session())).isFalse();
        assertThat(ended).containsExactly(a.session(), b.session());
    }

    @Test
    void rolesIncludeTheOnesBelowAndAgentsSeeOnlyThemselves() {
        Caller agent = new Caller("bob", Role.AGENT, "bob");
        Caller supervisor = new Caller("sue", Role.SUPERVISOR, null);
        assertThat(Role.ADMIN.includes(Role.SUPERVISOR)).isTrue();
        assertThat(Role.AGENT.includes(Role.SUPERVISOR)).isFalse();
        assertThat(agent.maySee("bob")).isTrue();
        assertThat(agent.maySee("carol")).isFalse();
        assertThat(supervisor.maySee("carol")).isTrue();
        assertThatThrownBy(() -> agent.require(Role.ADMIN)).isInstanceOf(AccessDeniedException.class);
    }
}
