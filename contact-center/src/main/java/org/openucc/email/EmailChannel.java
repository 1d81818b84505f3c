package org.openucc.email;

import java.time.InstantSource;
import java.util.function.UnaryOperator;
import org.openucc.chat.AgentChannel;
import org.openucc.config.EmailConfig;
import org.openucc.intake.InteractionIntake;
import org.openucc.message.MessageStore;
import org.openucc.routing.RoutingPort;
import org.openucc.store.StoreServices;

/**
 * The running email channel: the service (taking mail in, agents' replies out over SMTP: on every node of a
 * cluster) and the mailbox watcher that feeds it (on one node at a time: {@link #watch()} / {@link #stopWatching()}).
 */
public final class EmailChannel implements AutoCloseable {
    private final EmailConfig config;
    private final String password;
    private final EmailService service;
    private volatile MailboxWatcher watcher;

    private EmailChannel(EmailConfig config, String password, EmailService service) {
        this.config = config;
        this.password = password;
        this.service = service;
    }

    /** The channel without its watcher: it sends agents' replies; {@link #watch()} takes mail in. */
    public static EmailChannel open(EmailConfig config, UnaryOperator<String> env, InteractionIntake intake,
                                    StoreServices store, MessageStore messages, RoutingPort routing,
                                    AgentChannel agents, InstantSource clock) {
        String password = config.password() != null ? config.password() : env.apply(config.passwordEnv());
        MailSender sender = new MailSender(config, password);
        EmailService service = new EmailService(config, sender, intake, store, messages, routing, agents, clock);
        return new EmailChannel(config, password, service);
    }

    /** Starts watching the mailbox (if not watching already). */
    public synchronized void watch() {
        if (watcher == null) {
            watcher = new MailboxWatcher(config, password, new MailParser(config.maxAttachmentBytes()), service::receive);
            watcher.start();
        }
    }

    /** Stops watching the mailbox: once it returns, no mail is taken in here (a mail half taken stays unseen). */
    public synchronized void stopWatching() {
        MailboxWatcher w = watcher;
        watcher = null;
        if (w != null) {
            try {
                w.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether this node watches the mailbox now. */
    public boolean watching() {
        return watcher != null;
    }

    public EmailService service() {
        return service;
    }

    /** For health: how the mailbox is watched, how many mails were taken in, the last problem. */
    public String describe() {
        MailboxWatcher w = watcher;
        if (w == null) {
            return "not watched on this node (the engine's owner watches the mailbox); replies are sent from here";
        }
        String problem = w.lastProblem();
        return (w.idling() ? "IMAP IDLE" : "polling") + ", " + w.taken() + " mails taken in"
                + (problem == null ? "" : ", last problem: " + problem);
    }

    @Override
    public void close() {
        stopWatching();
    }
}
