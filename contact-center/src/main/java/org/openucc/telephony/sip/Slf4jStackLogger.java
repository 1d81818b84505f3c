package org.openucc.telephony.sip;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes the jain-sip stack's own logging to SLF4J (named by the stack property STACK_LOGGER). */
public final class Slf4jStackLogger implements StackLogger {
    /** The stack dumps whole packets (64 KB as decimal bytes) into some messages: keep log lines readable. */
    private static final int MAX_MESSAGE = 2000;

    private static final Logger log = LoggerFactory.getLogger("org.openucc.telephony.sip.stack");
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
        return enabled && log.isWarnEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        if (!enabled) {
            return false;
        }
        // gov.nist.core.LogLevels grow with verbosity: 4 error .. 32 debug, 64 trace. The stack's
        // debug output is huge (it prints whole transaction tables per message), so it is only on at
        // SLF4J TRACE.
        if (logLevel >= TRACE_DEBUG) {
            return log.isTraceEnabled();
        }
        if (logLevel >= TRACE_INFO) {
            return log.isInfoEnabled();
        }
        if (logLevel >= TRACE_WARN) {
            return log.isWarnEnabled();
        }
        return log.isErrorEnabled();
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
