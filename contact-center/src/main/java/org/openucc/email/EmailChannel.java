package org.openucc.email;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.function.UnaryOperator;
import org.openucc.chat.AgentChannel;
import org.openucc.config.EmailConfig;
import org.openucc.intake.InteractionIntake;
import org.openucc.message.MessageStore;
import org.openucc.routing.RoutingPort;
import org.openucc.store.StoreServices;

/** The running email channel: the service, and the mailbox watcher that feeds it. */
public final class EmailChannel implements AutoCloseable {
    private final EmailService service;
    private final MailboxWatcher watcher;

    private EmailChannel(EmailService service, MailboxWatcher watcher) {
        this.service = service;
        this.watcher = watcher;
    }

    /**
     * Starts watching the mailbox. The password is {@code config.password()} if set (tests, embedding),
     * else the environment variable {@code config.passwordEnv()} names; without either, no login is tried.
     */
    public static EmailChannel start(EmailConfig config, UnaryOperator<String> env, InteractionIntake intake,
                                     StoreServices store, MessageStore messages, RoutingPort routing,
                                     AgentChannel agents, Path dataDir, InstantSource clock) {
        String password = config.password() != null ? config.password() : env.apply(config.passwordEnv());
        MailSender sender = new MailSender(config, password);
        EmailService service = new EmailService(config, sender, intake, store, messages, routing, agents, dataDir, clock);
        MailboxWatcher watcher = new MailboxWatcher(config, password, new MailParser(config.maxAttachmentBytes()),
                service::receive);
        watcher.start();
        return new EmailChannel(service, watcher);
    }

    public EmailService service() {
        return service;
    }

    /** For health: how the mailbox is watched, how many mails were taken in, the last problem. */
    public String describe() {
        String problem = watcher.lastProblem();
        return (watcher.idling() ? "IMAP IDLE" : "polling") + ", " + watcher.taken() + " mails taken in"
                + (problem == null ? "" : ", last problem: " + problem);
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
