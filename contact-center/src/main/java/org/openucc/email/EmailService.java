package org.openucc.email;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import jakarta.mail.MessagingException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openucc.auth.AccessDeniedException;
import org.openucc.auth.Caller;
import org.openucc.chat.AgentChannel;
import org.openucc.chat.TranscriptMailer;
import org.openucc.config.EmailConfig;
import org.openucc.crm.Customer;
import org.openucc.crm.CustomerMatch;
import org.openucc.crm.Ids;
import org.openucc.crm.LookupKey;
import org.openucc.crm.NotFoundException;
import org.openucc.fault.StateConflictException;
import org.openucc.fault.UnavailableException;
import org.openucc.intake.InteractionIntake;
import org.openucc.interaction.Channel;
import org.openucc.interaction.Tier;
import org.openucc.log.InteractionSummary;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;
import org.openucc.message.MessageStore;
import org.openucc.message.TranscriptMessage;
import org.openucc.message.TranscriptMessage.Attachment;
import org.openucc.message.TranscriptMessage.MailHeaders;
import org.openucc.routing.InteractionView;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingPort;
import org.openucc.store.StoreServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The email channel: a new mail thread becomes an EMAIL interaction routed by the rules; a reply in a
 * thread (In-Reply-To / References, or the ticket tag in the subject) joins the interaction that is
 * still open, or starts the thread's next one for the agent who answered it; agents' replies go out
 * with threading headers. Every mail is stored (transcript, attachments on disk) before the ACD sees
 * its interaction, and taking a mail twice does nothing the second time. Blocking throughout.
 */
public final class EmailService implements TranscriptMailer {
    private static final Logger log = LoggerFactory.getLogger(EmailService.class);
    private static final Pattern TICKET = Pattern.compile("\\[#(int-[A-Za-z0-9_-]+)]");
    private static final String TICKET_ATTRIBUTE = "email.ticket";

    private final EmailConfig config;
    private final MailSender sender;
    private final EmailRouter router;
    private final InteractionIntake intake;
    private final StoreServices store;
    private final MessageStore messages;
    private final RoutingPort routing;
    private final AgentChannel agents;
    private final InstantSource clock;
    private final Ids ids;

    EmailService(EmailConfig config, MailSender sender, InteractionIntake intake, StoreServices store,
                 MessageStore messages, RoutingPort routing, AgentChannel agents, InstantSource clock) {
        this.config = config;
        this.sender = sender;
        this.router = new EmailRouter(config);
        this.intake = intake;
        this.store = store;
        this.messages = messages;
        this.routing = routing;
        this.agents = agents;
        this.clock = clock;
        this.ids = new Ids(clock);
    }

    /**
     * Takes one mail in (idempotent by Message-ID). Throws if it could not be stored: the caller retries.
     * A mail taken again after a crash part-way (stored, but its interaction not created or not logged)
     * is finished, not taken a second time.
     */
    public synchronized void receive(InboundMail mail) {
        Optional<TranscriptMessage> taken = messages.byMailId(mail.messageId());
        if (taken.isPresent()) {
            finish(mail, taken.get());
            return;
        }
        store.interactionLog().admit(); // while the log is behind or cannot write the mail stays with the caller
        Optional<Customer> customer = customer(mail.fromAddress());
        Optional<TranscriptMessage> earlier = thread(mail);
        if (earlier.isPresent()) {
            String previous = earlier.get().interactionId();
            InteractionView live = routing.send(new RoutingCommand.GetInteraction(previous)).toCompletableFuture().join().orElse(null);
            if (live != null) {
                TranscriptMessage m = keep(mail, previous, customer.map(Customer::id).orElse(live.customerId()));
                logReceived(m);
                if (live.agentId() != null) {
                    agents.send(live.agentId(), JsonNodeFactory.instance.objectNode().put("type", "emailMessage").put("interactionId", previous)
                            .put("messageId", m.id()).put("from", mail.fromAddress()).put("subject", mail.subject())
                            .toString());
                }
                return;
            }
            String id = intake.newId();
            TranscriptMessage m = keep(mail, id, customer.map(Customer::id).orElse(customerOf(previous)));
            createInThread(mail, m, previous);
            logReceived(m);
            return;
        }
        String id = intake.newId();
        TranscriptMessage m = keep(mail, id, customer.map(Customer::id).orElse(null));
        createNew(mail, m);
        logReceived(m);
    }

