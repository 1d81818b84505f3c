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

    private record Running(ExecutorService workers, ScheduledExecutorService timers, MessageStore messages,
                           ChatService chat, EmailChannel email, CallbackService callbacks,
                           org.openucc.dialout.DialOutService dialOut) {
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

    @Override
    public String name() {
        return "channels";
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
            email = EmailChannel.start(config.channels().email(), env, intake, s, messages, routing, agents,
                    Path.of(config.server().dataDir()), clock);
        }
        ChatService chat = null;
        if (config.channels().chat().enabled()) {
            chat = new ChatService(config.channels().chat(), agentNames, routing, new CrmChatIntake(intake, s), messages,
                    s.interactionLog(), agents, email == null ? null : email.service(), workers, timers, clock,
                    Path.of(config.server().dataDir()), chatSecret(config.channels().chat()),
                    new org.openucc.store.JdbcChatSessionStore(s.database()), rejections);
            routing.addListener(chat);
            chat.restore(messages);
        }
        CallbackService callbacks = null;
        if (config.channels().callback().enabled()) {
            callbacks = new CallbackService(config.channels().callback(), s.rules().phones(), intake,
                    new JdbcCallbackStore(s.database()), s.interactionLog(), routing, dialer, timers, workers, clock,
                    rejections);
            routing.addListener(callbacks);
            callbacks.resume();
        }
        org.openucc.dialout.DialOutService dialOut = !config.channels().dialOut().enabled() ? null
                : new org.openucc.dialout.DialOutService(config.channels().dialOut(), s.rules().phones(), s.customers(),
                        s.interactionLog(), routing, dialer, workers, clock, rejections);
        running = new Running(workers, timers, messages, chat, email, callbacks, dialOut);
    }

    @Override
    public void stop() throws InterruptedException {
        Running r = running;
        running = null;
        if (r == null) {
            return;
        }
        if (r.chat() != null) {
            routing.removeListener(r.chat());
            r.chat().supervision().serverStopping(); // logged before the workers stop
        }
        if (r.email() != null) {
            r.email().close();
        }
        if (r.callbacks() != null) {
            routing.removeListener(r.callbacks());
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
        d.put("callback", r.callbacks() == null ? "off" : "on");
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

    /** The callback service; null while stopped or when callbacks are off. */
    public CallbackService callbacks() {
        Running r = running;
        return r == null ? null : r.callbacks();
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
