package org.openucc.channels;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.openucc.ComponentHealth;
import org.openucc.Lifecycle;
import java.nio.file.Path;
import org.openucc.Singletons;
import org.openucc.callback.CallbackRequests;
import org.openucc.callback.CallbackService;
import org.openucc.chat.AgentChannel;
import org.openucc.intake.InteractionIntake;
import org.openucc.store.JdbcCallbackStore;
import org.openucc.voice.AgentDialers;
import org.openucc.chat.ChatAgentCommands;
import org.openucc.email.EmailChannel;
import org.openucc.email.EmailService;
import org.openucc.chat.ChatService;
import org.openucc.config.AgentConfig;
import org.openucc.config.ContactCenterConfig;
import org.openucc.cti.CtiComponent;
import org.openucc.limits.Rejections;
import org.openucc.message.MessageStore;
import org.openucc.routing.RoutingPort;
import org.openucc.store.JdbcMessageStore;
import org.openucc.store.StoreServices;

/**
 * The web channels as a server component: the chat service behind the widget, the mailbox, web
 * callbacks, and the transcripts they all write. Started after the store, the ACD and the CTI
 * bridge (it feeds the first two and talks to agents through the third), before HTTP.
 *
 * <p>In a cluster the mailbox watcher and the callback scheduler run once, on the engine's owner
 * ({@link Singletons}): every node sends agents' email replies and takes callback requests (forwarded to the owner).
 */
public final class WebChannelsComponent implements Lifecycle {
    private final ContactCenterConfig config;
    private final RoutingPort routing;
    private final Supplier<StoreServices> store;
    private final CtiComponent cti;
    private final InstantSource clock;
    private final java.util.function.UnaryOperator<String> env;
    private final AgentDialers dialer;
    private final Rejections rejections;
    private volatile Running running;
    /** In a cluster: the other nodes, for chats carried by one node and served to consoles on any (set before start). */
    private volatile org.openucc.chat.ChatNodes chatNodes;
    private volatile java.util.function.BooleanSupplier engineRecoveredHere = () -> true;
    /** Where the services the contact center runs once run (the mailbox watcher, the callbacks). */
    private volatile Singletons singletons = Singletons.thisNodeOnly();
    /** The callback service while it runs on this node. */
    private volatile CallbackService callbacks;
    /** The name other nodes ask the callback service by. */
    static final String CALLBACK_REQUEST = "callbacks.request";

    private record Running(ExecutorService workers, ScheduledExecutorService timers, MessageStore messages,
                           ChatService chat, EmailChannel email, boolean callbacksOn,
                           org.openucc.dialout.DialOutService dialOut, java.util.List<Singletons.Registration> once) {
    }

    /** A request forwarded to the node that runs the callbacks. */
    record CallbackAsk(String name, String phone, String queueId, java.time.Instant at, String note, String address) {
    }

    public WebChannelsComponent(ContactCenterConfig config, RoutingPort routing, Supplier<StoreServices> store,
                                CtiComponent cti, AgentDialers dialer, InstantSource clock,
                                Rejections rejections) {
        this(config, routing, store, cti, dialer, clock, System::getenv, rejections);
    }

    /**
     * @param dialer    who dials callbacks and dial-outs for an agent (the telephony carrying their phone; a refusal
     *                  fails the attempt or the dial-out with the reason)
     * @param env       where secrets named in the config (e.g. the mailbox password) are read
     * @param rejections the server's count of what the web channels' limits refused
     */
    public WebChannelsComponent(ContactCenterConfig config, RoutingPort routing, Supplier<StoreServices> store,
                                CtiComponent cti, AgentDialers dialer, InstantSource clock,
                                java.util.function.UnaryOperator<String> env, Rejections rejections) {
        this.env = env;
        this.rejections = rejections;
        this.dialer = dialer;
        this.config = config;
        this.routing = routing;
        this.store = store;
        this.cti = cti;
        this.clock = clock;
        cti.addChannelCommands(new ChatAgentCommands(this::chat));
        cti.addSupervisorCommands(new org.openucc.chat.ChatSupervisorCommands(this::chat));
    }

    /**
     * In a cluster (before start): each chat is carried by the node its visitor is connected to, agents on any node
     * reach it there, and a visitor who comes back through another node takes it along.
     *
     * @param engineRecoveredHere whether this node rebuilt the engine's work at start (asked once chats restore)
     */
    public void clusterChats(org.openucc.chat.ChatNodes nodes, java.util.function.BooleanSupplier engineRecoveredHere) {
        this.chatNodes = nodes;
        this.engineRecoveredHere = engineRecoveredHere;
    }

