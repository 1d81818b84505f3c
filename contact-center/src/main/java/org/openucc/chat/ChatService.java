package org.openucc.chat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openucc.auth.AccessDeniedException;
import org.openucc.auth.Caller;
import org.openucc.config.ChatConfig;
import org.openucc.config.ChatTopic;
import org.openucc.config.MaxWaitAction;
import org.openucc.crm.NotFoundException;
import org.openucc.fault.InvalidInputException;
import org.openucc.fault.LimitExceededException;
import org.openucc.fault.StateConflictException;
import org.openucc.fault.UnavailableException;
import org.openucc.limits.RateLimiter;
import org.openucc.limits.Rejections;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEventType;
import org.openucc.message.MessageStore;
import org.openucc.message.TranscriptMessage;
import org.openucc.routing.InteractionView;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingEventSink;
import org.openucc.routing.RoutingPort;
import org.openucc.concurrent.SerialExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web chat: starts chats as CHAT interactions, carries lines, typing and receipts between the
 * visitor's widget and the agent's console, keeps the transcript (store + interaction log), follows
 * the ACD's events (queue position, agent joined, ended, transferred) and holds a chat open for a
 * while when the visitor's page reloads so they can resume it with their token.
 */
public final class ChatService implements RoutingEventSink {
    private static final Logger log = LoggerFactory.getLogger(ChatService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Why a chat whose start the server did not finish ends after a restart. */
    static final String NEVER_STARTED = "server restarted while the chat was starting; the visitor never got it";

    private final ChatConfig config;
    private final Map<String, String> agentNames;
    private final RoutingPort routing;
    private final ChatIntake intake;
    private final ChatRecord record;
    private final AgentChannel agents;
    private final Executor workers;
    private final ScheduledExecutorService timers;
    private final RateLimiter starts;
    private final RateLimiter lines;
    private final ChatFiles files;
    private final IdentityToken identities;
    private final ChatSessionStore stored;
    private final InstantSource clock;
    private final Rejections rejections;
    private final AttachmentQuota quota;
    private final TypingCoalescer typing;
    private final ChatSupervision supervision;
    private final Map<String, ChatSession> byId = new ConcurrentHashMap<>();
    private final Map<String, ChatSession> byToken = new ConcurrentHashMap<>();
    /**
     * Agents who took a chat before its session was registered (a race the engine allows). In a cluster it also
     * holds the chats in agents' hands that other nodes carry (this node hears every routing event).
     */
    private final Map<String, String> earlyConnects = new ConcurrentHashMap<>();
    /** The cluster's other nodes; null on a single node. */
    private volatile ChatNodes nodes;
    /** Where the transcripts are read when a chat comes back (set by {@link #restore}). */
    private volatile MessageStore transcripts;
    /** Chats other nodes carry, by interaction: the node last seen carrying each (a cache of the store). */
    private final Map<String, String> carriers = new ConcurrentHashMap<>();
    /** Taking a chat over (from the store, registering it here) happens one at a time on this node. */
    private final Object taking = new Object();

    public ChatService(ChatConfig config, Map<String, String> agentNames, RoutingPort routing, ChatIntake intake,
                       MessageStore messages, InteractionLog interactionLog, AgentChannel agents,
                       TranscriptMailer mailer, Executor workers, ScheduledExecutorService timers, InstantSource clock,
                       java.nio.file.Path dataDir, String identitySecret, ChatSessionStore stored,
                       Rejections rejections) {
        this.config = config;
        this.stored = stored;
        this.clock = clock;
        this.agentNames = Map.copyOf(agentNames);
        this.routing = routing;
        this.intake = intake;
        this.record = new ChatRecord(messages, interactionLog, mailer, clock);
        this.agents = agents;
        this.workers = workers;
        this.timers = timers;
        this.starts = new RateLimiter(config.maxStartsPerMinutePerAddress(), Duration.ofMinutes(1), clock);
        this.lines = new RateLimiter(config.maxMessagesPerMinute(), Duration.ofMinutes(1), clock);
        this.files = new ChatFiles(messages, dataDir, config.maxAttachmentBytes(), config.attachmentTypes(), clock);
        this.identities = identitySecret == null || identitySecret.isBlank() ? null
                : new IdentityToken(identitySecret, clock);
        this.rejections = rejections;
        this.quota = new AttachmentQuota(config.maxAttachmentBytesPerChat(), config.maxAttachmentBytesPerDay(), clock,
                rejections);
        this.typing = new TypingCoalescer(config.typingInterval(), clock, timers);
        this.supervision = new ChatSupervision(config, record, agents, this.agentNames, byId::get, clock, rejections);
        // Files past their retention go, once an hour (first a minute after start), on a worker: disk I/O.
        timers.scheduleWithFixedDelay(() -> workers.execute(() -> files.deleteOlderThan(
                clock.instant().minus(config.attachmentRetention()))), 1, 60, TimeUnit.MINUTES);
    }

    public ChatConfig config() {
        return config;
    }

    /** Supervisors on chats: monitor, whisper, join. */
    public ChatSupervision supervision() {
        return supervision;
    }

    /** The chats open now with who has and who monitors each (supervisors and admins only). */
    public List<Map<String, Object>> openChatList(Caller caller) {
        return supervision.openChats(caller, byId.values());
    }

    /**
     * The open chats of the whole cluster (of this server on a single node): each live node's list, each row with the
     * node that carries it ({@code node}) in a cluster. Fails with an {@code UnavailableException} if a node does not
     * answer in time.
     */
    public CompletableFuture<List<Map<String, Object>>> clusterOpenChatList(Caller caller) {
        ChatNodes cluster = nodes;
        List<Map<String, Object>> here;
        try {
            here = cluster == null ? openChatList(caller) : openChatsCarriedHere(caller);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (cluster == null) {
            return CompletableFuture.completedFuture(here);
        }
        List<CompletableFuture<Object>> others = cluster.liveNodes().stream().filter(n -> !n.equals(cluster.nodeId()))
                .sorted().map(n -> cluster.ask(n, new ChatNodes.OpenChats(caller))).toList();
        return CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).thenApply(x -> {
            List<Map<String, Object>> all = new java.util.ArrayList<>(here);
            for (CompletableFuture<Object> f : others) {
                if (f.join() instanceof List<?> rows) {
                    for (Object row : rows) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> r = (Map<String, Object>) row;
                        all.add(r);
                    }
                }
            }
            return all;
        });
    }

