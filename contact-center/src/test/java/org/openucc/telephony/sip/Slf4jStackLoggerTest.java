package org.openucc.telephony.sip;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import gov.nist.core.LogLevels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The stack's "is this logged?" is answered from a cached level, which must follow logback's levels as they
 * change (an operator raising the SIP stack's logging on a running server).
 */
class Slf4jStackLoggerTest {
    private final Logger stackLog = (Logger) LoggerFactory.getLogger("org.openucc.telephony.sip.stack");
    private final Level before = stackLog.getLevel();

    @AfterEach
    void restore() {
        stackLog.setLevel(before);
    }

    @Test
    void followsTheLevelAsItChanges() {
        Slf4jStackLogger logger = new Slf4jStackLogger();

        stackLog.setLevel(Level.ERROR);
        assertTrue(logger.isLoggingEnabled(LogLevels.TRACE_ERROR));
        assertFalse(logger.isLoggingEnabled(LogLevels.TRACE_WARN));
        assertFalse(logger.isLoggingEnabled());
        assertFalse(logger.isLoggingEnabled(LogLevels.TRACE_DEBUG));

        stackLog.setLevel(Level.TRACE);
        assertTrue(logger.isLoggingEnabled(LogLevels.TRACE_DEBUG), "TRACE set, the stack's debug output is not on");
        assertTrue(logger.isLoggingEnabled(LogLevels.TRACE_TRACE));

        stackLog.setLevel(Level.WARN);
        assertTrue(logger.isLoggingEnabled());
        assertFalse(logger.isLoggingEnabled(LogLevels.TRACE_INFO));
        assertFalse(logger.isLoggingEnabled(LogLevels.TRACE_DEBUG), "back at WARN, the stack's debug output is still on");

        stackLog.setLevel(Level.OFF);
        assertFalse(logger.isLoggingEnabled(LogLevels.TRACE_ERROR));
    }

    @Test
    void followsTheParentsLevelWhenItHasNoneOfItsOwn() {
        Slf4jStackLogger logger = new Slf4jStackLogger();
        Logger parent = (Logger) LoggerFactory.getLogger("org.openucc.telephony.sip");
        Level parentBefore = parent.getLevel();
        try {
            stackLog.setLevel(null);
            parent.setLevel(Level.TRACE);
            assertTrue(logger.isLoggingEnabled(LogLevels.TRACE_DEBUG));
            parent.setLevel(Level.ERROR);
            assertFalse(logger.isLoggingEnabled(LogLevels.TRACE_WARN));
        } finally {
            parent.setLevel(parentBefore);
        }
    }

    @Test
    void disabledByTheStackIsOffWhateverTheLevel() {
        Slf4jStackLogger logger = new Slf4jStackLogger();
        stackLog.setLevel(Level.TRACE);
        logger.disableLogging();
        assertFalse(logger.isLoggingEnabled(LogLevels.TRACE_ERROR));
        logger.enableLogging();
        assertTrue(logger.isLoggingEnabled(LogLevels.TRACE_ERROR));
    }
}