    @Override
    public String name() {
        return "channels";
    }

    /**
     * In a cluster (set before start): the mailbox watcher and the callbacks run where {@code singletons} runs them
     * (on the engine's owner); without it they run here.
     */
    public void runOnceIn(Singletons singletons) {
        this.singletons = singletons;
    }

    @Override
    public void start() {
        StoreServices s = store.get();
        AtomicInteger n = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(4, r -> daemon(r, "channels-worker-" + n.incrementAndGet()));
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "channels-timer"));
        MessageStore messages = new JdbcMessageStore(s.database());
        InteractionIntake intake = new InteractionIntake(routing, s.customers(), s.interactionLog(), clock);
        Map<String, String> agentNames = config.agents().stream()
                .collect(Collectors.toMap(AgentConfig::id, a -> a.name() == null ? a.id() : a.name()));
        AgentChannel agents = (agentId, message) -> cti.agentStreams().sendToAgent(agentId, message);
        EmailChannel email = null;
        if (config.channels().email().enabled()) {
            email = EmailChannel.open(config.channels().email(), env, intake, s, messages, routing, agents,
                    clock);
        }
        ChatService chat = null;
        if (config.channels().chat().enabled()) {
            chat = new ChatService(config.channels().chat(), agentNames, routing, new CrmChatIntake(intake, s), messages,
                    s.interactionLog(), agents, email == null ? null : email.service(), workers, timers, clock,
                    Path.of(config.server().dataDir()), chatSecret(config.channels().chat()),
                    chatNodes == null ? new org.openucc.store.JdbcChatSessionStore(s.database())
                            : new org.openucc.store.JdbcChatSessionStore(s.database(), chatNodes.nodeId()), rejections);
            routing.addListener(chat);
            if (chatNodes != null) {
                chat.clusterWith(chatNodes, engineRecoveredHere);
            }
            chat.restore(messages);
        }
        org.openucc.dialout.DialOutService dialOut = !config.channels().dialOut().enabled() ? null
                : new org.openucc.dialout.DialOutService(config.channels().dialOut(), s.rules().phones(), s.customers(),
                        s.interactionLog(), routing, dialer, workers, clock, rejections);
        java.util.List<Singletons.Registration> once = new java.util.ArrayList<>();
        boolean callbacksOn = config.channels().callback().enabled();
        running = new Running(workers, timers, messages, chat, email, callbacksOn, dialOut, once);
        if (email != null) {
            once.add(singletons.run(new MailboxWatching(email)));
        }
        if (callbacksOn) {
            once.add(singletons.run(new Callbacks(s, intake, timers, workers)));
            once.add(singletons.serve(CALLBACK_REQUEST, this::answerCallbackRequest));
        }
    }

    /** The mailbox is watched on one node at a time. */
    private record MailboxWatching(EmailChannel email) implements Singletons.Singleton {
        @Override
        public String name() {
            return "mailbox";
        }

        @Override
        public void start(org.openucc.recovery.RecoveryReport takeover) {
            email.watch();
        }

        @Override
        public void stop() {
            email.stopWatching();
        }
    }

    /** Callbacks are scheduled and dialled on one node at a time; the others forward requests to it. */
    private final class Callbacks implements Singletons.Singleton {
        private final StoreServices s;
        private final InteractionIntake intake;
        private final ScheduledExecutorService timers;
        private final ExecutorService workers;

        Callbacks(StoreServices s, InteractionIntake intake, ScheduledExecutorService timers, ExecutorService workers) {
            this.s = s;
            this.intake = intake;
            this.timers = timers;
            this.workers = workers;
        }

        @Override
        public String name() {
            return "callbacks";
        }

        @Override
        public void start(org.openucc.recovery.RecoveryReport takeover) {
            CallbackService c = new CallbackService(config.channels().callback(), s.rules().phones(), intake,
                    new JdbcCallbackStore(s.database()), s.interactionLog(), routing, dialer, timers, workers, clock,
                    rejections);
            routing.addListener(c);
            c.resume();
            if (takeover != null) {
                // A failover: the new owner's engine holds the callback interactions it rebuilt from the log.
                c.recovered(takeover.restored(org.openucc.interaction.Channel.CALLBACK));
            }
            callbacks = c;
        }

        @Override
        public void stop() {
            CallbackService c = callbacks;
            callbacks = null;
            if (c != null) {
                routing.removeListener(c);
                c.close();
            }
        }
    }

    /** On the node that runs the callbacks: a request another node took. */
    private String answerCallbackRequest(String json) {
        CallbackAsk a;
        try {
            a = org.openucc.json.ApiJson.mapper().readValue(json, CallbackAsk.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("a callback request from another node could not be read: " + e.getMessage());
        }
        CallbackService c = callbacks;
        if (c == null) {
            throw org.openucc.fault.UnavailableException.here("callbacks are moving to another node of the cluster; try"
                    + " again in a few seconds", java.time.Duration.ofSeconds(2));
        }
        return org.openucc.json.ApiJson.text(c.request(a.name(), a.phone(), a.queueId(), a.at(), a.note(), a.address()));
    }

    /**
     * The door for callback requests on this node (null while stopped or when callbacks are off): the service where
     * it runs here, else the node that runs it, asked over the cluster (503 when none answers in time).
     */
    public CallbackRequests callbackRequests() {
        Running r = running;
        if (r == null || !r.callbacksOn()) {
            return null;
        }
        return (name, phone, queueId, at, note, address) -> {
            CallbackService here = callbacks;
            if (here != null) {
                return here.request(name, phone, queueId, at, note, address);
            }
            // The ask has its own timeout (cluster.commandTimeout); this limit is only a guard.
            String answer = Singletons.await(singletons.ask(CALLBACK_REQUEST, org.openucc.json.ApiJson.text(
                    new CallbackAsk(name, phone, queueId, at, note, address))), java.time.Duration.ofMinutes(2),
                    "the node running the callbacks");
            try {
                return org.openucc.json.ApiJson.mapper().readValue(answer, CallbackService.Accepted.class);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("the node running the callbacks gave an unreadable answer: "
                        + e.getMessage());
            }
        };
    }

    @Override
    public void stop() throws InterruptedException {
        Running r = running;
        running = null;
        if (r == null) {
            return;
        }
        for (int i = r.once().size() - 1; i >= 0; i--) {
            r.once().get(i).close(); // the watcher and the callbacks stop first (in a cluster, before the engine goes)
        }
        if (r.chat() != null) {
            if (chatNodes != null) {
                chatNodes.close();
            }
            routing.removeListener(r.chat());
            r.chat().supervision().serverStopping(); // logged before the workers stop
        }
        if (r.email() != null) {
            r.email().close();
        }
        r.timers().shutdownNow();
        org.openucc.concurrent.ThreadPools.shutDown(r.workers());
    }

    @Override
    public ComponentHealth health() {
        Running r = running;
        if (r == null) {
            return ComponentHealth.down("not started");
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("chat", r.chat() == null ? "off" : "on");
        d.put("email", r.email() == null ? "off" : r.email().describe());
        CallbackService c = callbacks;
        d.put("callback", !r.callbacksOn() ? "off" : c != null ? "on: scheduled and dialled here (" + c.scheduled()
                + " waiting for their time)" : "on: requests go to the node that runs the callbacks (the engine's owner)");
        d.put("runsHere", singletons.running());
        d.put("dialOut", r.dialOut() == null ? "off" : "on");
        if (r.chat() != null) {
            d.put("openChats", r.chat().openChats());
        }
        return ComponentHealth.up(d);
    }

    /** The chat service; null while stopped or when chat is off. */
    public ChatService chat() {
        Running r = running;
        return r == null ? null : r.chat();
    }

    /** The email channel; null while stopped or when email is off. */
    public EmailService email() {
        Running r = running;
        return r == null || r.email() == null ? null : r.email().service();
    }

    /**
     * The callback service; null while stopped, when callbacks are off, or in a cluster on a node that does not run
     * them now (see {@link #callbackRequests()}).
     */
    public CallbackService callbacks() {
        return callbacks;
    }

    /** Agents' own calls; null while stopped or when dial-out is off. */
    public org.openucc.dialout.DialOutService dialOut() {
        Running r = running;
        return r == null ? null : r.dialOut();
    }

    /** The transcripts of every web channel (after start). */
    public MessageStore messages() {
        Running r = running;
        if (r == null) {
            throw new IllegalStateException("the web channels are not running");
        }
        return r.messages();
    }

    private String chatSecret(org.openucc.config.ChatConfig chat) {
        if (chat.identitySecret() != null) {
            return chat.identitySecret();
        }
        return chat.identitySecretEnv() == null ? null : env.apply(chat.identitySecretEnv());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