    /**
     * The mail is stored already: a crash (or a failure) came after that. Creates its interaction if the log
     * has none yet, and logs its arrival if the log does not have it: the mail ends up as if taken once.
     */
    private void finish(InboundMail mail, TranscriptMessage m) {
        String id = m.interactionId();
        List<LogEvent> timeline = store.interactionLog().timeline(id);
        boolean created = timeline.stream().anyMatch(e -> e.type() == LogEventType.INTERACTION_CREATED);
        boolean logged = timeline.stream().anyMatch(e -> e.type() == LogEventType.MESSAGE_RECEIVED
                && m.id().equals(e.detail("messageId")));
        if (created && logged) {
            log.debug("Mail {} was taken in before", mail.messageId());
            return;
        }
        store.interactionLog().admit(); // as for a new mail: refused while the log cannot take what follows
        if (!created) {
            log.info("Mail {} was stored as {} but its interaction was not created (stopped part-way); creating it now",
                    mail.messageId(), id);
            Optional<TranscriptMessage> earlier = thread(mail).filter(e -> !e.interactionId().equals(id));
            if (earlier.isPresent()) {
                createInThread(mail, m, earlier.get().interactionId());
            } else {
                createNew(mail, m);
            }
        }
        logReceived(m);
    }

    /** A new thread: routed by the rules, acknowledged to the customer. */
    private void createNew(InboundMail mail, TranscriptMessage m) {
        String id = m.interactionId();
        Tier tier = m.customerId() == null ? null : store.customers().find(m.customerId()).map(Customer::tier).orElse(null);
        EmailRouter.Route route = router.route(mail, tier);
        create(mail, id, route.queue(), route.skills(), route.priority(), m.customerId(), null, id, null);
        if (config.acknowledge() && !mail.automatic() && mail.fromAddress() != null
                && !mail.fromAddress().equalsIgnoreCase(config.address())) {
            acknowledge(mail, id, m.customerId());
        }
    }

    /** The thread's next interaction (its earlier one is over): same queue, offered to the agent who had it. */
    private void createInThread(InboundMail mail, TranscriptMessage m, String previous) {
        InteractionSummary before = store.interactionLog().summary(previous).orElse(null);
        String queue = before != null && before.queueId() != null ? before.queueId()
                : router.route(mail, m.customerId() == null ? null
                        : store.customers().find(m.customerId()).map(Customer::tier).orElse(null)).queue();
        create(mail, m.interactionId(), queue, Map.of(), 0, m.customerId(), before == null ? null : before.agentId(),
                ticketOf(previous), previous);
    }

    private String customerOf(String interactionId) {
        return store.interactionLog().summary(interactionId).map(InteractionSummary::customerId).orElse(null);
    }

    /** The agent who holds the email interaction answers the customer's last mail in it. */
    public TranscriptMessage reply(Caller caller, String interactionId, String text) {
        InteractionView v = routing.send(new RoutingCommand.GetInteraction(interactionId)).toCompletableFuture().join().orElse(null);
        if (v == null) {
            throw new NotFoundException("open email interaction", interactionId);
        }
        if (v.channel() != Channel.EMAIL) {
            throw new StateConflictException("interaction " + interactionId + " is a " + v.channel()
                    + " interaction; replies are for email");
        }
        if (caller.agentId() == null || !caller.agentId().equals(v.agentId())) {
            throw new AccessDeniedException("interaction " + interactionId + " is not in your hands");
        }
        store.interactionLog().admit(); // refused before the mail goes out while the log cannot take its record
        TranscriptMessage last = null;
        for (TranscriptMessage m : messages.transcript(interactionId)) {
            if (m.direction() == TranscriptMessage.Direction.IN && m.mail() != null) {
                last = m;
            }
        }
        if (last == null) {
            throw new StateConflictException("interaction " + interactionId + " has no mail from the customer to answer");
        }
        MailHeaders to = last.mail();
        List<String> references = new ArrayList<>(to.references());
        references.add(to.messageId());
        String subject = subject(to.subject(), ticketOf(interactionId));
        return send(interactionId, v.customerId(), caller.agentId(), to.from(), subject, text, to.messageId(),
                trim(references), false);
    }

