package org.openucc.telephony.asterisk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.action.EventGeneratingAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.openucc.config.AsteriskConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AMI connection to one Asterisk: logs in (events of the classes {@code system,call} only), and
 * when the connection drops or cannot be made, tries again with a doubling wait between
 * {@code reconnectMin} and {@code reconnectMax}, logging each failure once and each recovery. Every
 * action is asynchronous: {@link #send} completes with the response, or fails with
 * {@link AmiException} when Asterisk answers with an error or the link is down.
 *
 * <p>asterisk-java would also reconnect by itself; this link throws a dropped connection away instead
 * and makes a new one, so the wait, the log lines and the health it shows are its own.
 */
final class AmiLink {
    private static final Logger log = LoggerFactory.getLogger(AmiLink.class);
    private static final long LOGIN_TIMEOUT_MILLIS = 5_000;
    private static final long ACTION_TIMEOUT_MILLIS = 10_000;

    /** What the adapter hears from the link (on asterisk-java's threads: hand work off quickly). */
    interface Listener {
        /** Logged in (first time or again): time to reconcile. */
        void connected(AmiLink link);

        void disconnected(AmiLink link, String why);

        void event(AmiLink link, ManagerEvent event);
    }

    final AsteriskConfig.Server server;
    private final String secret;
    private final Duration minWait;
    private final Duration maxWait;
    private final ScheduledExecutorService timer;
    private final Listener listener;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile ManagerConnection connection;
    private volatile boolean up;
    private volatile boolean stopped;
    private volatile String problem = "not connected yet";
    private volatile Instant since = Instant.now();
    private Duration wait;
    private boolean everUp;
    private String lastLogged;

    AmiLink(AsteriskConfig.Server server, String secret, Duration minWait, Duration maxWait,
            ScheduledExecutorService timer, Listener listener) {
        this.server = server;
        this.secret = secret;
        this.minWait = minWait;
        this.maxWait = maxWait;
        this.timer = timer;
        this.listener = listener;
        this.wait = minWait;
    }

    String name() {
        return server.name();
    }

    void start() {
        timer.execute(this::connect);
    }

    void stop() {
        stopped = true;
        up = false;
        ManagerConnection c = connection;
        connection = null;
        if (c != null) {
            quietly(c);
        }
    }

    boolean up() {
        return up;
    }

    /** Why the link is down (null while up). */
    String problem() {
        return up ? null : problem;
    }

    Instant since() {
        return since;
    }

    long events() {
        return events.get();
    }

    long reconnects() {
        return reconnects.get();
    }


    private synchronized void connect() {
        if (stopped || up) {
            return;
        }
        ManagerConnection c = new ManagerConnectionFactory(server.host(), server.port(), server.username(), secret)
                .createManagerConnection();
        try {
            ManagerConnection mine = c;
            c.addEventListener(e -> onEvent(mine, e));
            c.login("system,call");
            if (stopped) {
                quietly(c);
                return;
            }
            connection = c;
            wait = minWait;
            if (everUp) {
                reconnects.incrementAndGet();
            }
            log.info("AMI {} ({}:{}): logged in as {}{}", server.name(), server.host(), server.port(), server.username(),
                    everUp ? " again" : "");
            everUp = true;
            lastLogged = null;
            since = Instant.now();
            up = true;
            problem = null;
            listener.connected(this);
        } catch (AuthenticationFailedException e) {
            quietly(c);
            failed("Asterisk refused the login of AMI user '" + server.username() + "' (check manager.conf and "
                    + server.secretEnv() + ")");
        } catch (Exception e) {
            quietly(c);
            failed("cannot reach AMI at " + server.host() + ":" + server.port() + ": " + describe(e));
        }
    }

    private void failed(String why) {
        problem = why;
        since = Instant.now();
        if (!why.equals(lastLogged)) {
            log.warn("AMI {}: {}; trying again every {} s at most", server.name(), why, maxWait.toSeconds());
            lastLogged = why;
        } else {
            log.debug("AMI {}: {}", server.name(), why);
        }
        schedule();
    }

    private void schedule() {
        if (stopped) {
            return;
        }
        long millis = wait.toMillis();
        wait = wait.multipliedBy(2).compareTo(maxWait) > 0 ? maxWait : wait.multipliedBy(2);
        timer.schedule(this::connect, millis, TimeUnit.MILLISECONDS);
    }

    private void onEvent(ManagerConnection from, ManagerEvent event) {
        if (from != connection) {
            return; // a connection this link gave up (its logoff, its last events)
        }
        events.incrementAndGet();
        if (event instanceof DisconnectEvent) {
            dropped("the AMI connection to " + server.host() + ":" + server.port() + " was lost");
            return;
        }
        try {
            listener.event(this, event);
        } catch (RuntimeException e) {
            log.warn("AMI {}: handling {} failed", server.name(), event.getClass().getSimpleName(), e);
        }
    }

    private void dropped(String why) {
        synchronized (this) {
            if (!up) {
                return;
            }
            up = false;
            problem = why;
            since = Instant.now();
        }
        log.warn("AMI {}: {}; reconnecting", server.name(), why);
        ManagerConnection c = connection;
        connection = null;
        listener.disconnected(this, why);
        timer.execute(() -> {
            if (c != null) {
                quietly(c); // stops asterisk-java's own reconnect loop: this link makes a new connection
            }
            synchronized (this) {
                wait = minWait;
                schedule();
            }
        });
    }

    /** Sends an action; the future fails with {@link AmiException} on an error response or a down link. */
    CompletableFuture<ManagerResponse> send(ManagerAction action) {
        CompletableFuture<ManagerResponse> f = new CompletableFuture<>();
        ManagerConnection c = connection;
        if (c == null || !up) {
            f.completeExceptionally(new AmiException(server.name(), action.getAction(), "the AMI link is down: "
                    + problem));
            return f;
        }
        try {
            c.sendAction(action, response -> {
                if (response instanceof ManagerError || response == null) {
                    f.completeExceptionally(new AmiException(server.name(), action.getAction(),
                            response == null ? "no response" : response.getMessage()));
                } else {
                    f.complete(response);
                }
            });
        } catch (Exception e) {
            f.completeExceptionally(new AmiException(server.name(), action.getAction(), describe(e)));
        }
        f.orTimeout(ACTION_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        return f;
    }

    /** An action that answers with a list of events (e.g. CoreShowChannels); blocking: not on AMI's threads. */
    List<ResponseEvent> list(EventGeneratingAction action) throws AmiException {
        ManagerConnection c = connection;
        if (c == null || !up) {
            throw new AmiException(server.name(), action.getAction(), "the AMI link is down: " + problem);
        }
        try {
            var res = c.sendEventGeneratingAction(action, ACTION_TIMEOUT_MILLIS);
            if (res.getResponse() instanceof ManagerError err) {
                throw new AmiException(server.name(), action.getAction(), err.getMessage());
            }
            return new ArrayList<>(res.getEvents());
        } catch (AmiException e) {
            throw e;
        } catch (Exception e) {
            throw new AmiException(server.name(), action.getAction(), describe(e));
        }
    }

    private static void quietly(ManagerConnection c) {
        try {
            c.logoff();
        } catch (RuntimeException e) {
            log.debug("AMI logoff: {}", e.toString());
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    @Override
    public String toString() {
        return "AMI " + server.name();
    }

    /** An AMI action failed: Asterisk said no, or the link is down. */
    static final class AmiException extends Exception {
        AmiException(String server, String action, String message) {
            super("AMI " + server + " " + action + ": " + message);
        }
    }
}
