package org.openucc.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.openucc.auth.Caller;
import org.openucc.config.ChatConfig;
import org.openucc.config.Role;
import org.openucc.crm.NotFoundException;
import org.openucc.cti.StreamPeer;
import org.openucc.fault.InvalidInputException;
import org.openucc.fault.LimitExceededException;
import org.openucc.fault.StateConflictException;
import org.openucc.json.ApiJson;
import org.openucc.limits.RateLimiter;
import org.openucc.limits.Rejections;
import org.openucc.log.LogEventType;
import org.openucc.message.TranscriptMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervisors on chats: a supervisor opens any open chat from their console and gets its transcript
 * and then every new line live (VIEW), whispers lines only the agent sees (WHISPER: stored internal,
 * never sent or mailed to the visitor), or joins the conversation (JOIN: the visitor sees them join,
 * their lines and them leave). Each session is a MONITOR_STARTED, MONITOR_MODE_CHANGED…, MONITOR_ENDED
 * in the interaction log. Everything that touches a chat runs on the chat's serial executor, so a
 * console hears the transcript and then each line once, in order. In a cluster the node that carries
 * the chat runs the session of a console on another node too, through a {@link ConsoleRelay}; that
 * console's node sends its commands there ({@link RemoteSupervision}).
 */
public final class ChatSupervision {
    private static final Logger log = LoggerFactory.getLogger(ChatSupervision.class);

    /** How a supervisor takes part: watch only, also whisper to the agent, or talk in the chat. */
    public enum Mode { VIEW, WHISPER, JOIN }

    /** One console watching one chat. Mode and the snapshot's ids are guarded by the registry. */
    private static final class Monitor {
        final String supervisor;
        final StreamPeer console;
        final ChatSession chat;
        Mode mode;
        /** Lines the console got in the transcript at the start; their live copies are skipped. */
        final Set<String> inSnapshot = new HashSet<>();

        Monitor(String supervisor, StreamPeer console, ChatSession chat, Mode mode) {
            this.supervisor = supervisor;
            this.console = console;
            this.chat = chat;
            this.mode = mode;
        }
    }

    private final ChatConfig config;
    private final ChatRecord record;
    private final AgentChannel agents;
    private final Map<String, String> agentNames;
    private final Function<String, ChatSession> chats;
    private final RateLimiter lines;
    private final Rejections rejections;
    /** Every session by chat; guarded by {@code this}. */
    private final Map<String, List<Monitor>> byChat = new LinkedHashMap<>();

    ChatSupervision(ChatConfig config, ChatRecord record, AgentChannel agents, Map<String, String> agentNames,
                    Function<String, ChatSession> chats, InstantSource clock, Rejections rejections) {
        this.config = config;
        this.record = record;
        this.agents = agents;
        this.agentNames = agentNames;
        this.chats = chats;
        this.lines = new RateLimiter(config.maxMessagesPerMinute(), Duration.ofMinutes(1), clock);
        this.rejections = rejections;
    }

    // ------------------------------------------------------------------ commands (supervisor console)

