package org.openucc.telephony.sip;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the jain-sip stack's own logging to SLF4J (named by the stack property STACK_LOGGER).
 *
 * <p>The stack asks {@link #isLoggingEnabled(int)} many times for every message it handles, and asking logback
 * each time was 3 % of the server's CPU under load (a profile of the soak), to learn that nothing is logged. So the
 * answer is kept here and worked out again whenever logback's levels change (it tells its listeners, also when it
 * re-reads its file). With another SLF4J binding the answer is asked each time, as before.
 */
public final class Slf4jStackLogger implements StackLogger {
    /** The stack dumps whole packets (64 KB as decimal bytes) into some messages: keep log lines readable. */
    private static final int MAX_MESSAGE = 2000;

    private static final Logger log = LoggerFactory.getLogger("org.openucc.telephony.sip.stack");
    /** Whether {@link #verbosity} follows logback's levels (false with another binding: ask SLF4J each time). */
    private static final boolean CACHED = watchLogback();
    /** The most verbose of the stack's log levels that is logged now; -1: none. */
    private static volatile int verbosity = verbosityFromSlf4j();
    private volatile boolean enabled = true;

    public Slf4jStackLogger() {
        // instantiated reflectively by the stack
    }

    @Override
    public void logStackTrace() {
        if (log.isTraceEnabled()) {
            log.trace("stack trace", new Exception("stack trace"));
        }
    }

    @Override
    public void logStackTrace(int level) {
        logStackTrace();
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        log.warn("jain-sip: {}", ex.toString(), ex);
    }

    @Override
    public void logDebug(String message) {
        log.trace(cut(message));
    }

    @Override
    public void logTrace(String message) {
        log.trace(cut(message));
    }

    @Override
    public void logFatalError(String message) {
        log.error(cut(message));
    }

    @Override
    public void logError(String message) {
        log.error(cut(message));
    }

    @Override
    public boolean isLoggingEnabled() {
        return isLoggingEnabled(TRACE_WARN);
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        return enabled && logLevel <= (CACHED ? verbosity : verbosityFromSlf4j());
    }

    /**
     * gov.nist.core.LogLevels grow with verbosity: 4 error .. 32 debug, 64 trace. The stack's debug output is huge
     * (it prints whole transaction tables per message), so it is only on at SLF4J TRACE.
     */
    static int verbosityFromSlf4j() {
        if (log.isTraceEnabled()) {
            return Integer.MAX_VALUE;
        }
        if (log.isInfoEnabled()) {
            return TRACE_DEBUG - 1;
        }
        if (log.isWarnEnabled()) {
            return TRACE_INFO - 1;
        }
        return log.isErrorEnabled() ? TRACE_WARN - 1 : -1;
    }

    private static boolean watchLogback() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return false;
        }
        context.addListener(new LoggerContextListener() {
            @Override
            public boolean isResetResistant() {
                return true; // stays through a reconfiguration (logback's scan of its file)
            }

            @Override
            public void onStart(LoggerContext c) {
                verbosity = verbosityFromSlf4j();
            }

            @Override
            public void onReset(LoggerContext c) {
                verbosity = verbosityFromSlf4j();
            }

            @Override
            public void onStop(LoggerContext c) {
                verbosity = verbosityFromSlf4j();
            }

            @Override
            public void onLevelChange(ch.qos.logback.classic.Logger logger, Level level) {
                verbosity = verbosityFromSlf4j();
            }
        });
        return true;
    }

    @Override
    public void logError(String message, Exception ex) {
        log.error(cut(message), ex);
    }

    @Override
    public void logWarning(String message) {
        log.warn(cut(message));
    }

    @Override
    public void logInfo(String message) {
        log.info(cut(message));
    }

    @Override
    public void disableLogging() {
        enabled = false;
    }

    @Override
    public void enableLogging() {
        enabled = true;
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
    }

    @Override
    public String getLoggerName() {
        return log.getName();
    }

    private static String cut(String message) {
        return message == null || message.length() <= MAX_MESSAGE ? message
                : message.substring(0, MAX_MESSAGE) + "... (" + message.length() + " chars)";
    }
}
