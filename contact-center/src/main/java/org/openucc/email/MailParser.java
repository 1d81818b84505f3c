package org.openucc.email;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * Reads a MIME message into an {@link InboundMail}: threading headers, addresses, the text and HTML
 * bodies (HTML sanitized with OWASP's policies: formatting, blocks, links and tables; no scripts,
 * styles, images or event handlers), and attachments up to a size limit.
 */
final class MailParser {
    private static final PolicyFactory HTML_POLICY = Sanitizers.FORMATTING.and(Sanitizers.BLOCKS).and(Sanitizers.LINKS)
            .and(Sanitizers.TABLES);

    private final int maxAttachmentBytes;

    MailParser(int maxAttachmentBytes) {
        this.maxAttachmentBytes = maxAttachmentBytes;
    }

    static String sanitize(String html) {
        return html == null ? null : HTML_POLICY.sanitize(html);
    }

    InboundMail parse(MimeMessage m) throws MessagingException, IOException {
        String messageId = m.getMessageID();
        InternetAddress from = m.getFrom() == null || m.getFrom().length == 0 ? null : (InternetAddress) m.getFrom()[0];
        List<String> to = new ArrayList<>();
        for (Message.RecipientType type : new Message.RecipientType[] {Message.RecipientType.TO, Message.RecipientType.CC}) {
            Address[] a = m.getRecipients(type);
            if (a != null) {
                Arrays.stream(a).map(x -> x instanceof InternetAddress ia ? ia.getAddress() : x.toString()).forEach(to::add);
            }
        }
        Bodies bodies = new Bodies();
        walk(m, bodies);
        String text = bodies.text != null ? bodies.text : bodies.html != null ? HtmlText.of(bodies.html) : "";
        if (messageId == null || messageId.isBlank()) {
            // Made from the mail itself, not at random: the same mail taken again (after a crash) gets the same id.
            messageId = "<" + digest(header(m, "Date"), from == null ? null : from.getAddress(), m.getSubject(), text,
                    bodies.html) + "@openucc.invalid>";
        }
        return new InboundMail(messageId.strip(), header(m, "In-Reply-To"), ids(header(m, "References")),
                from == null ? null : from.getAddress().toLowerCase(Locale.ROOT), from == null ? null : from.getPersonal(),
                to, m.getSubject(), text, sanitize(bodies.html), bodies.attachments, automatic(m));
    }

    private static final class Bodies {
        String text;
        String html;
        final List<InboundMail.Part> attachments = new ArrayList<>();
    }

    private void walk(Part p, Bodies out) throws MessagingException, IOException {
        String disposition = p.getDisposition();
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(disposition) || p.getFileName() != null;
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart part = mp.getBodyPart(i);
                walk(part, out);
            }
        } else if (!attachment && p.isMimeType("text/plain") && out.text == null) {
            out.text = String.valueOf(p.getContent());
        } else if (!attachment && p.isMimeType("text/html") && out.html == null) {
            out.html = String.valueOf(p.getContent());
        } else if (!p.isMimeType("message/rfc822") || attachment) {
            out.attachments.add(attachment(p));
        }
    }

    private InboundMail.Part attachment(Part p) throws MessagingException, IOException {
        String name = p.getFileName() == null ? "attachment" : MimeUtility.decodeText(p.getFileName());
        String type = p.getContentType() == null ? "application/octet-stream"
                : p.getContentType().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long size = 0;
        boolean tooLarge = false;
        try (InputStream in = p.getInputStream()) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                size += n;
                if (size > maxAttachmentBytes) {
                    tooLarge = true;
                } else {
                    bytes.write(buffer, 0, n);
                }
            }
        }
        return new InboundMail.Part(name, type, size, tooLarge ? null : bytes.toByteArray(), tooLarge);
    }

    /** RFC 3834 §5: anything but "Auto-Submitted: no" is automatic; so are bulk, list and junk mail. */
    private static boolean automatic(MimeMessage m) throws MessagingException {
        String auto = header(m, "Auto-Submitted");
        String precedence = header(m, "Precedence");
        return (auto != null && !auto.equalsIgnoreCase("no")) || (precedence != null
                && precedence.toLowerCase(Locale.ROOT).matches("bulk|list|junk"));
    }

    private static String digest(String... parts) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                sha.update(String.valueOf(p).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static String header(MimeMessage m, String name) throws MessagingException {
        String v = m.getHeader(name, " ");
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** The message ids in a References or In-Reply-To header (RFC 5322 §3.6.4: msg-id = "<" id ">"). */
    static List<String> ids(String header) {
        List<String> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<[^<>\\s]+>").matcher(header);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
