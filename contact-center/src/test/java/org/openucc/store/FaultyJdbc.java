package org.openucc.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Fault injection at the JDBC seam: {@code jdbc:faulty:<real url>} opens the real database (H2 here)
 * through a connection whose {@code commit} can be made to fail as a full disk does ({@link #failCommits}),
 * or, on the interaction-log writer's thread only, to wait until the test lets it go ({@link #holdWriter}).
 * Everything else is the real driver. One switch for the JVM: tests using it must not run in parallel.
 */
public final class FaultyJdbc implements Driver {
    public static final String PREFIX = "jdbc:faulty:";
    private static final String WRITER_THREAD = "interaction-log-writer";

    private static volatile boolean failing;
    private static volatile CountDownLatch gate;
    private static final AtomicInteger heldCommits = new AtomicInteger();
    private static final AtomicInteger failedCommits = new AtomicInteger();

    static {
        try {
            DriverManager.registerDriver(new FaultyJdbc());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The URL that opens {@code realUrl} through this driver (also registers it). */
    public static String url(String realUrl) {
        return PREFIX + realUrl;
    }

    /** From now on every commit fails like H2 on a full disk, until {@code false}. */
    public static void failCommits(boolean on) {
        failing = on;
    }

    /** The writer's next commits wait (counted in {@link #heldCommits}) until {@link #releaseWriter}. */
    public static void holdWriter() {
        heldCommits.set(0);
        gate = new CountDownLatch(1);
    }

    public static void releaseWriter() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    /** Commits of the writer waiting at the gate now or since {@link #holdWriter}. */
    public static int heldCommits() {
        return heldCommits.get();
    }

    public static int failedCommits() {
        return failedCommits.get();
    }

    public static void reset() {
        failing = false;
        releaseWriter();
        failedCommits.set(0);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Connection real = DriverManager.getConnection(url.substring(PREFIX.length()), info);
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("commit")) {
                beforeCommit();
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(FaultyJdbc.class.getClassLoader(), new Class<?>[]{Connection.class},
                handler);
    }

    private static void beforeCommit() throws SQLException {
        CountDownLatch g = gate;
        if (g != null && Thread.currentThread().getName().equals(WRITER_THREAD)) {
            heldCommits.incrementAndGet();
            try {
                if (!g.await(60, TimeUnit.SECONDS)) {
                    throw new SQLException("test gate was never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted at the test gate", e);
            }
        }
        if (failing) {
            failedCommits.incrementAndGet();
            // What H2 2.x reports when its file cannot grow (MVStore write on a full disk).
            throw new SQLException("IO Exception: \"java.io.IOException: No space left on device\"", "90028", 90028);
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
