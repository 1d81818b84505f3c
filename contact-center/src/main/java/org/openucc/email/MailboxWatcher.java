package org.openucc.email;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import java.io.IOException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.openucc.config.EmailConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the mailbox's folder on its own thread: takes every unseen mail in, marks it seen only
 * once the channel has stored it durably (a failure or a crash leaves it unseen, to be taken again;
 * the channel takes a mail twice as once, by Message-ID), then waits with IMAP IDLE
 * (RFC 2177) where the server supports it, or for the poll interval where it does not. Reconnects
 * after errors with a growing pause. Mail is never deleted.
 */
final class MailboxWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MailboxWatcher.class);

    private final EmailConfig config;
    private final String password;
    private final MailParser parser;
    private final Consumer<InboundMail> channel;
    private final Thread thread;
    private final Object pause = new Object();
    private volatile boolean closed;
    private volatile Store store;
    private volatile boolean idling;
    private volatile long taken;
    private volatile String lastProblem;
    private final java.util.concurrent.ScheduledExecutorService refresher =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "email-imap-refresh");
                t.setDaemon(true);
                return t;
            });

    MailboxWatcher(EmailConfig config, String password, MailParser parser, Consumer<InboundMail> channel) {
        this.config = config;
        this.password = password;
        this.parser = parser;
        this.channel = channel;
        this.thread = new Thread(this::run, "email-imap");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean idling() {
        return idling;
    }

    long taken() {
        return taken;
    }

    String lastProblem() {
        return lastProblem;
    }

    private void run() {
        long backoff = 1000;
        while (!closed) {
            try {
                watch();
                backoff = 1000;
            } catch (MessagingException | RuntimeException e) {
                if (closed) {
                    return;
                }
                lastProblem = e.toString();
                log.warn("Mailbox {}@{}: {}; trying again in {} s", config.login(), config.imapHost(), e.toString(),
                        backoff / 1000);
                pauseFor(backoff);
                backoff = Math.min(backoff * 2, 60_000);
            } finally {
                closeStore();
            }
        }
    }

    private void watch() throws MessagingException {
        Properties p = new Properties();
        String protocol = config.imapSsl() ? "imaps" : "imap";
        p.put("mail.store.protocol", protocol);
        p.put("mail." + protocol + ".connectiontimeout", "10000");
        // IDLE may wait long; a read timeout below 29 minutes (RFC 2177 §3) makes us reconnect before the server drops us.
        p.put("mail." + protocol + ".timeout", String.valueOf(25 * 60 * 1000));
        // Fetch bodies with BODY.PEEK (RFC 3501 §6.4.5): a plain BODY[] fetch sets \Seen at once, so a crash
        // (or a failed store) between reading and storing would lose the mail for good.
        p.put("mail." + protocol + ".peek", "true");
        Session session = Session.getInstance(p);
        Store s = session.getStore(protocol);
        store = s;
        s.connect(config.imapHost(), config.imapPort(), config.login(), password);
        Folder folder = s.getFolder(config.folder());
        folder.open(Folder.READ_WRITE);
        boolean idle = config.idle() && s instanceof IMAPStore imap && imap.hasCapability("IDLE");
        idling = idle;
        lastProblem = null;
        log.info("Watching mailbox {}@{}:{} folder {} ({})", config.login(), config.imapHost(), config.imapPort(),
                config.folder(), idle ? "IMAP IDLE" : "polling every " + config.pollInterval());
        java.util.concurrent.ScheduledFuture<?> refresh = idle ? refresher.scheduleWithFixedDelay(() -> refresh(folder),
                config.pollInterval().toMillis(), config.pollInterval().toMillis(), TimeUnit.MILLISECONDS) : null;
        try {
            loop(folder, idle);
        } finally {
            if (refresh != null) {
                refresh.cancel(false);
            }
        }
    }

    private void loop(Folder folder, boolean idle) throws MessagingException {
        while (!closed) {
            takeUnseen(folder);
            if (idle) {
                ((IMAPFolder) folder).idle(true);
            } else {
                pauseFor(config.pollInterval().toMillis());
                if (!folder.isOpen()) {
                    throw new MessagingException("folder " + config.folder() + " was closed by the server");
                }
            }
        }
    }

    /**
     * Every pollInterval while idling: a command on the folder from this other thread ends the IDLE
     * (Angus sends DONE), so the loop looks for unseen mail again and re-enters IDLE. It catches mail
     * that arrived between the search and the IDLE, and renews IDLE well within RFC 2177's 29 minutes.
     */
    private static void refresh(Folder folder) {
        try {
            if (folder.isOpen()) {
                folder.getMessageCount();
            }
        } catch (MessagingException | RuntimeException e) {
            log.debug("Refreshing IDLE: {}", e.toString());
        }
    }

    private void takeUnseen(Folder folder) throws MessagingException {
        Message[] unseen = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        for (Message m : unseen) {
            if (closed) {
                return;
            }
            if (m instanceof IMAPMessage imap) {
                imap.setPeek(true);
            }
            InboundMail mail;
            try {
                mail = parser.parse((MimeMessage) m);
            } catch (IOException | MessagingException | RuntimeException e) {
                // Unreadable MIME: flagged for a person to look at in the mailbox, not retried forever.
                log.error("Mail {} in {} cannot be read; flagged and left in the mailbox", m.getMessageNumber(),
                        config.folder(), e);
                m.setFlag(Flags.Flag.FLAGGED, true);
                m.setFlag(Flags.Flag.SEEN, true);
                continue;
            }
            try {
                channel.accept(mail);
            } catch (RuntimeException e) {
                log.error("Mail {} could not be taken in; it stays unseen and is tried again", mail.messageId(), e);
                lastProblem = e.toString();
                continue;
            }
            // Only now, with the mail and its interaction committed: a crash before this takes it again.
            m.setFlag(Flags.Flag.SEEN, true);
            taken++;
        }
    }

    private void pauseFor(long millis) {
        synchronized (pause) {
            if (!closed) {
                try {
                    pause.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed = true;
                }
            }
        }
    }

    private void closeStore() {
        Store s = store;
        store = null;
        if (s != null) {
            try {
                s.close();
            } catch (MessagingException e) {
                log.debug("Closing the mailbox connection: {}", e.toString());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        synchronized (pause) {
            pause.notifyAll();
        }
        closeStore(); // ends a pending IDLE
        refresher.shutdownNow();
        thread.interrupt();
        thread.join(5000);
    }
}
