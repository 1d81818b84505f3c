package org.openucc.routing;

import java.util.List;

/**
 * The NOT_READY reason codes the server sets by itself, beside the configured ones people pick; the
 * console has a label for each of them in every language (ConsoleTextTest holds it to that).
 */
public final class SystemReasons {
    /** Logged in without going ready. */
    public static final String LOGIN = "login";
    /** Not ready without a reason (an API client that gave none, a restart that found none). */
    public static final String NOT_READY = "not-ready";
    /** Logging out once the work in hand is done. */
    public static final String LOGOUT = "logout";
    /** The default of routing.missedReasonCode: offers rang out too often in a row. */
    public static final String MISSED = org.openucc.config.RoutingConfig.DEFAULT_MISSED_REASON;

    public static final List<String> ALL = List.of(LOGIN, NOT_READY, LOGOUT, MISSED);

    private SystemReasons() {
    }
}
