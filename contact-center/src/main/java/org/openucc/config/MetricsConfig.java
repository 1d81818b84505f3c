package org.openucc.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Prometheus metrics at {@code GET /metrics}. A scrape needs a supervisor's or admin's session, or the
 * bearer token held by the environment variable {@code tokenEnv} (secure by default: no anonymous scrapes).
 *
 * @param enabled  serve {@code /metrics} at all (default true)
 * @param token    the scraper's bearer token written in the file; prefer {@code tokenEnv} (for tests and embedding)
 * @param tokenEnv the environment variable that holds the scraper's bearer token (default OPENUCC_METRICS_TOKEN);
 *                 unset or empty: only supervisor and admin sessions may scrape
 */
public record MetricsConfig(Boolean enabled, String token, String tokenEnv) {
    public static final MetricsConfig DEFAULTS = new MetricsConfig(null, null, null);
    /** A token shorter than this is refused at start: it would be guessable. */
    public static final int MIN_TOKEN_LENGTH = 16;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public MetricsConfig {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        tokenEnv = tokenEnv == null ? "OPENUCC_METRICS_TOKEN" : tokenEnv;
    }

    /** Rules beyond shape, under {@code /metrics}, so the loader can report them with lines. */
    public List<ConfigViolation> validate() {
        List<ConfigViolation> v = new ArrayList<>();
        if (!ENV_NAME.matcher(tokenEnv).matches()) {
            v.add(ConfigViolation.at("/metrics/tokenEnv", "'" + tokenEnv + "' is not an environment variable name"
                    + " (letters, digits and _, not starting with a digit)"));
        }
        if (token != null && token.strip().length() < MIN_TOKEN_LENGTH) {
            v.add(ConfigViolation.at("/metrics/token", "the metrics token must have at least " + MIN_TOKEN_LENGTH
                    + " characters (better: leave it out and set " + tokenEnv + ")"));
        }
        return List.copyOf(v);
    }
}