    @Override
    public void sendTranscript(String to, String subject, String text) {
        try {
            sender.send(new MailSender.Outbound(sender.newMessageId(), to, subject, text, null, List.of(), true));
        } catch (MessagingException e) {
            throw new IllegalStateException("the SMTP server did not take the mail: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ thread and customer

    private Optional<TranscriptMessage> thread(InboundMail mail) {
        List<String> candidates = new ArrayList<>();
        if (mail.inReplyTo() != null) {
            candidates.addAll(MailParser.ids(mail.inReplyTo()));
        }
        List<String> refs = new ArrayList<>(mail.references());
        java.util.Collections.reverse(refs); // the newest reference is the likeliest to be ours
        candidates.addAll(refs);
        for (String id : candidates) {
            Optional<TranscriptMessage> m = messages.byMailId(id);
            if (m.isPresent()) {
                return m;
            }
        }
        Matcher t = TICKET.matcher(mail.subject());
        if (t.find()) {
            return messages.transcript(t.group(1)).stream().findFirst();
        }
        return Optional.empty();
    }

    private Optional<Customer> customer(String address) {
        if (address == null) {
            return Optional.empty();
        }
        return store.customers().lookup(LookupKey.email(address)).map(CustomerMatch::customer);
    }

    /** The ticket reference of the thread an interaction belongs to (its first interaction's id). */
    private String ticketOf(String interactionId) {
        for (LogEvent e : store.interactionLog().timeline(interactionId)) {
            if (e.type() == LogEventType.INTERACTION_CREATED && e.detail("attr." + TICKET_ATTRIBUTE) != null) {
                return e.detail("attr." + TICKET_ATTRIBUTE);
            }
        }
        return interactionId;
    }

    // ------------------------------------------------------------------ storing and sending

    private TranscriptMessage keep(InboundMail mail, String interactionId, String customerId) {
        String id = ids.next("msg");
        List<Attachment> files = new ArrayList<>();
        for (int i = 0; i < mail.attachments().size(); i++) {
            InboundMail.Part p = mail.attachments().get(i);
            files.add(save(interactionId, id, i, p));
        }
        TranscriptMessage m = new TranscriptMessage(id, interactionId, Channel.EMAIL.name(), customerId,
                TranscriptMessage.Direction.IN, mail.fromName() != null ? mail.fromName() : mail.fromAddress(),
                mail.text(), mail.html(), new MailHeaders(mail.subject(), mail.messageId(), mail.inReplyTo(),
                mail.references(), mail.fromAddress(), mail.to()), files, clock.instant());
        messages.add(m);
        return m;
    }

    /** The mail's arrival in the log, after its interaction's creation (so a crash never leaves one without the other). */
    private void logReceived(TranscriptMessage m) {
        MailHeaders h = m.mail();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("messageId", m.id());
        d.put("mailId", h.messageId());
        d.put("subject", h.subject());
        d.put("attachments", m.attachments().size());
        store.interactionLog().append(new NewLogEvent(m.at(), LogEventType.MESSAGE_RECEIVED, m.interactionId(), null,
                null, m.customerId(), h.from(), d)).join();
    }

    private Attachment save(String interactionId, String messageId, int index, InboundMail.Part p) {
        if (p.tooLarge()) {
            return new Attachment(p.name(), p.type(), p.size(), null);
        }
        String safe = p.name().replaceAll("[^A-Za-z0-9._-]", "_");
        safe = safe.length() > 100 ? safe.substring(safe.length() - 100) : safe;
        // In the message store, not on this node's disk: every node of a cluster serves it, none is lost with a node.
        String path = "attachments/" + interactionId + "/" + messageId + "-" + index + "-" + safe;
        messages.keepFile(path, interactionId, p.bytes(), clock.instant());
        return new Attachment(p.name(), p.type(), p.size(), path);
    }

    private void create(InboundMail mail, String id, String queue, Map<String, Integer> skills, int priority,
                        String customerId, String preferredAgent, String ticket, String threadOf) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("email.subject", mail.subject());
        context.put("email.from", mail.fromAddress() == null ? "" : mail.fromAddress());
        context.put(TICKET_ATTRIBUTE, ticket);
        if (threadOf != null) {
            context.put("email.threadOf", threadOf);
        }
        try (org.slf4j.MDC.MDCCloseable mdc = org.slf4j.MDC.putCloseable("interaction", id)) {
            log.info("Mail {} from {} is interaction {} in queue {}{}", mail.messageId(), mail.fromAddress(), id, queue,
                    threadOf == null ? "" : " (thread of " + threadOf + ")");
            intake.create(new InteractionIntake.Request(Channel.EMAIL, queue, "INBOUND", customerId, null,
                    mail.fromAddress(), null, null, skills, priority, preferredAgent, context), id);
        }
    }

    private void acknowledge(InboundMail mail, String interactionId, String customerId) {
        List<String> references = new ArrayList<>(mail.references());
        references.add(mail.messageId());
        String text = "Thank you for your message. We have received it under the reference " + interactionId
                + " and will answer as soon as we can. Please keep [#" + interactionId + "] in the subject when you write"
                + " about this again.";
        try {
            send(interactionId, customerId, null, mail.fromAddress(), subject(mail.subject(), interactionId), text,
                    mail.messageId(), trim(references), true);
        } catch (RuntimeException e) {
            // The mail itself is in: a failed acknowledgement is logged, not a reason to take the mail again.
            log.warn("Acknowledgement of {} could not be sent: {}", interactionId, e.toString());
        }
    }

    private TranscriptMessage send(String interactionId, String customerId, String agentId, String to, String subject,
                                   String text, String inReplyTo, List<String> references, boolean automatic) {
        String mailId = sender.newMessageId();
        try {
            sender.send(new MailSender.Outbound(mailId, to, subject, text, inReplyTo, references, automatic));
        } catch (MessagingException e) {
            throw UnavailableException.peer("the SMTP server did not take the mail: " + e.getMessage());
        }
        TranscriptMessage m = new TranscriptMessage(ids.next("msg"), interactionId, Channel.EMAIL.name(), customerId,
                TranscriptMessage.Direction.OUT, agentId == null ? "auto-acknowledgement" : agentId, text, null,
                new MailHeaders(subject, mailId, inReplyTo, references, config.address(), List.of(to)), List.of(),
                clock.instant());
        messages.add(m);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("messageId", m.id());
        d.put("mailId", mailId);
        d.put("to", to);
        store.interactionLog().append(new NewLogEvent(m.at(), LogEventType.MESSAGE_SENT, interactionId, agentId, null,
                customerId, agentId, d)).join();
        return m;
    }

    /** "Re: subject [#ticket]", without piling up Re: prefixes or tags. */
    static String subject(String original, String ticket) {
        String s = original == null ? "" : original.strip();
        s = s.replaceAll("(?i)^((re|aw|fwd?)\\s*:\\s*)+", "");
        String tag = "[#" + ticket + "]";
        return "Re: " + (s.contains(tag) ? s : s + " " + tag).strip();
    }

    /** References may grow without bound; keep the first and the last ones (RFC 5322 §3.6.4 allows trimming). */
    private static List<String> trim(List<String> references) {
        if (references.size() <= 20) {
            return references;
        }
        List<String> out = new ArrayList<>(references.subList(0, 1));
        out.addAll(references.subList(references.size() - 19, references.size()));
        return out;
    }
}
