package org.openucc.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.openucc.config.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's database: a HikariCP pool, the schema brought up to date by Flyway at open, and
 * transactions whose commit is durable before {@link #write} returns. On PostgreSQL a commit is
 * durable by itself (WAL fsync). H2 writes committed changes to its file from a background thread
 * up to 500 ms later (and with WRITE_DELAY=0 it still skips the write when another thread is storing
 * at that moment), so after each commit we run {@code CHECKPOINT}, which waits for the store and
 * writes everything committed so far; measured at about 0.5 ms. Written means handed to the OS:
 * survives a JVM crash or kill -9 (tested); survives power loss only on PostgreSQL.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final Dialect dialect;
    private final String url;

    private Database(HikariDataSource pool, Dialect dialect, String url) {
        this.pool = pool;
        this.dialect = dialect;
        this.url = url;
    }

    /** Opens the pool and migrates the schema; {@code dataDir} holds the embedded H2 file when no URL is configured. */
    public static Database open(StoreConfig config, Path dataDir) {
        String url = config.jdbcUrlIn(dataDir);
        if (config.jdbcUrl() == null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new StoreException("creating data directory " + dataDir.toAbsolutePath(), e);
            }
        }
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("openucc-store");
        hc.setJdbcUrl(url);
        hc.setUsername(config.user());
        hc.setPassword(config.password());
        hc.setMaximumPoolSize(config.maxPoolSize());
        hc.setMinimumIdle(Math.min(2, config.maxPoolSize()));
        hc.setAutoCommit(false);
        hc.setConnectionTimeout(10_000);
        hc.setInitializationFailTimeout(10_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new StoreException("opening database " + url, e);
        }
        try {
            Dialect dialect;
            try (Connection c = pool.getConnection()) {
                dialect = Dialect.of(c.getMetaData().getDatabaseProductName());
                c.rollback();
            }
            migrate(pool, dialect, url);
            log.info("store open: {} ({}), pool of {}", url, dialect, config.maxPoolSize());
            return new Database(pool, dialect, url);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e instanceof StoreException se ? se : new StoreException("opening database " + url, e);
        }
    }

    private static void migrate(DataSource ds, Dialect dialect, String url) {
        List<String> locations = new ArrayList<>(List.of("classpath:db/store/common"));
        if (dialect.migrationFolder() != null) {
            locations.add("classpath:db/store/" + dialect.migrationFolder());
        }
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(ds)
                    .locations(locations.toArray(String[]::new))
                    .table("store_schema_history")
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                log.info("store schema of {} migrated to version {} ({} migrations)", url, result.targetSchemaVersion,
                        result.migrationsExecuted);
            }
        } catch (RuntimeException e) {
            throw new StoreException("migrating the schema of " + url, e);
        }
    }

    /**
     * Where the embedded H2 database's files are (the path H2 appends {@code .mv.db} to), or empty for any
     * other database: PostgreSQL, an in-memory or a remote H2.
     */
    public Optional<Path> h2File() {
        return h2File(url);
    }

    static Optional<Path> h2File(String url) {
        if (url == null || !url.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String rest = url.substring("jdbc:h2:".length());
        int semicolon = rest.indexOf(';');
        if (semicolon >= 0) {
            rest = rest.substring(0, semicolon);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        } else if (rest.matches("^[a-zA-Z]{2,}:.*")) {
            return Optional.empty(); // mem:, tcp:, ssl:, zip:, …
        }
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        if (rest.startsWith("~")) {
            rest = System.getProperty("user.home") + rest.substring(1);
        }
        return Optional.of(Path.of(rest).toAbsolutePath().normalize());
    }

    /** H2: writes everything committed so far to the file ({@code CHECKPOINT}); elsewhere a commit is durable already. */
    public void checkpoint() {
        write("writing the store's committed changes to its file", c -> null);
    }

    public Dialect dialect() {
        return dialect;
    }

    public String url() {
        return url;
    }

    /** For code that needs plain JDBC (benchmarks, tools); prefer {@link #read} and {@link #write}. */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * Runs {@code work} in one transaction and commits durably before returning. Domain exceptions
     * thrown by the work (conflict, not found, invalid) roll back and pass through unchanged;
     * SQL failures roll back and become a {@link StoreException} naming what was being done.
     */
    public <T> T write(String doing, SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            try {
                T result = work.run(c);
                commitDurably(c);
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, doing, e);
                throw e instanceof RuntimeException re ? re : new StoreException(doing, e);
            }
        } catch (SQLException e) {
            throw new StoreException(doing, e);
        }
    }

    /**
     * As {@link #write}, but without forcing the commit to disk on H2: for data rebuilt from the log after a
     * crash (the report sums), which need not cost a disk write per commit. Still one atomic transaction.
     */
    public <T> T writeLazily(String doing, SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, doing, e);
                throw e instanceof RuntimeException re ? re : new StoreException(doing, e);
            }
        } catch (SQLException e) {
            throw new StoreException(doing, e);
        }
    }

    /**
     * Runs read-only work on a pooled connection. It ends with a commit, which for a read is the same as a rollback
     * but keeps H2's per-connection cache of parsed statements: H2 empties that cache on every rollback, so every
     * statement was parsed again on each use (the soak's profile: 8 % of the server's CPU in H2's parser). A read
     * that fails is rolled back.
     */
    public <T> T read(String doing, SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            T result;
            try {
                result = work.run(c);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            c.commit();
            return result;
        } catch (SQLException e) {
            throw new StoreException(doing, e);
        }
    }

    /**
     * Commits, then (H2) makes sure the commit reached the file before returning. The CHECKPOINT statement leaves
     * the connection "used since the last commit" for the pool, which would roll it back when it is given back,
     * emptying H2's statement cache (see {@link #read}): an empty commit after it says the connection is clean.
     */
    public void commitDurably(Connection c) throws SQLException {
        c.commit();
        if (dialect == Dialect.H2) {
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
            }
            c.commit();
        }
    }

    /**
     * Drops every pooled connection (those in use when they come back) so the next ones are fresh: after
     * the database failed to write, an embedded H2 may have closed itself and a server may have restarted.
     */
    public void recycleConnections() {
        var mx = pool.getHikariPoolMXBean();
        if (mx != null) {
            mx.softEvictConnections();
        }
    }

    private static void rollbackQuietly(Connection c, String doing, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
            log.warn("rollback after failed {} failed too", doing, e);
        }
    }

    @Override
    public void close() {
        pool.close();
        log.info("store closed: {}", url);
    }
}
