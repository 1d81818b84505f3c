package org.openucc.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The CRM store and interaction log database.
 *
 * @param jdbcUrl        JDBC URL; empty means embedded H2 in {@code <dataDir>/openucc} (see {@link #jdbcUrlIn})
 * @param user           database user (H2 default: {@code sa})
 * @param password       database password (H2 default: empty)
 * @param maxPoolSize    connections in the pool (the log writer holds one while it writes)
 * @param phoneRegion    ISO 3166 region for phone numbers written without a country code (e.g. DE, US)
 * @param demoData       fill an empty store with generated demo customers on first start (default true)
 * @param demoCustomers  how many demo customers to generate
 * @param historyLength  how many past interactions a customer lookup (screen pop) carries
 * @param logBatchSize   most interaction-log events written in one transaction
 * @param h2CacheMb      page cache of the embedded H2 database in MB (default 64); the heap must have room for it
 * @param logQueueCapacity interaction-log events that may wait for the writer before new requests (accept, end,
 *                      agent state, chat lines…) are refused with 503 + Retry-After (default 20000); what the
 *                      engine does by itself (timers) and facts (a caller hung up) are still written above it
 * @param logCommitInterval under load (appends waiting when the last commit is done), the least time between the
 *                      starts of two of the log writer's durable commits, so that a burst shares one write (default
 *                      1 ms, at most 100 ms; 0: commit as soon as the last commit is done). An append that finds the
 *                      writer idle is committed at once.
 * @param logJournal    embedded H2 only (default true): an interaction-log commit is made durable by appending its
 *                      events to a journal file next to the database ({@code openucc.journal/}) instead of forcing
 *                      H2 to write its file after every commit; H2 writes it in the background, and a restart after
 *                      a crash stores again what H2's file lacks. false: force H2's file after every commit (about
 *                      twice the durable path's CPU). Ignored for PostgreSQL, whose commits are durable by themselves.
 */
public record StoreConfig(
        String jdbcUrl,
        String user,
        String password,
        int maxPoolSize,
        String phoneRegion,
        Boolean demoData,
        int demoCustomers,
        int historyLength,
        int logBatchSize,
        int h2CacheMb,
        int logQueueCapacity,
        Duration logCommitInterval,
        Boolean logJournal) {

    /** The default {@link #logCommitInterval}. */
    public static final Duration DEFAULT_LOG_COMMIT_INTERVAL = Duration.ofMillis(1);
    /** The longest {@link #logCommitInterval} accepted. */
    public static final Duration MAX_LOG_COMMIT_INTERVAL = Duration.ofMillis(100);

    public static final StoreConfig DEFAULTS = new StoreConfig(null, null, null, 0, null, null, 0, 0, 0, 0, 0);

    /** With the journal (the default). */
    public StoreConfig(String jdbcUrl, String user, String password, int maxPoolSize, String phoneRegion, Boolean demoData,
                       int demoCustomers, int historyLength, int logBatchSize, int h2CacheMb, int logQueueCapacity,
                       Duration logCommitInterval) {
        this(jdbcUrl, user, password, maxPoolSize, phoneRegion, demoData, demoCustomers, historyLength, logBatchSize,
                h2CacheMb, logQueueCapacity, logCommitInterval, null);
    }

    /** With the default commit interval. */
    public StoreConfig(String jdbcUrl, String user, String password, int maxPoolSize, String phoneRegion, Boolean demoData,
                       int demoCustomers, int historyLength, int logBatchSize, int h2CacheMb, int logQueueCapacity) {
        this(jdbcUrl, user, password, maxPoolSize, phoneRegion, demoData, demoCustomers, historyLength, logBatchSize,
                h2CacheMb, logQueueCapacity, null);
    }

    /** Without a log queue capacity (the default). */
    public StoreConfig(String jdbcUrl, String user, String password, int maxPoolSize, String phoneRegion, Boolean demoData,
                       int demoCustomers, int historyLength, int logBatchSize, int h2CacheMb) {
        this(jdbcUrl, user, password, maxPoolSize, phoneRegion, demoData, demoCustomers, historyLength, logBatchSize,
                h2CacheMb, 0);
    }

    /**
     * H2 settings for the embedded default. Durability does not come from the URL: H2 writes commits
     * to its file in the background (WRITE_DELAY, 500 ms), so the store forces the write after every
     * commit that acknowledges something ({@code CHECKPOINT}, see {@code Database}); bulk loads in one
     * transaction keep H2's fast path. {@code DB_CLOSE_ON_EXIT=FALSE}: the server closes the pool
     * itself, in order, instead of H2's shutdown hook racing it.
     */
    public static final String H2_OPTIONS = ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=100";

    private static final Pattern REGION = Pattern.compile("[A-Z]{2}");

    public StoreConfig {
        jdbcUrl = jdbcUrl == null || jdbcUrl.isBlank() ? null : jdbcUrl.strip();
        user = user == null ? (jdbcUrl == null ? "sa" : "") : user;
        password = password == null ? "" : password;
        maxPoolSize = maxPoolSize == 0 ? 8 : maxPoolSize;
        phoneRegion = phoneRegion == null || phoneRegion.isBlank() ? "DE" : phoneRegion.strip();
        demoData = demoData == null ? Boolean.TRUE : demoData;
        demoCustomers = demoCustomers == 0 ? 10_000 : demoCustomers;
        historyLength = historyLength == 0 ? 10 : historyLength;
        logBatchSize = logBatchSize == 0 ? 500 : logBatchSize;
        h2CacheMb = h2CacheMb == 0 ? 64 : h2CacheMb;
        logQueueCapacity = logQueueCapacity == 0 ? 20_000 : logQueueCapacity;
        logCommitInterval = logCommitInterval == null ? DEFAULT_LOG_COMMIT_INTERVAL : logCommitInterval;
        logJournal = logJournal == null ? Boolean.TRUE : logJournal;
    }

    /** The JDBC URL to use: the configured one, or embedded H2 in file mode inside {@code dataDir}. */
    public String jdbcUrlIn(Path dataDir) {
        if (jdbcUrl != null) {
            return jdbcUrl;
        }
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("openucc") + H2_OPTIONS
                + ";CACHE_SIZE=" + h2CacheMb * 1024L;
    }

    /** Rules beyond shape, as {@link ConfigViolation}s under {@code /store}, so the loader can report them with lines. */
    public List<ConfigViolation> validate() {
        List<ConfigViolation> v = new ArrayList<>();
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:")) {
            v.add(ConfigViolation.at("/store/jdbcUrl", "jdbcUrl must start with 'jdbc:' (e.g. jdbc:postgresql://db/openucc),"
                    + " or be left out for the embedded H2 database in the data directory"));
        }
        if (maxPoolSize < 2 || maxPoolSize > 200) {
            v.add(ConfigViolation.at("/store/maxPoolSize", "maxPoolSize must be 2..200 (one connection belongs to the"
                    + " interaction-log writer), not " + maxPoolSize));
        }
        if (!REGION.matcher(phoneRegion).matches()) {
            v.add(ConfigViolation.at("/store/phoneRegion", "phoneRegion must be a two-letter upper-case ISO 3166 region"
                    + " such as DE or US, not '" + phoneRegion + "'"));
        }
        if (demoCustomers < 0) {
            v.add(ConfigViolation.at("/store/demoCustomers", "demoCustomers must not be negative"));
        }
        if (historyLength < 0 || historyLength > 1000) {
            v.add(ConfigViolation.at("/store/historyLength", "historyLength must be 0..1000, not " + historyLength));
        }
        if (logBatchSize < 1 || logBatchSize > 10_000) {
            v.add(ConfigViolation.at("/store/logBatchSize", "logBatchSize must be 1..10000, not " + logBatchSize));
        }
        if (h2CacheMb < 8 || h2CacheMb > 65_536) {
            v.add(ConfigViolation.at("/store/h2CacheMb", "h2CacheMb must be 8..65536, not " + h2CacheMb));
        }
        if (logQueueCapacity < 1 || logQueueCapacity > 10_000_000) {
            v.add(ConfigViolation.at("/store/logQueueCapacity", "logQueueCapacity must be 1..10000000 events, not "
                    + logQueueCapacity));
        }
        if (logCommitInterval.isNegative() || logCommitInterval.compareTo(MAX_LOG_COMMIT_INTERVAL) > 0) {
            v.add(ConfigViolation.at("/store/logCommitInterval", "logCommitInterval must be 0..100ms (e.g. 2ms), not "
                    + logCommitInterval));
        }
        return List.copyOf(v);
    }
}
