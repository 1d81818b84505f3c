package org.openucc.config;

import java.time.Duration;
import java.util.List;

/**
 * The mailbox: mail fetched over IMAP becomes EMAIL interactions, agents' replies go out over SMTP.
 * Off by default so the server starts without a mailbox. Passwords are not written here: they come
 * from the environment variables {@code passwordEnv} names.
 *
 * @param enabled          fetch and send mail (default false)
 * @param address          the mailbox's own address: From of replies and acknowledgements
 * @param imapSsl          IMAPS (implicit TLS) rather than plain IMAP
 * @param folder           the folder to watch (default INBOX)
 * @param idle             use IMAP IDLE where the server supports it (default true); polling otherwise
 * @param pollInterval     how often to look for new mail without IDLE (default 1m)
 * @param smtpStartTls     upgrade SMTP with STARTTLS and require it (default true for port 587)
 * @param passwordEnv      environment variable with the IMAP (and SMTP) password (default OPENUCC_MAIL_PASSWORD)
 * @param password         the password itself: for tests and embedding only, never in a file in git
 * @param queue            where new threads go unless a rule says otherwise
 * @param rules            first matching rule wins: to-address, subject keywords, customer tier
 * @param acknowledge      send an automatic acknowledgement with the ticket reference (default true)
 * @param maxAttachmentBytes attachments larger than this are not kept (the mail is, with a note)
 */
public record EmailConfig(Boolean enabled, String address, String imapHost, int imapPort, Boolean imapSsl,
                          String username, String folder, Boolean idle, Duration pollInterval, String smtpHost,
                          int smtpPort, Boolean smtpStartTls, String passwordEnv, String password, String queue,
                          List<EmailRule> rules, Boolean acknowledge, int maxAttachmentBytes) {
    public static final EmailConfig BUILT_IN = new EmailConfig(null, null, null, 0, null, null, null, null, null, null,
            0, null, null, null, null, null, null, 0);

    public EmailConfig {
        enabled = enabled == null ? Boolean.FALSE : enabled;
        imapSsl = imapSsl == null ? Boolean.FALSE : imapSsl;
        imapPort = imapPort == 0 ? (imapSsl ? 993 : 143) : imapPort;
        folder = folder == null || folder.isBlank() ? "INBOX" : folder;
        idle = idle == null ? Boolean.TRUE : idle;
        pollInterval = pollInterval == null ? Duration.ofMinutes(1) : pollInterval;
        smtpPort = smtpPort == 0 ? 587 : smtpPort;
        smtpStartTls = smtpStartTls == null ? smtpPort == 587 : smtpStartTls;
        passwordEnv = passwordEnv == null || passwordEnv.isBlank() ? "OPENUCC_MAIL_PASSWORD" : passwordEnv;
        queue = queue == null || queue.isBlank() ? "email" : queue;
        rules = rules == null ? List.of() : List.copyOf(rules);
        acknowledge = acknowledge == null ? Boolean.TRUE : acknowledge;
        maxAttachmentBytes = maxAttachmentBytes == 0 ? 10 * 1024 * 1024 : maxAttachmentBytes;
    }

    /** The user name to log in with: {@code username}, else the address. */
    public String login() {
        return username != null && !username.isBlank() ? username : address;
    }
}
