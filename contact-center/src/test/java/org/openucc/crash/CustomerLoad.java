package org.openucc.crash;

import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openucc.api.ApiClient;
import org.openucc.telephony.sip.SipTestPhone;

/**
 * The customers' side of a round: callers on SIP who dial the sales number and wait, web callback
 * requests over REST, mails into the mailbox over SMTP (GreenMail), new chat visitors. Everything
 * is bounded in count per round and planned at random moments from the round's seeded Random.
 */
final class CustomerLoad {
    private static final Pattern TICKET = Pattern.compile("\\[#([^\\]]+)\\]");
    static final String SALES_NUMBER = "1001";

    private final GreenMail mail;
    private final Set<String> ticketsSeen = new HashSet<>();
    private final Set<String> seenTokensChecked = new HashSet<>();
    private SipTestPhone callers;

    CustomerLoad(GreenMail mail) {
        this.mail = mail;
    }

    /** Plans the round's customers; returns the new chat visitors (already started). */
    List<ChatVisitor> plan(RoundContext r, Random random) throws Exception {
        callers = SipTestPhone.open("callers-r" + r.number(), r.sipPort());
        int calls = 1 + random.nextInt(2);
        for (int i = 0; i < calls; i++) {
            String from = String.format("4930%02d%03d", r.number(), i);
            r.later(random.nextInt(1500), () -> call(r, from));
        }
        int callbacks = random.nextInt(2);
        for (int i = 0; i < callbacks; i++) {
            String phone = String.format("+4930%02d%03d%d", r.number(), i, 7);
            r.later(random.nextInt(1500), () -> callback(r, phone));
        }
        int mails = 1 + random.nextInt(2);
        for (int i = 0; i < mails; i++) {
            String token = "crashmail" + r.number() + "x" + i;
            r.later(random.nextInt(1500), () -> mail(r, token));
        }
        List<ChatVisitor> visitors = new ArrayList<>();
        int chats = 1 + random.nextInt(2);
        for (int i = 0; i < chats; i++) {
            ChatVisitor v = new ChatVisitor("visitor-r" + r.number() + "-" + i);
            v.connect(r, new Random(random.nextLong()));
            long at = random.nextInt(1000);
            r.later(at, v::start);
            r.later(at, () -> v.chatter(4));
            visitors.add(v);
        }
        return visitors;
    }

    private void call(RoundContext r, String from) {
        try {
            callers.call(SALES_NUMBER, from);
            r.ledger().count("calls placed");
        } catch (Exception e) {
            r.ledger().count("call not placed: " + e.getClass().getSimpleName());
        }
    }

    private void callback(RoundContext r, String phone) {
        Instant sent = Instant.now();
        HttpResponse<Buffer> answer = ApiClient.anonymous(r.vertx(), r.httpPort()).post("/api/callbacks",
                new JsonObject().put("name", "Callback " + phone).put("phone", phone).put("queueId", "sales"));
        if (answer.statusCode() == 202 && answer.bodyAsJsonObject().getString("interactionId") != null) {
            r.ledger().ack(r.number(), Ack.Kind.CALLBACK, null, answer.bodyAsJsonObject().getString("interactionId"),
                    answer.bodyAsJsonObject(), sent);
        } else {
            r.ledger().count("callback refused " + answer.statusCode());
        }
    }

    private void mail(RoundContext r, String token) {
        try {
            Properties p = new Properties();
            p.put("mail.smtp.host", "127.0.0.1");
            p.put("mail.smtp.port", String.valueOf(mail.getSmtp().getPort()));
            MimeMessage m = new MimeMessage(Session.getInstance(p));
            m.setFrom(new InternetAddress(token + "@customers.test"));
            m.setRecipients(Message.RecipientType.TO, CrashConfig.MAILBOX);
            m.setSubject("Question " + token, "UTF-8");
            m.setText("Hello, a question about my order (" + token + ").", "UTF-8");
            m.saveChanges();
            try (Transport t = m.getSession().getTransport("smtp")) {
                t.connect();
                t.sendMessage(m, m.getAllRecipients());
            }
            r.ledger().count("mails sent");
        } catch (MessagingException e) {
            r.ledger().count("mail not sent: " + e.getClass().getSimpleName());
        }
    }

    /** The automatic acknowledgements with a ticket that reached customers: each an acknowledged mail. */
    void collectMailAcks(int round, Ledger ledger) throws MessagingException {
        for (MimeMessage m : mail.getReceivedMessages()) {
            String subject = m.getSubject();
            Matcher t = subject == null ? null : TICKET.matcher(subject);
            if (t != null && t.find() && ticketsSeen.add(t.group(1))) {
                ledger.ack(round, Ack.Kind.EMAIL_TAKEN, null, t.group(1), new JsonObject().put("subject", subject),
                        m.getSentDate() == null ? Instant.now() : m.getSentDate().toInstant());
            }
        }
    }

    /** Tokens of the mails the server marked seen (taken in) and that were not checked yet. */
    List<String> newlySeenTokens() throws Exception {
        List<String> tokens = new ArrayList<>();
        var user = mail.getUserManager().getUser(CrashConfig.MAILBOX);
        for (StoredMessage s : mail.getManagers().getImapHostManager().getInbox(user).getMessages()) {
            if (s.isSet(Flags.Flag.SEEN)) {
                String subject = s.getMimeMessage().getSubject();
                String token = subject == null ? null : subject.replaceFirst(".*(crashmail\\w+).*", "$1");
                if (token != null && token.startsWith("crashmail") && seenTokensChecked.add(token)) {
                    tokens.add(token);
                }
            }
        }
        return tokens;
    }

    /** After the kill: the callers' calls are gone with the server (no BYE to a dead peer). */
    void detach() {
        if (callers != null) {
            callers.close();
            callers = null;
        }
    }
}
