package org.openucc.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The REST API and the CTI WebSockets: sessions, request limits, login throttling, statistics pushes.
 *
 * @param sessionTimeout            how long a console login (cookie) lasts
 * @param tokenTimeout              how long an integration's bearer token lasts
 * @param maxBodyBytes              largest JSON request body; larger ones get 413
 * @param maxImportBytes            largest CSV upload to the customer import; larger ones get 413
 * @param maxFailedLogins           failed logins in a row for one user name from one client address before that
 *                                  pair must wait {@code loginLockout} (429 with Retry-After)
 * @param maxFailedLoginsPerAddress failed logins from one client address within 15 minutes before only users who
 *                                  logged in from it before may log in from it
 * @param loginLockout              the first wait of a throttled name+address pair; each further failure doubles it
 * @param maxLoginLockout           the longest wait of a throttled name+address pair
 * @param secureCookie              mark the session cookie Secure (set true behind HTTPS)
 * @param statsInterval             supervisors get a queue's or agent's figures at most this often
 * @param maxListRows               most rows in one campaign calling list or do-not-call file (CSV or JSON rows)
 * @param maxListsPerMinute         campaign calling lists and do-not-call files one user may add a minute (429 beyond)
 */
public record ApiConfig(
        Duration sessionTimeout,
        Duration tokenTimeout,
        int maxBodyBytes,
        int maxImportBytes,
        int maxFailedLogins,
        int maxFailedLoginsPerAddress,
        Duration loginLockout,
        Duration maxLoginLockout,
        Boolean secureCookie,
        Duration statsInterval,
        int maxListRows,
        int maxListsPerMinute) {

    public static final ApiConfig DEFAULTS = new ApiConfig(null, null, 0, 0, 0, 0, null, null, null, null);

    /** With the default campaign list limits. */
    public ApiConfig(Duration sessionTimeout, Duration tokenTimeout, int maxBodyBytes, int maxImportBytes,
                     int maxFailedLogins, int maxFailedLoginsPerAddress, Duration loginLockout,
                     Duration maxLoginLockout, Boolean secureCookie, Duration statsInterval) {
        this(sessionTimeout, tokenTimeout, maxBodyBytes, maxImportBytes, maxFailedLogins, maxFailedLoginsPerAddress,
                loginLockout, maxLoginLockout, secureCookie, statsInterval, 0, 0);
    }

    public ApiConfig {
        sessionTimeout = sessionTimeout == null ? Duration.ofHours(10) : sessionTimeout;
        tokenTimeout = tokenTimeout == null ? Duration.ofDays(30) : tokenTimeout;
        maxBodyBytes = maxBodyBytes == 0 ? 256 * 1024 : maxBodyBytes;
        maxImportBytes = maxImportBytes == 0 ? 20 * 1024 * 1024 : maxImportBytes;
        maxFailedLogins = maxFailedLogins == 0 ? 5 : maxFailedLogins;
        maxFailedLoginsPerAddress = maxFailedLoginsPerAddress == 0 ? 50 : maxFailedLoginsPerAddress;
        loginLockout = loginLockout == null ? Duration.ofMinutes(1) : loginLockout;
        maxLoginLockout = maxLoginLockout == null ? Duration.ofMinutes(30) : maxLoginLockout;
        secureCookie = secureCookie == null ? Boolean.FALSE : secureCookie;
        statsInterval = statsInterval == null ? Duration.ofSeconds(1) : statsInterval;
        maxListRows = maxListRows == 0 ? 100_000 : maxListRows;
        maxListsPerMinute = maxListsPerMinute == 0 ? 20 : maxListsPerMinute;
    }

    /** Rules beyond shape, under {@code /api}, so the loader can report them with lines. */
    public List<ConfigViolation> validate() {
        List<ConfigViolation> v = new ArrayList<>();
        positive(v, "sessionTimeout", sessionTimeout);
        positive(v, "tokenTimeout", tokenTimeout);
        positive(v, "loginLockout", loginLockout);
        if (maxLoginLockout.compareTo(loginLockout) < 0) {
            v.add(ConfigViolation.at("/api/maxLoginLockout", "maxLoginLockout must be at least loginLockout ("
                    + DurationFormat.format(loginLockout) + ")"));
        }
        positive(v, "statsInterval", statsInterval);
        range(v, "maxBodyBytes", maxBodyBytes, 1024, 64 * 1024 * 1024);
        range(v, "maxImportBytes", maxImportBytes, 1024, 1024 * 1024 * 1024);
        range(v, "maxFailedLogins", maxFailedLogins, 1, 1000);
        range(v, "maxFailedLoginsPerAddress", maxFailedLoginsPerAddress, 1, 100_000);
        range(v, "maxListRows", maxListRows, 1, 10_000_000);
        range(v, "maxListsPerMinute", maxListsPerMinute, 1, 10_000);
        return List.copyOf(v);
    }

    private static void positive(List<ConfigViolation> v, String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            v.add(ConfigViolation.at("/api/" + key, key + " must be longer than 0"));
        }
    }

    private static void range(List<ConfigViolation> v, String key, int value, int min, int max) {
        if (value < min || value > max) {
            v.add(ConfigViolation.at("/api/" + key, key + " must be " + min + ".." + max + ", not " + value));
        }
    }
}
