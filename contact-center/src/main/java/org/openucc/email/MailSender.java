package org.openucc.email;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.openucc.config.EmailConfig;

/**
 * Sends mail over SMTP (Angus Mail) from the mailbox's address, with the threading headers of
 * RFC 5322 §3.6.4: its own Message-ID, In-Reply-To the mail it answers, References the thread.
 */
final class MailSender {
    /** A mail to send. */
    record Outbound(String messageId, String to, String subject, String text, String inReplyTo, List<String> references,
                    boolean automatic) {
    }

    private final EmailConfig config;
    private final String password;
    private final Session session;
    private final String domain;

    MailSender(EmailConfig config, String password) {
        this.config = config;
        this.password = password;
        Properties p = new Properties();
        p.put("mail.smtp.host", config.smtpHost());
        p.put("mail.smtp.port", String.valueOf(config.smtpPort()));
        p.put("mail.smtp.auth", String.valueOf(password != null));
        p.put("mail.smtp.starttls.enable", String.valueOf(config.smtpStartTls()));
        p.put("mail.smtp.starttls.required", String.valueOf(config.smtpStartTls()));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "30000");
        p.put("mail.smtp.writetimeout", "30000");
        this.session = Session.getInstance(p);
        String address = config.address();
        this.domain = address.substring(address.indexOf('@') + 1);
    }

    /** A new Message-ID in our domain. */
    String newMessageId() {
        return "<" + UUID.randomUUID() + "@" + domain + ">";
    }

    void send(Outbound m) throws MessagingException {
        MimeMessage msg = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", m.messageId()); // ours, so replies to it find the thread
            }
        };
        msg.setFrom(new InternetAddress(config.address()));
        msg.setRecipients(Message.RecipientType.TO, InternetAddress.parse(m.to(), true));
        msg.setSubject(m.subject(), "UTF-8");
        msg.setText(m.text(), "UTF-8");
        msg.setSentDate(new Date());
        if (m.inReplyTo() != null) {
            msg.setHeader("In-Reply-To", m.inReplyTo());
        }
        if (!m.references().isEmpty()) {
            msg.setHeader("References", String.join(" ", m.references()));
        }
        if (m.automatic()) {
            // RFC 3834 §5: an answer to a mail is auto-replied, anything else the server writes auto-generated
            msg.setHeader("Auto-Submitted", m.inReplyTo() != null ? "auto-replied" : "auto-generated");
        }
        msg.saveChanges();
        if (password != null) {
            Transport.send(msg, config.login(), password);
        } else {
            Transport.send(msg);
        }
    }
}
