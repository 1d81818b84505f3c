package org.openucc.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openucc.config.ApiConfig;
import org.openucc.config.UserConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs users in against the configured users (bcrypt hashes), with throttling, and opens their
 * sessions. {@link #login} is slow on purpose: call it on a worker thread. Passwords are never
 * logged or kept; failed logins are logged with the user name and the client address.
 */
public final class Authenticator {
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

    private final Map<String, UserConfig> users;
    private final PasswordHasher hasher;
    private final SessionStore sessions;
    private final LoginThrottle throttle;
    private final ApiConfig api;

    public Authenticator(List<UserConfig> users, PasswordHasher hasher, SessionStore sessions, LoginThrottle throttle,
                         ApiConfig api) {
        this.users = users.stream().collect(Collectors.toUnmodifiableMap(UserConfig::username, Function.identity()));
        this.hasher = hasher;
        this.sessions = sessions;
        this.throttle = throttle;
        this.api = api;
    }

    /**
     * Checks the password and opens a session of the given kind.
     *
     * @param address the client's address, for throttling and the log
     * @throws TooManyLoginAttemptsException if this name from this address must wait (nothing is checked)
     * @throws NotAuthenticatedException     if the user is unknown or the password wrong (the same answer for both)
     */
    public SessionStore.Opened login(String username, String password, String address, Session.Kind kind) {
        throttle.check(username, address);
        UserConfig user = users.get(username);
        boolean ok;
        if (user == null) {
            hasher.checkDecoy(password);
            ok = false;
        } else {
            ok = hasher.matches(password, user.passwordHash());
        }
        if (!ok) {
            throttle.failed(username, address);
            log.info("Login refused for user '{}' from {}", printable(username), address);
            throw new NotAuthenticatedException("wrong user name or password");
        }
        throttle.succeeded(username, address);
        Caller caller = new Caller(user.username(), user.role(), user.agentId());
        SessionStore.Opened opened = sessions.open(caller, kind,
                kind == Session.Kind.COOKIE ? api.sessionTimeout() : api.tokenTimeout());
        log.info("User '{}' ({}) logged in from {}, session {}", user.username(), user.role(), address,
                opened.session().shortId());
        return opened;
    }

    /** The live session a token opens. */
    public Optional<Session> authenticate(String token) {
        return sessions.find(token);
    }

    /** Ends the token's session; false if it was not live. */
    public boolean logout(String token) {
        return sessions.close(token);
    }

    public SessionStore sessions() {
        return sessions;
    }

    /** User names come from the client: keep control characters out of the log. */
    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
