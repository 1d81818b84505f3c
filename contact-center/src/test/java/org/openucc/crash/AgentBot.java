package org.openucc.crash;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.openucc.api.ApiClient;
import org.openucc.telephony.sip.SipTestPhone;

/**
 * One agent at work, through the real API: logs in, registers their SIP phone (voice agents; the
 * phone answers whatever rings, so calls and callbacks connect), and on the console WebSocket goes
 * ready, accepts or declines offers, writes chat lines, puts calls on hold, ends and wraps up, and
 * takes short breaks, each after a short random pause from its own seeded Random. Every
 * acknowledgement it gets goes into the ledger, and so does the state its console last showed.
 */
final class AgentBot {
    final String agentId;
    private final String sipUser;
    private ApiClient session;
    private WsPeer console;
    private SipTestPhone phone;
    private RoundContext round;
    private Random random;
    /** Channel of each interaction offered to this agent (from the offer's screen pop). */
    private final Map<String, String> channels = new ConcurrentHashMap<>();

    AgentBot(String agentId, String sipUser) {
        this.agentId = agentId;
        this.sipUser = sipUser;
    }

    /** The session from the last login (still valid after a restart if sessions survive it). */
    ApiClient session() {
        return session;
    }

    void login(ApiClient client) {
        this.session = client;
    }

    /** Connects the console (and phone) for the round; the hello sets the seen state. */
    void attach(RoundContext r, Random ownRandom) throws Exception {
        this.round = r;
        this.random = ownRandom;
        if (sipUser != null) {
            phone = SipTestPhone.open(sipUser, r.sipPort());
            int status = phone.register(agentId + "-phone", 3600);
            if (status != 200) {
                throw new IllegalStateException(agentId + "'s phone could not register: " + status);
            }
        }
        console = WsPeer.connect(r.vertx(), r.httpPort(), "/ws/agent", session.sessionHeaders(), "console of " + agentId,
                this::onMessage);
    }

    /** Starts the round's work: ready at a random moment (work waits meanwhile), and maybe a short break later. */
    void startWork() {
        round.later(random.nextInt(1200), this::ready);
        if (random.nextBoolean()) {
            long breakAt = 300 + random.nextInt(1500);
            round.later(breakAt, () -> state(new JsonObject().put("type", "notReady").put("reason", "break")));
            round.later(breakAt + 200 + random.nextInt(600), this::ready);
        }
    }

    private void ready() {
        state(new JsonObject().put("type", "ready"));
    }

    private void state(JsonObject command) {
        String wanted = "ready".equals(command.getString("type")) ? "READY" : "NOT_READY";
        String token = round.ledger().requesting(agentId, wanted, command.getString("reason"));
        boolean sent = send(command, Ack.Kind.STATE, null, ack -> {
            JsonObject s = ack.getJsonObject("result", new JsonObject());
            round.ledger().seen(agentId, s.getString("state"), s.getString("reason"));
        }, () -> round.ledger().answered(agentId, token));
        if (!sent) {
            round.ledger().answered(agentId, token);
        }
    }

    private void onMessage(JsonObject m) {
        String type = m.getString("type", "");
        switch (type) {
            case "hello" -> {
                JsonObject a = m.getJsonObject("agent", new JsonObject());
                round.ledger().seen(agentId, a.getString("state"), a.getString("reason"));
                if (m.getJsonObject("offer") != null) {
                    offered(m.getJsonObject("offer"));
                }
                for (Object o : m.getJsonArray("interactions", new JsonArray())) {
                    JsonObject i = (JsonObject) o;
                    channels.put(i.getString("interactionId"), i.getString("channel", ""));
                    if ("WRAP_UP".equals(i.getString("state"))) {
                        wrapUpLater(i.getString("interactionId"));
                    } else {
                        workLater(i.getString("interactionId"));
                    }
                }
            }
            case "state" -> round.ledger().seen(agentId, m.getString("state"), m.getString("reason"));
            case "offer" -> offered(m);
            case "connected" -> workLater(m.getString("interactionId"));
            case "wrapUpStarted" -> wrapUpLater(m.getString("interactionId"));
            default -> {
            }
        }
    }

    private void offered(JsonObject offer) {
        String id = offer.getString("interactionId");
        JsonObject pop = offer.getJsonObject("screenPop", new JsonObject());
        String channel = pop.getString("channel", "");
        channels.put(id, channel);
        if ("VOICE".equals(channel)) {
            return; // the phone rings and answers: the call's own accept
        }
        boolean decline = random.nextInt(5) == 0;
        round.later(50 + random.nextInt(300), () -> send(new JsonObject().put("type", decline ? "decline" : "accept")
                .put("interactionId", id), decline ? Ack.Kind.DECLINE : Ack.Kind.ACCEPT, id, ack -> { }));
    }

    /** Connected: a chat gets a line or two, a call may be held; then it ends. */
    private void workLater(String id) {
        String channel = channels.getOrDefault(id, "");
        long at = 100 + random.nextInt(400);
        if ("CHAT".equals(channel)) {
            int lines = 1 + random.nextInt(2);
            for (int i = 0; i < lines; i++) {
                String text = agentId + " line " + i + " in round " + round.number();
                round.later(at, () -> send(new JsonObject().put("type", "chatSend").put("interactionId", id)
                        .put("text", text), Ack.Kind.CHAT_LINE, id, ack -> { }));
                at += 100 + random.nextInt(200);
            }
        } else if (("VOICE".equals(channel) || "CALLBACK".equals(channel)) && random.nextInt(3) == 0) {
            round.later(at, () -> send(new JsonObject().put("type", "hold").put("interactionId", id), Ack.Kind.HOLD, id,
                    ack -> { }));
            at += 200 + random.nextInt(300);
        }
        round.later(at + random.nextInt(500), () -> send(new JsonObject().put("type", "end").put("interactionId", id),
                Ack.Kind.END, id, ack -> { }));
    }

    private void wrapUpLater(String id) {
        round.later(100 + random.nextInt(400), () -> send(new JsonObject().put("type", "wrapUp").put("interactionId", id)
                .put("disposition", "resolved").put("notes", "round " + round.number()), Ack.Kind.WRAP_UP, id, ack -> { }));
    }

    private void send(JsonObject command, Ack.Kind kind, String interactionId,
                      java.util.function.Consumer<JsonObject> onAck) {
        send(command, kind, interactionId, onAck, () -> { });
    }

    /** Sends the command; false if there was no console to send it on. {@code onAnswer} runs once the server answered. */
    private boolean send(JsonObject command, Ack.Kind kind, String interactionId,
                         java.util.function.Consumer<JsonObject> onAck, Runnable onAnswer) {
        WsPeer c = console;
        if (c == null || !c.isOpen()) {
            return false;
        }
        Instant sent = Instant.now();
        c.command(command).whenComplete((answer, failure) -> {
            if (answer != null && "ack".equals(answer.getString("type"))) {
                JsonObject recorded = kind == Ack.Kind.CHAT_LINE ? answer.getJsonObject("result", new JsonObject())
                        : answer;
                round.ledger().ack(round.number(), kind, agentId, interactionId, recorded, sent);
                onAck.accept(answer);
            } else if (answer != null) {
                round.ledger().count("refused " + command.getString("type") + " " + answer.getInteger("status"));
            }
            if (answer != null) {
                onAnswer.run(); // a refusal is an answer too: nothing changed
            }
        });
        return true;
    }

    /** After the kill: the console and the phone are dead weight. */
    void detach() {
        if (console != null) {
            console.close();
            console = null;
        }
        if (phone != null) {
            phone.close();
            phone = null;
        }
        channels.clear();
    }
}