    /**
     * Starts monitoring a chat from this console, or changes the mode of the session it has. The
     * console gets {@code chatMonitorStarted} with the transcript so far (whispers included), then
     * {@code chatMonitorMessage} for every new line until the chat ends or the session stops.
     */
    public CompletableFuture<Map<String, Object>> monitor(Caller caller, StreamPeer console, String interactionId,
                                                          Mode mode) {
        ChatSession s;
        try {
            caller.require(Role.SUPERVISOR);
            RemoteSupervision r = remote;
            if (r != null && elsewhere(console, interactionId)) {
                // A new session is checked against the supervisor's limit and kept under this lock, as here.
                return r.monitor(caller, console, interactionId, mode, keep -> {
                    synchronized (this) {
                        if (!r.has(console, interactionId)) {
                            reserve(caller.username());
                        }
                        keep.run();
                    }
                });
            }
            s = open(interactionId);
            if (mode != Mode.VIEW && s.agentId == null) {
                throw new StateConflictException("no agent has chat " + interactionId + " yet; " + mode
                        + " needs one (VIEW does not)");
            }
            Monitor existing = find(console, interactionId);
            if (existing == null) {
                reserve(caller.username());
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return onChat(s, () -> {
            Monitor m = find(console, interactionId);
            if (m == null) {
                return start(caller, console, s, mode);
            }
            change(m, mode);
            return result(m);
        });
    }

    /** A whisper: a line only the agent (and the supervisors watching) sees. A VIEW session becomes WHISPER. */
    public CompletableFuture<Map<String, Object>> whisper(Caller caller, StreamPeer console, String interactionId,
                                                          String text) {
        return remoteOr(caller, console, interactionId, r -> r.line(caller, console, interactionId, text, true),
                () -> supervisorLine(caller, console, interactionId, text, true));
    }

    /** A line of a supervisor who joined the chat: the visitor and the agent see it. */
    public CompletableFuture<Map<String, Object>> say(Caller caller, StreamPeer console, String interactionId,
                                                      String text) {
        return remoteOr(caller, console, interactionId, r -> r.line(caller, console, interactionId, text, false),
                () -> supervisorLine(caller, console, interactionId, text, false));
    }

    /** Ends this console's session on the chat (a supervisor who had joined leaves it). */
    public CompletableFuture<Map<String, Object>> stop(Caller caller, StreamPeer console, String interactionId) {
        return remoteOr(caller, console, interactionId, r -> r.stop(caller, console, interactionId),
                () -> stopHere(caller, console, interactionId));
    }

    private CompletableFuture<Map<String, Object>> stopHere(Caller caller, StreamPeer console, String interactionId) {
        ChatSession s;
        Monitor m;
        try {
            caller.require(Role.SUPERVISOR);
            m = find(console, interactionId);
            if (m == null) {
                throw new NotFoundException("monitoring session of this console on chat", interactionId);
            }
            s = m.chat;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return onChat(s, () -> {
            end(m, "stopped by the supervisor", false);
            return Map.of("interactionId", interactionId);
        });
    }

    /** The chats open now, for the supervisor's list: who has each, since when, and who watches it. */
    public List<Map<String, Object>> openChats(Caller caller, java.util.Collection<ChatSession> sessions) {
        caller.require(Role.SUPERVISOR);
        List<Map<String, Object>> out = new ArrayList<>();
        for (ChatSession s : sessions) {
            if (s.state == ChatSession.State.ENDED) {
                continue;
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("interactionId", s.interactionId);
            c.put("state", s.state.name());
            c.put("queueId", s.queueId);
            c.put("visitorName", s.form.name());
            String agentId = s.agentId;
            if (agentId != null) {
                c.put("agentId", agentId);
                c.put("agentName", agentNames.getOrDefault(agentId, agentId));
            }
            synchronized (this) {
                c.put("monitoredBy", byChat.getOrDefault(s.interactionId, List.of()).stream()
                        .map(x -> x.supervisor).distinct().toList());
            }
            out.add(c);
        }
        return out;
    }

    /** The console closed: its sessions end (a supervisor who had joined leaves the chat). */
    public void consoleClosed(StreamPeer console) {
        RemoteSupervision r = remote;
        if (r != null) {
            r.consoleClosed(console);
        }
        consoleClosed(console, "console closed");
    }

    /** On the carrier: a console on another node closed (reason "console closed"), or its node left the cluster. */
    void consoleClosed(StreamPeer console, String reason) {
        List<Monitor> mine;
        synchronized (this) {
            mine = byChat.values().stream().flatMap(List::stream).filter(m -> m.console.equals(console)).toList();
        }
        for (Monitor m : mine) {
            m.chat.serial.execute(() -> {
                try {
                    end(m, reason, false);
                } catch (RuntimeException e) {
                    log.warn("Monitoring of chat {} by {} could not be ended: {}", m.chat.interactionId, m.supervisor,
                            e.toString());
                }
            });
        }
    }

    /**
     * The server is stopping: every session ends (logged, so none is left open in the log), on each
     * chat's executor; the caller waits for the workers to finish their queued work.
     */
    public void serverStopping() {
        List<Monitor> all;
        synchronized (this) {
            all = byChat.values().stream().flatMap(List::stream).toList();
        }
        for (Monitor m : all) {
            m.chat.serial.execute(() -> {
                try {
                    // A console on another node is told where the chat goes on.
                    end(m, m.console instanceof ConsoleRelay r ? "node " + r.carrier() + ", which carried the chat, is"
                            + " stopping; another node takes the chat over: start monitoring it again"
                            : "server stopping", true);
                } catch (RuntimeException e) {
                    log.warn("Monitoring of chat {} by {} could not be ended: {}", m.chat.interactionId, m.supervisor,
                            e.toString());
                }
            });
        }
    }

    // ------------------------------------------------------------------ the chat's side (ChatService)

    /** A stored line of the chat: every console watching it gets a copy. Runs on the chat's serial executor. */
    void line(ChatSession s, TranscriptMessage m) {
        String copy = monitorMessage(s.interactionId, m);
        for (Monitor x : monitors(s.interactionId)) {
            boolean seen;
            synchronized (this) {
                seen = x.inSnapshot.remove(m.id());
            }
            if (!seen) {
                x.console.send(copy);
            }
        }
    }

    /** The chat went to another agent, or back to its queue: the consoles watching it hear who has it now. */
    void agentChanged(ChatSession s) {
        s.serial.execute(() -> {
            for (Monitor m : monitors(s.interactionId)) {
                m.console.send(state(m).toString());
            }
        });
    }

    /** The chat ended: every session on it ends. */
    void chatEnded(ChatSession s, String reason) {
        sessionsEnd(s, "chat ended: " + reason);
    }

    /**
     * In a cluster: another node carries the chat now (its visitor reconnected there): every session on it ends here,
     * and its console may start again (the chat is then found on its new node).
     */
    void chatMoved(ChatSession s, String toNode) {
        sessionsEnd(s, "the chat moved to node " + toNode + " of the cluster (its visitor reconnected there);"
                + " start monitoring it again");
    }

    private void sessionsEnd(ChatSession s, String reason) {
        s.serial.execute(() -> {
            for (Monitor m : monitors(s.interactionId)) {
                try {
                    end(m, reason, true);
                } catch (RuntimeException e) {
                    log.warn("Monitoring of chat {} by {} could not be ended: {}", s.interactionId, m.supervisor,
                            e.toString());
                }
            }
        });
    }

    // ------------------------------------------------------------------ sessions (on the chat's executor)

    private Map<String, Object> start(Caller caller, StreamPeer console, ChatSession s, Mode mode) {
        Monitor m = new Monitor(caller.username(), console, s, mode);
        synchronized (this) {
            // Checked again here: two consoles of one supervisor may have raced past the first check.
            reserve(caller.username());
            byChat.computeIfAbsent(s.interactionId, k -> new ArrayList<>()).add(m);
        }
        try {
            record.monitorEvent(s, LogEventType.MONITOR_STARTED, m.supervisor, mode.name(), null, s.agentId, null);
        } catch (RuntimeException e) {
            remove(m);
            throw e;
        }
        log.info("Supervisor {} monitors chat {} ({}, agent {})", m.supervisor, s.interactionId, mode, s.agentId);
        List<TranscriptMessage> transcript = s.transcript();
        synchronized (this) {
            transcript.forEach(x -> m.inSnapshot.add(x.id()));
        }
        ObjectNode started = state(m);
        started.put("type", "chatMonitorStarted");
        started.put("visitorName", s.form.name());
        started.set("messages", ChatMessages.lines(transcript));
        console.send(started.toString());
        if (mode == Mode.JOIN) {
            joined(m);
        }
        return result(m);
    }

    private void change(Monitor m, Mode mode) {
        Mode before;
        synchronized (this) {
            before = m.mode;
            if (before == mode) {
                return;
            }
            m.mode = mode;
        }
        try {
            record.monitorEvent(m.chat, LogEventType.MONITOR_MODE_CHANGED, m.supervisor, mode.name(), before.name(),
                    m.chat.agentId, null);
        } catch (RuntimeException e) {
            synchronized (this) {
                m.mode = before;
            }
            throw e;
        }
        if (before == Mode.JOIN) {
            left(m);
        } else if (mode == Mode.JOIN) {
            joined(m);
        }
        m.console.send(state(m).toString());
    }

    /** Ends a session; {@code chatOver}: the chat itself ended, so nobody is told "left". */
    private void end(Monitor m, String reason, boolean chatOver) {
        if (!remove(m)) {
            return;
        }
        Mode mode;
        synchronized (this) {
            mode = m.mode;
        }
        if (mode == Mode.JOIN && !chatOver && m.chat.state != ChatSession.State.ENDED) {
            left(m);
        }
        record.monitorEvent(m.chat, LogEventType.MONITOR_ENDED, m.supervisor, mode.name(), null, m.chat.agentId, reason);
        log.info("Supervisor {} stopped monitoring chat {} ({})", m.supervisor, m.chat.interactionId, reason);
        String ended = ApiJson.message("chatMonitorEnded").put("interactionId", m.chat.interactionId)
                .put("reason", reason).toString();
        if (m.console instanceof ConsoleRelay relay) {
            relay.ended(m.chat.interactionId, ended);
        } else {
            m.console.send(ended);
        }
    }

    private CompletableFuture<Map<String, Object>> supervisorLine(Caller caller, StreamPeer console,
                                                                  String interactionId, String text, boolean internal) {
        Monitor m;
        try {
            caller.require(Role.SUPERVISOR);
            m = find(console, interactionId);
            if (m == null) {
                throw new StateConflictException("open chat " + interactionId + " first (chatMonitor)");
            }
            if (!internal && mode(m) != Mode.JOIN) {
                throw new StateConflictException("join chat " + interactionId + " first (chatMonitor with mode JOIN);"
                        + " until then only whispers reach the agent");
            }
            if (m.chat.state == ChatSession.State.ENDED) {
                throw new StateConflictException("this chat has ended");
            }
            if (internal && m.chat.agentId == null) {
                throw new StateConflictException("no agent has chat " + interactionId + " now; a whisper needs one");
            }
            checkLength(text);
            String key = caller.username() + "/" + interactionId;
            if (!lines.tryAcquire(key)) {
                rejections.count("chat", "supervisor-messages-per-minute");
                throw new LimitExceededException("you are sending messages too fast; wait "
                        + lines.retryAfterSeconds(key) + " s", Duration.ofSeconds(lines.retryAfterSeconds(key)));
            }
            record.admit();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        ChatSession s = m.chat;
        return onChat(s, () -> {
            if (internal && mode(m) == Mode.VIEW) {
                change(m, Mode.WHISPER);
            }
            String agentId = s.agentId;
            if (s.state == ChatSession.State.ENDED || (internal && agentId == null)) {
                throw new StateConflictException(s.state == ChatSession.State.ENDED ? "this chat has ended"
                        : "no agent has chat " + interactionId + " now; a whisper needs one");
            }
            TranscriptMessage line = record.line(s, TranscriptMessage.Direction.OUT, m.supervisor, text, internal, true);
            record.store(s, line, LogEventType.MESSAGE_SENT);
            if (!internal) {
                s.toVisitor(ChatMessages.visitorLine(line));
            }
            if (agentId != null) {
                agents.send(agentId, ChatMessages.agentLine(s.interactionId, line));
            }
            line(s, line);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("messageId", line.id());
            r.put("at", line.at().toString());
            r.put("internal", internal);
            return r;
        });
    }

    private void joined(Monitor m) {
        system(m.chat, m.supervisor + " joined the chat");
        notifyAgent(m, true);
    }

    private void left(Monitor m) {
        system(m.chat, m.supervisor + " left the chat");
        notifyAgent(m, false);
    }

    /** A notice everyone in the chat sees (visitor, agent, supervisors), kept in the transcript. */
    private void system(ChatSession s, String text) {
        TranscriptMessage line = record.line(s, TranscriptMessage.Direction.SYSTEM, null, text);
        record.store(s, line, LogEventType.MESSAGE_SENT);
        s.toVisitor(ChatMessages.visitorLine(line));
        if (s.agentId != null) {
            agents.send(s.agentId, ChatMessages.agentLine(s.interactionId, line));
        }
        line(s, line);
    }

    private void notifyAgent(Monitor m, boolean joined) {
        String agentId = m.chat.agentId;
        if (agentId != null) {
            agents.send(agentId, ApiJson.message(joined ? "chatSupervisorJoined" : "chatSupervisorLeft")
                    .put("interactionId", m.chat.interactionId).put("supervisor", m.supervisor).toString());
        }
    }

    // ------------------------------------------------------------------ helpers

    /** In a cluster: the sessions of this node's consoles on chats other nodes carry; null on a single node. */
    private volatile RemoteSupervision remote;

    /** In a cluster: a console here monitors a chat another node carries through its carrier. */
    void clusterWith(RemoteSupervision remote) {
        this.remote = remote;
    }

    /**
     * Whether a command of this console goes to another node: in a cluster, for a console here (not one relayed from
     * another node, whose request came to this node because it carries the chat) and a chat not carried here.
     */
    private boolean elsewhere(StreamPeer console, String interactionId) {
        return !(console instanceof ConsoleRelay) && chats.apply(interactionId) == null;
    }

    private CompletableFuture<Map<String, Object>> remoteOr(Caller caller, StreamPeer console, String interactionId,
            Function<RemoteSupervision, CompletableFuture<Map<String, Object>>> there,
            java.util.function.Supplier<CompletableFuture<Map<String, Object>>> here) {
        RemoteSupervision r = remote;
        try {
            caller.require(Role.SUPERVISOR);
            if (r != null && elsewhere(console, interactionId)) {
                return there.apply(r);
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return here.get();
    }

    /**
     * On the carrier: the consoles on a node that left the cluster are gone, so their sessions here end; and the
     * sessions of this node's consoles on chats that node carried end for them.
     */
    void nodeLeft(String node) {
        List<StreamPeer> gone;
        synchronized (this) {
            gone = byChat.values().stream().flatMap(List::stream).map(m -> m.console)
                    .filter(c -> c instanceof ConsoleRelay r && r.node.equals(node)).distinct().toList();
        }
        for (StreamPeer c : gone) {
            consoleClosed(c, "console closed (its node " + node + " left the cluster)");
        }
        RemoteSupervision r = remote;
        if (r != null) {
            r.nodeLeft(node);
        }
    }

    private ChatSession open(String interactionId) {
        ChatSession s = chats.apply(interactionId);
        if (s == null) {
            throw new NotFoundException("chat", interactionId);
        }
        if (s.state == ChatSession.State.ENDED) {
            throw new StateConflictException("chat " + interactionId + " has ended");
        }
        return s;
    }

    /** Refuses one more session when the supervisor already has their limit. */
    private synchronized void reserve(String supervisor) {
        RemoteSupervision r = remote;
        long mine = byChat.values().stream().flatMap(List::stream).filter(m -> m.supervisor.equals(supervisor)).count()
                + (r == null ? 0 : r.count(supervisor));
        if (mine >= config.maxMonitoredChatsPerSupervisor()) {
            rejections.count("chat", "monitors-per-supervisor");
            throw new LimitExceededException("you already monitor " + mine + " chats (at most "
                    + config.maxMonitoredChatsPerSupervisor() + "); stop one first", null);
        }
    }

    private synchronized Monitor find(StreamPeer console, String interactionId) {
        return byChat.getOrDefault(interactionId, List.of()).stream().filter(m -> m.console.equals(console)).findFirst()
                .orElse(null);
    }

    private synchronized List<Monitor> monitors(String interactionId) {
        return List.copyOf(byChat.getOrDefault(interactionId, List.of()));
    }

    private synchronized boolean remove(Monitor m) {
        List<Monitor> list = byChat.get(m.chat.interactionId);
        if (list == null || !list.remove(m)) {
            return false;
        }
        if (list.isEmpty()) {
            byChat.remove(m.chat.interactionId);
        }
        return true;
    }

    private synchronized Mode mode(Monitor m) {
        return m.mode;
    }

    private Map<String, Object> result(Monitor m) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("interactionId", m.chat.interactionId);
        r.put("mode", mode(m).name());
        return r;
    }

    private ObjectNode state(Monitor m) {
        ChatSession s = m.chat;
        ObjectNode o = ApiJson.message("chatMonitorState").put("interactionId", s.interactionId)
                .put("mode", mode(m).name()).put("state", s.state.name());
        String agentId = s.agentId;
        if (agentId != null) {
            o.put("agentId", agentId).put("agentName", agentNames.getOrDefault(agentId, agentId));
        }
        return o;
    }

    private static String monitorMessage(String interactionId, TranscriptMessage m) {
        ObjectNode o = ApiJson.message("chatMonitorMessage").put("interactionId", interactionId);
        o.setAll(ChatMessages.line(m));
        return o.toString();
    }

    private void checkLength(String text) {
        if (text == null || text.isBlank()) {
            throw InvalidInputException.field("text", "is required");
        }
        if (text.length() > config.maxMessageChars()) {
            throw InvalidInputException.field("text", "is at most " + config.maxMessageChars() + " characters");
        }
    }

    /** Runs {@code work} on the chat's serial executor (blocking there is fine: it is a worker). */
    private static <T> CompletableFuture<T> onChat(ChatSession s, java.util.function.Supplier<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        s.serial.execute(() -> {
            try {
                done.complete(work.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }
}