    /** This node's open chats, each with this node's id. */
    private List<Map<String, Object>> openChatsCarriedHere(Caller caller) {
        List<Map<String, Object>> rows = openChatList(caller);
        rows.forEach(r -> r.put("node", nodes.nodeId()));
        return rows;
    }

    /** Chats open now (waiting or connected), for health. */
    public long openChats() {
        return byId.values().stream().filter(s -> s.state != ChatSession.State.ENDED).count();
    }

    // ------------------------------------------------------------------ visitor side

    /** Checks the form and the limits, then creates the interaction on a worker; the peer gets "started". */
    public CompletableFuture<ChatSession> start(PreChat typed, String identityToken, String address, VisitorPeer peer) {
        PreChat form;
        try {
            form = identified(typed, identityToken);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        ChatTopic topic = config.topics().stream().filter(t -> t.id().equals(form.topic())).findFirst().orElse(null);
        if (topic == null) {
            return CompletableFuture.failedFuture(InvalidInputException.field("topic", "'" + form.topic()
                    + "' is not a topic; use one of " + config.topics().stream().map(ChatTopic::id).toList()));
        }
        long open = byId.values().stream().filter(s -> s.state != ChatSession.State.ENDED
                && s.clientAddress.equals(address)).count();
        if (open >= config.maxChatsPerAddress()) {
            rejections.count("chat", "chats-per-address");
            return CompletableFuture.failedFuture(new LimitExceededException("you already have " + open
                    + " chats open; finish one first", null));
        }
        if (!starts.tryAcquire(address)) {
            rejections.count("chat", "starts-per-address");
            return CompletableFuture.failedFuture(new LimitExceededException("too many chats started; try again in "
                    + starts.retryAfterSeconds(address) + " s", Duration.ofSeconds(starts.retryAfterSeconds(address))));
        }
        return CompletableFuture.supplyAsync(() -> intake.start(form, topic, address), workers).thenApply(started -> {
            String token = token();
            ChatSession s = new ChatSession(started.interactionId(), token, hash(token), form, topic.queue(), address,
                    started.customerId(), new SerialExecutor(workers, "chat " + started.interactionId()));
            if ("REJECTED".equals(started.state())) {
                s.state = ChatSession.State.ENDED;
                if (started.reason() != null && started.reason().startsWith("closed")) {
                    throw UnavailableException.here("we are closed now (outside our business hours), so no agent"
                            + " can chat with you; please come back during our opening hours or write us an email");
                }
                throw UnavailableException.here("all our agents are busy and the chat queue is full; please try"
                        + " again later or write us an email");
            }
            s.position = started.position();
            s.estimatedWaitMillis = started.estimatedWaitMillis();
            s.peers.add(peer);
            try (org.slf4j.MDC.MDCCloseable mdc = org.slf4j.MDC.putCloseable("interaction", s.interactionId)) {
                log.info("Chat {} started from {} on topic {} ({})", s.interactionId, address, topic.id(),
                        s.customerId == null ? "anonymous visitor" : "customer " + s.customerId);
            }
            keep(s);
            byId.put(s.interactionId, s);
            byToken.put(s.tokenHash, s);
            peer.send(ChatMessages.started(s));
            String early = earlyConnects.remove(s.interactionId);
            if (early != null) {
                connected(s, early);
            }
            return s;
        });
    }

    /** The form with the identity the host site signed, if a token came (it wins over what was typed). */
    private PreChat identified(PreChat typed, String token) {
        if (token == null) {
            return typed;
        }
        if (identities == null) {
            throw new InvalidInputException("this server takes no identity tokens (channels.chat.identitySecretEnv)");
        }
        IdentityToken.Identity who = identities.verify(token);
        return new PreChat(who.name() != null ? who.name() : typed.name(), who.email(), who.phone(), typed.topic(),
                typed.pages(), typed.currentPage(), true);
    }

    /** The visitor came back (reload, network blip) with the token from "started". */
    public ChatSession resume(String resumeToken, VisitorPeer peer) {
        ChatSession s = resumeToken == null || resumeToken.length() > 100 ? null : byToken.get(hash(resumeToken));
        if (s == null) {
            throw new NotFoundException("chat", "with this resume token");
        }
        synchronized (s) {
            if (s.leaveTimer != null) {
                s.leaveTimer.cancel(false);
                s.leaveTimer = null;
            }
            s.peers.add(peer);
            peer.send(ChatMessages.resumed(s, s.agentId == null ? null : agentNames.get(s.agentId)));
            if (s.agentId != null && s.state == ChatSession.State.CONNECTED) {
                agents.send(s.agentId, ChatMessages.visitorBack(s.interactionId));
            }
        }
        return s;
    }

    /** A line from the visitor: stored, logged, then passed to the agent; receipts "sent" and "delivered". */
    public void visitorLine(ChatSession s, VisitorPeer from, String clientId, String text) {
        requireOpen(s);
        checkLength(text);
        if (!lines.tryAcquire(s.interactionId)) {
            rejections.count("chat", "messages-per-minute");
            throw new LimitExceededException("you are sending messages too fast; wait "
                    + lines.retryAfterSeconds(s.interactionId) + " s", Duration.ofSeconds(lines.retryAfterSeconds(s.interactionId)));
        }
        record.admit();
        TranscriptMessage m = record.line(s, TranscriptMessage.Direction.IN, s.form.name(), text);
        typing.lineSent(s.interactionId, "visitor");
        s.serial.execute(() -> {
            try {
                record.store(s, m, LogEventType.MESSAGE_RECEIVED);
            } catch (RuntimeException e) {
                log.error("Chat line of {} could not be stored", s.interactionId, e);
                from.send(ChatMessages.error(clientId, 500, "Internal Server Error", "your message could not be saved;"
                        + " please send it again"));
                return;
            }
            s.toVisitor(ChatMessages.receipt(clientId, m.id(), "sent"));
            supervision.line(s, m);
            String agentId;
            synchronized (s) {
                agentId = s.agentId;
            }
            if (agentId != null) {
                agents.send(agentId, ChatMessages.agentLine(s.interactionId, m))
                        .thenRun(() -> s.toVisitor(ChatMessages.receipt(null, m.id(), "delivered")));
            }
        });
    }

    /** The chat of a resume token (the visitor's credential for uploads), if it is still known. */
    public ChatSession byToken(String resumeToken) {
        ChatSession s = resumeToken == null || resumeToken.length() > 100 ? null : byToken.get(hash(resumeToken));
        if (s == null) {
            throw new org.openucc.auth.NotAuthenticatedException("no chat has this token; start or resume a chat first");
        }
        return s;
    }

    /** A file from the visitor: checked (type, size, content), kept, and passed to the agent like a line. */
    public CompletableFuture<TranscriptMessage> visitorFile(ChatSession s, String name, String type, byte[] bytes) {
        try {
            requireOpen(s);
            if (!lines.tryAcquire(s.interactionId)) {
                rejections.count("chat", "messages-per-minute");
                throw new LimitExceededException("you are sending too fast; wait "
                        + lines.retryAfterSeconds(s.interactionId) + " s", Duration.ofSeconds(lines.retryAfterSeconds(s.interactionId)));
            }
            record.admit();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<String> visitor = visitorKeys(s);
        try {
            quota.reserve(s.interactionId, visitor, bytes.length);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        String id = record.newId();
        CompletableFuture<TranscriptMessage> done = new CompletableFuture<>();
        s.serial.execute(() -> {
            TranscriptMessage m;
            TranscriptMessage.Attachment file = null;
            try {
                file = files.keep(s.interactionId, id, name, type, bytes);
                m = record.file(s, id, file);
                record.store(s, m, LogEventType.MESSAGE_RECEIVED);
            } catch (RuntimeException e) {
                // Not kept: the bytes go back to the quota and no file stays behind.
                quota.release(s.interactionId, visitor, bytes.length);
                if (file != null) {
                    files.discard(file);
                }
                done.completeExceptionally(e);
                return;
            }
            done.complete(m);
            s.toVisitor(ChatMessages.visitorLine(m));
            supervision.line(s, m);
            String agentId = s.agentId;
            if (agentId != null) {
                agents.send(agentId, ChatMessages.agentLine(s.interactionId, m))
                        .thenRun(() -> s.toVisitor(ChatMessages.receipt(null, m.id(), "delivered")));
            }
        });
        return done;
    }

    /**
     * Files the visitor could still send: refuses at once a file of {@code declaredBytes} (the upload's
     * Content-Length) that is over a quota, before its body is read.
     */
    public void checkAttachmentQuota(ChatSession s, long declaredBytes) {
        quota.check(s.interactionId, visitorKeys(s), declaredBytes);
    }

    /** Who sends files, for the daily quota: the client address, and the customer once the web site vouched for them. */
    private static List<String> visitorKeys(ChatSession s) {
        return s.form.verified() && s.customerId != null
                ? List.of("address:" + s.clientAddress, "customer:" + s.customerId)
                : List.of("address:" + s.clientAddress);
    }

    /** The visitor is typing, or stopped: the agent hears it coalesced (at most once per typingInterval). */
    public void visitorTyping(ChatSession s, boolean typing) {
        if (s.agentId != null && s.state == ChatSession.State.CONNECTED) {
            this.typing.typing(s.interactionId, "visitor", typing, now -> {
                String agentId = s.agentId;
                if (agentId != null && s.state == ChatSession.State.CONNECTED) {
                    agents.send(agentId, ChatMessages.agentTyping(s.interactionId, now));
                }
            });
        }
    }

    /** The visitor has read the agent's line (and those before it). */
    public void visitorRead(ChatSession s, String messageId) {
        TranscriptMessage m = s.find(messageId);
        if (m == null) {
            throw InvalidInputException.field("messageId", "'" + messageId + "' is not a message of this chat");
        }
        String agentId = s.agentId;
        if (agentId != null) {
            agents.send(agentId, ChatMessages.agentReceipt(s.interactionId, messageId, "read"));
        }
    }

    /** The visitor closed the chat: the interaction ends (abandoned if no agent had it yet). */
    public CompletableFuture<Void> visitorEnd(ChatSession s) {
        if (s.state == ChatSession.State.ENDED) {
            return CompletableFuture.completedFuture(null);
        }
        return routing.send(new RoutingCommand.End(s.interactionId, "visitor ended the chat")).toCompletableFuture();
    }

    /** The satisfaction rating (1..5), once per chat. */
    public CompletableFuture<Void> rate(ChatSession s, int score, String comment) {
        return record.rate(s, score, comment);
    }

    /** The visitor wants the transcript by email; it goes out when the chat ends (at once if it has). */
    public void requestTranscript(ChatSession s, String email) {
        if (!record.canMail()) {
            throw UnavailableException.here("transcripts by email are not available here (no mailbox is configured)");
        }
        String to = email != null ? email : s.form.email();
        if (to == null || !to.contains("@")) {
            throw InvalidInputException.field("email", "give the address the transcript should go to");
        }
        boolean now;
        synchronized (s) {
            s.transcriptTo = to;
            now = s.state == ChatSession.State.ENDED;
        }
        if (now) {
            record.mail(s);
        }
    }

    /** The socket closed; the chat waits {@code resumeWindow} for the visitor to come back, then ends. */
    public void visitorGone(ChatSession s, VisitorPeer peer) {
        synchronized (s) {
            s.peers.remove(peer);
            if (!s.peers.isEmpty() || s.leaveTimer != null || s.handedOver) {
                return;
            }
            s.leaveTimer = timers.schedule(() -> leave(s), config.resumeWindow().toMillis(), TimeUnit.MILLISECONDS);
            if (s.agentId != null && s.state == ChatSession.State.CONNECTED) {
                agents.send(s.agentId, ChatMessages.visitorLeft(s.interactionId, "connection lost; may come back"));
            }
        }
    }

    private void leave(ChatSession s) {
        synchronized (s) {
            s.leaveTimer = null;
            if (!s.peers.isEmpty() || s.handedOver) {
                return;
            }
        }
        if (s.state != ChatSession.State.ENDED) {
            routing.send(new RoutingCommand.End(s.interactionId, "visitor left")).exceptionally(failure -> {
                log.debug("Chat {} had already ended when its visitor left: {}", s.interactionId, failure.toString());
                return null;
            });
        } else {
            forget(s);
        }
    }

    // ------------------------------------------------------------------ restart

    /** Stores the chat (hash of its token) before the visitor hears of it, so it outlives a restart. */
    private void keep(ChatSession s) {
        try {
            stored.save(new ChatSessionStore.StoredChat(s.interactionId, s.tokenHash, s.form, s.queueId,
                    s.clientAddress, s.customerId, clock.instant()));
        } catch (RuntimeException e) {
            routing.send(new RoutingCommand.End(s.interactionId, "chat could not be stored"));
            throw e;
        }
    }

    /**
     * At start: brings back the chats that were open before a restart, with their transcript, so the
     * visitor's resume token works again. Each waits {@code resumeWindow} for its visitor to come back,
     * like a chat whose page reloaded. Returns how many came back.
     */
    public int restore(MessageStore transcripts) {
        this.transcripts = transcripts;
        ChatNodes cluster = nodes;
        int n = 0;
        if (cluster == null) {
            for (ChatSessionStore.StoredChat c : stored.open()) {
                bringBack(c, null, true, false);
                n++;
            }
        } else {
            // A cluster node brings back its own chats and those of nodes that are gone (one node gets each).
            // The running engine (another node's) knows where each stands; a node that recovers the engine at start
            // learns it from the recovery instead (recovered).
            boolean follow = !engineRecoveredHere.getAsBoolean();
            for (ChatSessionStore.Carried c : stored.openCarried()) {
                String from = c.nodeId();
                boolean mine = cluster.nodeId().equals(from);
                if (!mine && from != null && cluster.isLive(from)) {
                    continue;
                }
                synchronized (taking) {
                    if (mine || stored.move(c.chat().interactionId(), from, cluster.nodeId())) {
                        bringBack(c.chat(), null, true, follow);
                        n++;
                    }
                }
            }
        }
        if (n > 0) {
            log.info("{} open chats brought back after a restart", n);
        }
        return n;
    }

    /**
     * A stored chat registered on this node with its transcript; waiting {@code resumeWindow} for its visitor if asked;
     * and if asked, told by the engine where it stands (a resume waits for that).
     */
    private ChatSession bringBack(ChatSessionStore.StoredChat c, String token, boolean waitForVisitor, boolean follow) {
        ChatSession s = new ChatSession(c.interactionId(), token, c.tokenHash(), c.form(), c.queueId(),
                c.clientAddress(), c.customerId(), new SerialExecutor(workers, "chat " + c.interactionId()));
        synchronized (s) {
            s.messages.addAll(transcripts.transcript(c.interactionId()));
            // What the store kept says whether an agent had it: one who wrote a line did.
            s.agentTookPart = s.messages.stream().anyMatch(m -> m.direction() == TranscriptMessage.Direction.OUT && !m.internal() && !m.fromSupervisor());
            if (waitForVisitor) {
                s.leaveTimer = timers.schedule(() -> leave(s), config.resumeWindow().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        if (follow) {
            s.settled = new CompletableFuture<>();
        }
        byId.put(s.interactionId, s);
        byToken.put(s.tokenHash, s);
        carriers.remove(s.interactionId);
        if (follow) {
            follow(s);
        }
        return s;
    }

    /**
     * After the ACD's recovery: a chat brought back whose interaction did not go back into the ACD (it
     * had ended, or could not be queued) ends for its visitor; a chat interaction that went back without
     * a stored chat (the server stopped between creating it and storing it, so its visitor never got a
     * token and nobody can join it) ends too, instead of being offered to an agent with nobody there.
     */
    public void recovered(java.util.Collection<String> liveChats) {
        java.util.Set<String> live = java.util.Set.copyOf(liveChats);
        for (String id : live) {
            if (!byId.containsKey(id) && !(nodes != null && stored.carrier(id) != null)) {
                log.warn("Chat {} came back without its stored chat (the server stopped while it was starting);"
                        + " it ends", id);
                routing.send(new RoutingCommand.End(id, NEVER_STARTED)).exceptionally(failure -> {
                    log.debug("Chat {} had already ended: {}", id, failure.toString());
                    return null;
                });
            }
        }
        for (ChatSession s : List.copyOf(byId.values())) {
            if (s.resumeToken == null && !live.contains(s.interactionId)) {
                ended(s, "system", "the chat ended when the server restarted");
            }
        }
    }

    // ------------------------------------------------------------------ agent side

    /** A line from the agent who has the chat (console or REST). Completes with the stored line. */
    public CompletableFuture<TranscriptMessage> agentLine(Caller caller, String interactionId, String text) {
        if (carriedElsewhere(interactionId)) {
            return elsewhere(new ChatNodes.Line(interactionId, caller, text), false).thenApply(TranscriptMessage.class::cast);
        }
        return agentLineHere(caller, interactionId, text);
    }

    private CompletableFuture<TranscriptMessage> agentLineHere(Caller caller, String interactionId, String text) {
        ChatSession s;
        try {
            s = held(caller, interactionId);
            requireOpen(s);
            checkLength(text);
            record.admit();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        TranscriptMessage m = record.line(s, TranscriptMessage.Direction.OUT, agentNames.getOrDefault(s.agentId, s.agentId),
                text);
        typing.lineSent(s.interactionId, "agent");
        CompletableFuture<TranscriptMessage> done = new CompletableFuture<>();
        s.serial.execute(() -> {
            try {
                record.store(s, m, LogEventType.MESSAGE_SENT);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return;
            }
            done.complete(m);
            supervision.line(s, m);
            if (!s.peers.isEmpty()) {
                s.toVisitor(ChatMessages.visitorLine(m));
                agents.send(s.agentId, ChatMessages.agentReceipt(s.interactionId, m.id(), "delivered"));
            }
        });
        return done;
    }

    public CompletableFuture<Void> agentTyping(Caller caller, String interactionId, boolean typing) {
        if (carriedElsewhere(interactionId)) {
            return elsewhere(new ChatNodes.Typing(interactionId, caller, typing), false).thenApply(x -> null);
        }
        return agentTypingHere(caller, interactionId, typing);
    }

    private CompletableFuture<Void> agentTypingHere(Caller caller, String interactionId, boolean typing) {
        try {
            ChatSession s = held(caller, interactionId);
            this.typing.typing(interactionId, "agent", typing, now -> s.toVisitor(ChatMessages.typing(now)));
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public CompletableFuture<Void> agentRead(Caller caller, String interactionId, String messageId) {
        if (carriedElsewhere(interactionId)) {
            return elsewhere(new ChatNodes.Read(interactionId, caller, messageId), false).thenApply(x -> null);
        }
        return agentReadHere(caller, interactionId, messageId);
    }

    private CompletableFuture<Void> agentReadHere(Caller caller, String interactionId, String messageId) {
        try {
            ChatSession s = held(caller, interactionId);
            TranscriptMessage read = s.find(messageId);
            if (read == null || read.internal()) {
                throw InvalidInputException.field("messageId", "'" + messageId + "' is not a message of this chat");
            }
            s.toVisitor(ChatMessages.receipt(null, messageId, "read"));
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Whether the interaction is a chat this service carries (live or recently ended), or in a cluster one in an
     * agent's hands that another node carries.
     */
    public boolean isChat(String interactionId) {
        return byId.containsKey(interactionId) || nodes != null && earlyConnects.containsKey(interactionId);
    }

    private ChatSession held(Caller caller, String interactionId) {
        ChatSession s = byId.get(interactionId);
        if (s == null) {
            throw new NotFoundException("chat", interactionId);
        }
        if (caller.agentId() == null || !caller.agentId().equals(s.agentId)) {
            throw new AccessDeniedException("chat " + interactionId + " is not in your hands");
        }
        return s;
    }

    // ------------------------------------------------------------------ routing events (engine thread: quick)

    @Override
    public void accept(RoutingEvent event) {
        if (event instanceof RoutingEvent.OfferMade e) {
            ChatSession s = byId.get(e.interactionId());
            if (s != null) {
                ringing(s);
            }
        } else if (event instanceof RoutingEvent.InteractionConnected e) {
            ChatSession s = byId.get(e.interactionId());
            if (s != null) {
                connected(s, e.agentId());
            } else if (e.queueId() != null && isChatQueue(e.queueId())) {
                earlyConnects.put(e.interactionId(), e.agentId());
            }
        } else if (event instanceof RoutingEvent.InteractionEnded e) {
            earlyConnects.remove(e.interactionId()); // a chat made elsewhere (REST) is never registered here
            if (!"transferred".equals(e.reason())) {
                carriers.remove(e.interactionId());
            }
            ChatSession s = byId.get(e.interactionId());
            if (s != null) {
                if ("transferred".equals(e.reason())) {
                    synchronized (s) {
                        s.state = ChatSession.State.WAITING;
                        s.agentId = null;
                    }
                    s.toVisitor(ChatMessages.transferred());
                    supervision.agentChanged(s);
                } else {
                    ended(s, e.reason().startsWith("visitor") ? "visitor" : "agent", e.reason());
                }
            }
        } else if (event instanceof RoutingEvent.InteractionAbandoned e) {
            carriers.remove(e.interactionId());
            Optional.ofNullable(byId.get(e.interactionId())).ifPresent(s -> ended(s, "visitor", e.reason()));
        } else if (event instanceof RoutingEvent.InteractionRejected e) {
            carriers.remove(e.interactionId());
            Optional.ofNullable(byId.get(e.interactionId())).ifPresent(s -> ended(s, "system", e.reason()));
        } else if (event instanceof RoutingEvent.MaxWaitReached e && byId.containsKey(e.interactionId())
                && e.action() != MaxWaitAction.QUEUE) {
            routing.send(new RoutingCommand.End(e.interactionId(), "no agent became free in time; please write us an email"));
        }
        if (event instanceof RoutingEvent.InteractionQueued || event instanceof RoutingEvent.InteractionConnected
                || event instanceof RoutingEvent.InteractionAbandoned || event instanceof RoutingEvent.PriorityChanged
                || event instanceof RoutingEvent.InteractionTransferred || event instanceof RoutingEvent.OfferEnded) {
            refreshPositions();
        }
    }

    private boolean isChatQueue(String queueId) {
        return config.topics().stream().anyMatch(t -> t.queue().equals(queueId));
    }

    /** An agent's console rings with the chat: the visitor is told they are being connected (position 0). */
    private void ringing(ChatSession s) {
        synchronized (s) {
            if (s.state != ChatSession.State.WAITING || s.position == 0) {
                return;
            }
            s.position = 0;
            s.estimatedWaitMillis = 0;
        }
        s.toVisitor(ChatMessages.queue(0, 0));
    }

    private void connected(ChatSession s, String agentId) {
        synchronized (s) {
            s.state = ChatSession.State.CONNECTED;
            s.agentId = agentId;
            s.agentTookPart = true;
            s.position = 0;
        }
        s.toVisitor(ChatMessages.agentJoined(agentNames.getOrDefault(agentId, agentId)));
        agents.send(agentId, ChatMessages.agentTranscript(s.interactionId, s.form, s.transcript()));
        supervision.agentChanged(s);
    }

    private void ended(ChatSession s, String by, String reason) {
        synchronized (s) {
            if (s.state == ChatSession.State.ENDED) {
                return;
            }
            s.state = ChatSession.State.ENDED;
        }
        s.toVisitor(ChatMessages.ended(by, reason, s.agentTookPart));
        supervision.chatEnded(s, reason);
        workers.execute(() -> {
            try {
                stored.ended(s.interactionId, clock.instant());
            } catch (RuntimeException e) {
                log.warn("Chat {} could not be marked ended in the store: {}", s.interactionId, e.toString());
            }
        });
        if (s.transcriptTo != null) {
            record.mail(s);
        }
        // The visitor may still rate the chat or ask for the transcript after a reload, for a while.
        timers.schedule(() -> forget(s), config.resumeWindow().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void forget(ChatSession s) {
        if (s.peers.isEmpty()) {
            byId.remove(s.interactionId);
            byToken.remove(s.tokenHash);
            typing.forget(s.interactionId);
            quota.forget(s.interactionId);
        } else {
            timers.schedule(() -> forget(s), config.resumeWindow().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Tells every waiting visitor their place when the queues move. */
    private void refreshPositions() {
        List<ChatSession> waiting = byId.values().stream().filter(s -> s.state == ChatSession.State.WAITING).toList();
        if (waiting.isEmpty()) {
            return;
        }
        Map<String, ChatSession> byInteraction = new LinkedHashMap<>();
        waiting.forEach(s -> byInteraction.put(s.interactionId, s));
        routing.send(new RoutingCommand.GetInteractions(List.copyOf(byInteraction.keySet()))).thenAccept(views -> {
            for (InteractionView v : views) {
                ChatSession s = byInteraction.get(v.id());
                boolean changed;
                synchronized (s) {
                    changed = s.state == ChatSession.State.WAITING && v.position() > 0
                            && (v.position() != s.position || v.estimatedWaitMillis() / 1000
                            != s.estimatedWaitMillis / 1000);
                    if (changed) {
                        s.position = v.position();
                        s.estimatedWaitMillis = v.estimatedWaitMillis();
                    }
                }
                if (changed) {
                    s.toVisitor(ChatMessages.queue(v.position(), v.estimatedWaitMillis()));
                }
            }
        }).exceptionally(failure -> {
            log.warn("Queue positions of waiting chats could not be read", failure);
            return null;
        });
    }

    // ------------------------------------------------------------------ cluster: one node carries each chat

    /** Whether this node rebuilt the engine's work at start (then {@link #recovered} settles its chats). */
    private volatile java.util.function.BooleanSupplier engineRecoveredHere = () -> true;

    /**
     * In a cluster (before {@link #restore}): this node carries the chats whose visitors are connected to it. An
     * agent's request for a chat another node carries goes to that node; a visitor who comes back through this node
     * takes their chat over from its old node (handed over while that node lives, moved in the store when it died);
     * the chats of a node that left the cluster are taken over by a survivor until their visitors come back.
     *
     * @param engineRecoveredHere whether this node rebuilt the engine's work at start (known once the chat restores)
     */
    public void clusterWith(ChatNodes nodes, java.util.function.BooleanSupplier engineRecoveredHere) {
        this.nodes = nodes;
        this.engineRecoveredHere = engineRecoveredHere;
        RemoteSupervision remote = new RemoteSupervision(nodes, r -> elsewhere(r, false));
        supervision.clusterWith(remote);
        nodes.consoles(remote::deliver);
        nodes.serve(this::serve);
        nodes.whenNodeLeft(node -> workers.execute(() -> {
            supervision.nodeLeft(node);
            takeOverFrom(node);
        }));
    }

    /** Whether this server is a cluster node (a visitor's token may then belong to a chat another node carries). */
    public boolean clustered() {
        return nodes != null;
    }

    private boolean carriedElsewhere(String interactionId) {
        return nodes != null && !byId.containsKey(interactionId);
    }

    /** Another node's request for a chat this node carries. */
    private CompletableFuture<?> serve(ChatNodes.Request r) {
        String id = r.interactionId();
        if (r instanceof ChatNodes.HandOver h) {
            return handOver(h);
        }
        if (r instanceof ChatNodes.OpenChats o) {
            try {
                return CompletableFuture.completedFuture(openChatsCarriedHere(o.caller()));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        if (r instanceof ChatNodes.ConsoleClosed c) {
            // Every session of that console here ends (the chat named, if any, is only where it was known to be).
            supervision.consoleClosed(new ConsoleRelay(nodes, c.node(), c.consoleId()), "console closed");
            return CompletableFuture.completedFuture(null);
        }
        if (!byId.containsKey(id)) {
            return CompletableFuture.failedFuture(new ChatNodes.NotCarriedException("node " + nodes.nodeId()
                    + " does not carry chat " + id));
        }
        if (r instanceof ChatNodes.Line l) {
            return agentLineHere(l.caller(), id, l.text());
        }
        if (r instanceof ChatNodes.Typing t) {
            return agentTypingHere(t.caller(), id, t.typing());
        }
        // A supervisor's console on another node: its session here sends to it through a relay.
        if (r instanceof ChatNodes.Monitor m) {
            if (!nodes.isLive(m.node())) { // it left while the request was on its way: nobody would end the session
                return CompletableFuture.failedFuture(UnavailableException.here("node " + m.node()
                        + " of the supervisor's console left the cluster"));
            }
            return supervision.monitor(m.caller(), new ConsoleRelay(nodes, m.node(), m.consoleId()), id, m.mode())
                    .thenApply(answer -> relayed(answer, m.node()));
        }
        if (r instanceof ChatNodes.SupervisorLine l) {
            ConsoleRelay relay = new ConsoleRelay(nodes, l.node(), l.consoleId());
            return (l.internal() ? supervision.whisper(l.caller(), relay, id, l.text())
                    : supervision.say(l.caller(), relay, id, l.text()))
                    .thenApply(answer -> relayed(answer, l.node()));
        }
        if (r instanceof ChatNodes.MonitorStop m) {
            return supervision.stop(m.caller(), new ConsoleRelay(nodes, m.node(), m.consoleId()), id)
                    .thenApply(answer -> relayed(answer, m.node()));
        }
        ChatNodes.Read read = (ChatNodes.Read) r;
        return agentReadHere(read.caller(), id, read.messageId());
    }

    /**
     * The answer to a supervisor console's request from another node, with this node's id ({@code node}) and the seq
     * of the last console message it sent that node ({@code seq}): the console gets what the request caused first.
     */
    private Map<String, Object> relayed(Map<String, Object> answer, String node) {
        Map<String, Object> r = new java.util.LinkedHashMap<>(answer);
        r.put("node", nodes.nodeId());
        r.put("seq", nodes.sentTo(node));
        return r;
    }

    /**
     * An agent's request for a chat this node does not carry: to the node that does (looked up in the store once
     * more if the node it was sent to no longer carries it).
     */
    private CompletableFuture<Object> elsewhere(ChatNodes.Request r, boolean again) {
        String id = r.interactionId();
        String known = again ? null : carriers.get(id);
        CompletableFuture<String> node = known != null ? CompletableFuture.completedFuture(known)
                : CompletableFuture.supplyAsync(() -> stored.carrier(id), workers);
        return node.thenCompose(n -> {
            ChatNodes cluster = nodes;
            if (byId.containsKey(id)) {
                return serve(r).thenApply(x -> (Object) x); // it came here meanwhile
            }
            if (n == null) {
                throw new NotFoundException("chat", id);
            }
            if (n.equals(cluster.nodeId()) || !cluster.isLive(n)) {
                carriers.remove(id);
                throw UnavailableException.here("the visitor of chat " + id + " was connected to node " + n
                        + (n.equals(cluster.nodeId()) ? ", which is taking the chat over" : ", which stopped")
                        + "; the chat goes on once a node has taken it over (in a few seconds)", Duration.ofSeconds(2));
            }
            carriers.put(id, n);
            return cluster.ask(n, r);
        }).exceptionallyCompose(failure -> {
            Throwable e = unwrap(failure);
            if (e instanceof ChatNodes.NotCarriedException && !again) {
                carriers.remove(id);
                return elsewhere(r, true);
            }
            return CompletableFuture.failedFuture(e instanceof ChatNodes.NotCarriedException
                    ? new NotFoundException("chat", id) : e);
        });
    }

    /**
     * Another node took the chat over (its visitor came back there): this node stops carrying it, once what it was
     * storing for the chat is stored (answered on the chat's serial executor, after the tasks already queued), so the
     * new node reads the whole transcript. The visitor's sockets here, if any, are closed: the widget reconnects.
     */
    private CompletableFuture<Void> handOver(ChatNodes.HandOver h) {
        ChatSession s = byId.get(h.interactionId());
        if (s == null) {
            return CompletableFuture.completedFuture(null);
        }
        synchronized (s) {
            s.handedOver = true;
            if (s.leaveTimer != null) {
                s.leaveTimer.cancel(false);
                s.leaveTimer = null;
            }
        }
        byId.remove(s.interactionId, s);
        byToken.remove(s.tokenHash, s);
        carriers.put(s.interactionId, h.toNode());
        typing.forget(s.interactionId);
        supervision.chatMoved(s, h.toNode());
        CompletableFuture<Void> done = new CompletableFuture<>();
        s.serial.execute(() -> {
            for (VisitorPeer p : s.peers) {
                p.close((short) 1012, "the chat continues on another server; reconnect");
            }
            s.peers.clear();
            log.info("Chat {} handed over to node {}", s.interactionId, h.toNode());
            done.complete(null);
        });
        return done;
    }

    /**
     * A visitor came back through this node (cluster): their chat is resumed here, taken over from the node that
     * carried it if that is another. Completes with the chat once the visitor has its "resumed".
     */
    public CompletableFuture<ChatSession> resumeAnywhere(String resumeToken, VisitorPeer peer) {
        ChatSession here = resumeToken == null || resumeToken.length() > 100 ? null : byToken.get(hash(resumeToken));
        if (nodes != null && here != null) {
            // Taken over a moment ago: the visitor hears where the chat stands once the engine said so.
            return here.settled.handle((x, e) -> resume(resumeToken, peer));
        }
        if (nodes == null || here != null || resumeToken == null || resumeToken.length() > 100) {
            try {
                return CompletableFuture.completedFuture(resume(resumeToken, peer));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        String tokenHash = hash(resumeToken);
        return CompletableFuture.supplyAsync(() -> stored.byTokenHash(tokenHash), workers).thenCompose(c -> {
            if (c == null) {
                throw new NotFoundException("chat", "with this resume token");
            }
            return takeOver(c, resumeToken);
        }).thenApply(s -> resume(resumeToken, peer));
    }

    private CompletableFuture<ChatSession> takeOver(ChatSessionStore.Carried c, String token) {
        ChatNodes cluster = nodes;
        String id = c.chat().interactionId();
        String from = c.nodeId();
        boolean fromLiveNode = from != null && !from.equals(cluster.nodeId()) && cluster.isLive(from);
        CompletableFuture<Object> released = fromLiveNode
                ? cluster.ask(from, new ChatNodes.HandOver(id, cluster.nodeId()))
                : CompletableFuture.completedFuture(null);
        return released.thenApplyAsync(x -> {
            synchronized (taking) {
                ChatSession here = byId.get(id);
                if (here != null) {
                    return here; // taken over meanwhile (its node left the cluster)
                }
                if (!cluster.nodeId().equals(from) && !stored.move(id, from, cluster.nodeId())) {
                    throw UnavailableException.here("chat " + id + " is being taken over by another server;"
                            + " resume again in a moment", Duration.ofSeconds(2));
                }
                log.info("Chat {} taken over from {} (its visitor came back through this node)", id,
                        from == null ? "no node" : "node " + from);
                return bringBack(c.chat(), token, false, true);
            }
        }, workers).thenCompose(s -> s.settled.handle((x, e) -> s));
    }

    /** A node left the cluster: this node takes its chats over (each goes to one survivor) until their visitors come back. */
    private void takeOverFrom(String node) {
        ChatNodes cluster = nodes;
        if (cluster == null || node.equals(cluster.nodeId())) {
            return;
        }
        int n = 0;
        try {
            for (ChatSessionStore.Carried c : stored.openCarried()) {
                if (!node.equals(c.nodeId())) {
                    continue;
                }
                synchronized (taking) {
                    if (byId.containsKey(c.chat().interactionId())
                            || !stored.move(c.chat().interactionId(), node, cluster.nodeId())) {
                        continue;
                    }
                    bringBack(c.chat(), null, true, true);
                }
                n++;
            }
        } catch (RuntimeException e) {
            log.error("The chats of node {} could not be taken over: {}", node, e.toString());
        }
        if (n > 0) {
            log.warn("Node {} left the cluster: this node took its {} open chats over until their visitors come back",
                    node, n);
        }
    }

    /**
     * A chat taken over: where it stands now, from the engine (waiting at its place, or in an agent's hands); one the
     * engine no longer holds has ended.
     */
    private void follow(ChatSession s) {
        CompletableFuture<Void> settled = s.settled;
        routing.send(new RoutingCommand.GetInteractions(List.of(s.interactionId))).toCompletableFuture()
                .thenAccept(views -> {
                    InteractionView v = views.isEmpty() ? null : views.get(0);
                    if (v == null || v.state() == org.openucc.interaction.InteractionState.WRAP_UP || v.state().isFinal()) {
                        ended(s, v == null ? "system" : "agent", "the chat ended while its server was away");
                        return;
                    }
                    boolean withAgent = v.agentId() != null && (v.state() == org.openucc.interaction.InteractionState.CONNECTED
                            || v.state() == org.openucc.interaction.InteractionState.HELD);
                    synchronized (s) {
                        if (s.state == ChatSession.State.ENDED) {
                            return;
                        }
                        if (withAgent) {
                            s.state = ChatSession.State.CONNECTED;
                            s.agentId = v.agentId();
                            s.agentTookPart = true;
                            s.position = 0;
                            if (s.peers.isEmpty() && s.leaveTimer != null) {
                                // Taken over from a node that went away with the visitor's socket: as when a socket closes.
                                agents.send(v.agentId(), ChatMessages.visitorLeft(s.interactionId,
                                        "their server stopped; may come back"));
                            }
                        } else {
                            s.state = ChatSession.State.WAITING;
                            s.agentId = null;
                            s.position = v.position();
                            s.estimatedWaitMillis = v.estimatedWaitMillis();
                        }
                    }
                }).exceptionally(failure -> {
                    log.warn("Chat {} taken over: the engine did not say where it stands: {}", s.interactionId,
                            failure.toString());
                    return null;
                }).whenComplete((x, e) -> settled.complete(null));
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof java.util.concurrent.CompletionException || e instanceof java.util.concurrent.ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    // ------------------------------------------------------------------ helpers

    private void requireOpen(ChatSession s) {
        if (s.state == ChatSession.State.ENDED) {
            throw new StateConflictException("this chat has ended");
        }
    }

    private void checkLength(String text) {
        if (text == null || text.isBlank()) {
            throw InvalidInputException.field("text", "is required");
        }
        if (text.length() > config.maxMessageChars()) {
            throw InvalidInputException.field("text", "is at most " + config.maxMessageChars() + " characters");
        }
    }

    private static String hash(String token) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String token() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
