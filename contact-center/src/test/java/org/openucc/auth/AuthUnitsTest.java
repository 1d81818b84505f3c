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
    void throttleLocksAUserNameAfterFailuresInARowUntilTheLockoutEnds() {
        LoginThrottle throttle = new LoginThrottle(clock, 3, 100, Duration.ofSeconds(60));
        for (int i = 0; i < 3; i++) {
            throttle.check("eve", "10.0.0.1");
            throttle.failed("eve", "10.0.0.1");
        }
        assertThatThrownBy(() -> throttle.check("eve", "10.0.0.2")).isInstanceOfSatisfying(
                TooManyLoginAttemptsException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(60));
        throttle.check("bob", "10.0.0.1"); // another user from that address is fine
        clock.advance(Duration.ofSeconds(59));
        assertThatThrownBy(() -> throttle.check("eve", "10.0.0.1")).isInstanceOfSatisfying(
                TooManyLoginAttemptsException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
        clock.advance(Duration.ofSeconds(1));
        throttle.check("eve", "10.0.0.1");
    }

    @Test
    void throttleLocksAnAddressThatGuessesManyNamesAndSuccessClearsOnlyTheName() {
        LoginThrottle throttle = new LoginThrottle(clock, 3, 5, Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) {
            throttle.failed("user" + i, "10.9.9.9");
        }
        assertThatThrownBy(() -> throttle.check("anyone", "10.9.9.9")).isInstanceOf(TooManyLoginAttemptsException.class);
        throttle.failed("kim", "10.0.0.1");
        throttle.failed("kim", "10.0.0.1");
        throttle.succeeded("kim");
        throttle.failed("kim", "10.0.0.1");
        throttle.check("kim", "10.0.0.1"); // the count started again after the success
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
