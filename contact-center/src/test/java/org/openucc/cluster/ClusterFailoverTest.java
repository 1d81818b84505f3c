package org.openucc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.crash.ServerProcess;
import org.openucc.store.LocalPostgres;
import org.openucc.telephony.sip.SipTestPhone;

/**
 * Three OpenUCC nodes in separate JVMs on loopback, one shared PostgreSQL: agents log in on different nodes, work is
 * put in line through other nodes, and the engine's owner is killed with SIGKILL while another node keeps creating
 * interactions. A surviving node must take the engine over and rebuild it from the log: every interaction whose
 * creation was acknowledged is still there exactly once, the waiting ones keep their order and their waited time,
 * the offer that was in flight is offered again, agents keep their state, and an agent made ready through a
 * surviving node gets an offer. Calls wait too (jain-sip callers): the one a surviving node carries keeps waiting and
 * is then answered by an agent whose phone registered with a third node; the one on the killed node is ended in the
 * log with the reason. A web callback and a web chat (its visitor on a surviving node) wait through it once each, and
 * the new owner dials the callback once; a callback asked for a few seconds after the kill is dialled once, by the new
 * owner, when it falls due. An agent writing his notes (wrap-up) when the owner dies is still wrapping up the same
 * interaction until the same end after the takeover, is offered nothing meanwhile, and ends it from his console.
 */
class ClusterFailoverTest {
    private static final String SECRET = "cluster-test-secret-0123456789";
    private static final String QUEUE = "work";
    private static final String CALLS = "calls";
    private static final int WAITING_BEFORE = 12;
    private static final int MAX_LOAD = 400;

    @TempDir
    Path work;
    private LocalPostgres pg;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final List<SipTestPhone> phones = new ArrayList<>();
    private final List<ConsoleClient> consoles = new ArrayList<>();
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void tearDown() throws Exception {
        for (SipTestPhone p : phones) {
            p.close();
        }
        for (ConsoleClient c : consoles) {
            c.close();
        }
        vertx.close().await(10, TimeUnit.SECONDS);
        for (ServerProcess n : nodes) {
            n.destroy();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void killingTheEngineOwnerUnderLoadLosesNoWaitingInteraction() throws Exception {
        Path bin = LocalPostgres.find().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install -y postgresql"));
        pg = LocalPostgres.start(bin);
        int[] hz = ClusterTestConfig.freePorts(3);
        SipTestPhone customer = phone("customer", 0); // answers the callbacks; never registers or calls
        List<String> members = List.of("127.0.0.1:" + hz[0], "127.0.0.1:" + hz[1], "127.0.0.1:" + hz[2]);
        java.util.regex.Matcher daveHash = java.util.regex.Pattern.compile("\\{username: dave, [^}]*passwordHash: '([^']+)'}")
                .matcher(Files.readString(ClusterTestConfig.repository().resolve("config/contact-center.yaml")));
        assertThat(daveHash.find()).as("the demo user dave").isTrue();
        for (int i = 0; i < 3; i++) {
            Path config = ClusterTestConfig.writeWithVoice(work.resolve("node" + (i + 1) + ".yaml"), work,
                    pg.url("openucc"), "node" + (i + 1), hz[i], members, 46_000 + 200 * i);
            // Carol takes calls and callbacks only (alice and bob take the email work first). Web callbacks wait
            // in their own queue (a long service-level threshold: a call waiting as long goes first) and are dialled
            // to the customer's test phone. Dave works the queue 'notes' alone, with ten minutes of wrap-up.
            String yaml = Files.readString(config).replace(
                    "{id: carol, name: Carol, skills: {support: 5}, capacity: {EMAIL: 1, VOICE: 1}}",
                    "{id: carol, name: Carol, skills: {support: 5}, capacity: {VOICE: 1, CALLBACK: 1}}\n"
                            + "  - {id: dave, name: Dave, skills: {notes: 5}, capacity: {EMAIL: 1}}")
                    .replace("  - {id: support, name: Support}\n", "  - {id: support, name: Support}\n"
                            + "  - {id: notes, name: Notes}\n")
                    .replace("reasonCodes:\n", "dispositions:\n  - {code: resolved, label: Resolved}\nreasonCodes:\n")
                    .replace("  - {username: supervisor,", "  - {username: dave, role: AGENT, agentId: dave, passwordHash: '"
                            + daveHash.group(1) + "'}\n  - {username: supervisor,")
                    .replace("agents:\n", """
                              - id: callbacks
                                name: Callbacks
                                channels: [CALLBACK]
                                skills: {support: 1}
                                strategy: longest-idle
                                wrapUp: 0s
                                offerTimeout: 30s
                                serviceLevel: {percent: 80, threshold: 1h}
                              - id: chat
                                name: Web chat
                                channels: [CHAT]
                                skills: {support: 1}
                                strategy: longest-idle
                                wrapUp: 0s
                                offerTimeout: 30s
                              - id: notes
                                name: Notes
                                channels: [EMAIL]
                                skills: {notes: 1}
                                strategy: longest-idle
                                wrapUp: 10m
                                offerTimeout: 30s
                            agents:
                            """) + """
                    channels:
                      chat:
                        enabled: true
                        topics:
                          - {id: support, label: Support, queue: chat}
                      callback:
                        enabled: true
                        queues: [callbacks]
                        ringTimeout: 15s
                        dialUri: "sip:{number}@127.0.0.1:%d"
                        callerId: "1000"
                    """.formatted(customer.port());
            assertThat(yaml).contains("capacity: {VOICE: 1, CALLBACK: 1}}").contains("- id: callbacks")
                    .contains("{id: notes, name: Notes}").contains("{username: dave,").contains("dispositions:");
            Files.writeString(config, yaml);
            Path data = Files.createDirectories(work.resolve("data" + (i + 1)));
            nodes.add(ServerProcess.start(config, data, logs().resolve("node" + (i + 1) + ".log"),
                    Map.of("OPENUCC_CLUSTER_SECRET", SECRET)));
        }
        ServerProcess n1 = nodes.get(0);
        ServerProcess n2 = nodes.get(1);
        ServerProcess n3 = nodes.get(2);
        for (ServerProcess n : nodes) {
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster(n).getJsonArray("members").size() == 3);
        }
        assertThat(cluster(n2).getString("engineOwner")).isEqualTo("node1");
        assertThat(cluster(n1).getBoolean("ownsEngine")).isTrue();
        assertThat(cluster(n3).getBoolean("ownsEngine")).isFalse();

        // Agents log in on different nodes; only alice is ready (she takes the first in line).
        String alice = token(n2, "alice", "alice-demo");
        String bob = token(n3, "bob", "bob-demo");
        String carol = token(n1, "carol", "carol-demo"); // her console is on the node that will die
        String supervisor2 = token(n2, "supervisor", "supervisor-demo");
        String supervisor3 = token(n3, "supervisor", "supervisor-demo");
        assertThat(state(n2, alice, "alice", "READY", null).statusCode()).isEqualTo(200);
        assertThat(state(n3, bob, "bob", "NOT_READY", "lunch").statusCode()).isEqualTo(200);
        assertThat(state(n2, carol, "carol", "NOT_READY", "training").statusCode()).as("a token from node 1 on node 2")
                .isEqualTo(200);
        assertThat(get(n3, alice, "/api/agents/alice").statusCode()).as("a token from node 2 on node 3").isEqualTo(200);

        // Dave, his console on node 2 (it survives), takes a mail of 'notes' and ends it: he is writing his notes
        // (ten minutes of wrap-up) when the owner dies.
        ConsoleClient daveDesk = console(n2, "dave");
        daveDesk.next("hello");
        assertThat(daveDesk.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");
        String wrapping = created(post(n3, supervisor3, "/api/interactions", new JsonObject().put("channel", "EMAIL")
                .put("queueId", "notes").put("email", "notes1@example.test")));
        assertThat(daveDesk.next("offer").getString("interactionId")).isEqualTo(wrapping);
        assertThat(daveDesk.command(new JsonObject().put("type", "accept").put("interactionId", wrapping))
                .getString("type")).isEqualTo("ack");
        assertThat(daveDesk.command(new JsonObject().put("type", "end").put("interactionId", wrapping))
                .getString("type")).isEqualTo("ack");
        String wrapUpEndsAt = daveDesk.next("wrapUpStarted").getString("endsAt");

        // Work put in line through node 3, whose commands cross to the owner on node 1.
        List<String> created = new ArrayList<>();
        for (int i = 0; i < WAITING_BEFORE; i++) {
            HttpResponse<String> r = create(n3, supervisor3, i);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            created.add(new JsonObject(r.body()).getString("id"));
            Thread.sleep(20); // each its own enqueue time (see the check after the failover)
        }
        String first = created.get(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.equals(agent(n2, supervisor2, "alice")
                .getString("offeredInteraction")));
        long beforeAt = System.currentTimeMillis();
        List<JsonObject> waitingBefore = waiting(n3, supervisor3);
        long beforeDone = System.currentTimeMillis();
        // The queue's list shows the ringing one too, at the head.
        assertThat(ids(waitingBefore)).containsExactlyElementsOf(created);
        Map<String, Long> enqueuedBefore = enqueuedAt(waitingBefore, (beforeAt + beforeDone) / 2);

        // Calls wait too, with no agent's phone registered: one through node 2 (it survives), one through node 1
        // (its media dies with the node).
        SipTestPhone callerOn2 = phone("5550002", n2.sipPort());
        assertThat(callerOn2.call(ClusterTestConfig.VOICE_NUMBER, "5550002").get(20, TimeUnit.SECONDS)).isEqualTo(200);
        String survivingCall = await().atMost(Duration.ofSeconds(15))
                .until(() -> ids(waiting(n3, supervisor3, CALLS)), l -> l.size() == 1).get(0);
        SipTestPhone callerOn1 = phone("5550001", n1.sipPort());
        assertThat(callerOn1.call(ClusterTestConfig.VOICE_NUMBER, "5550001").get(20, TimeUnit.SECONDS)).isEqualTo(200);
        String lostCall = await().atMost(Duration.ofSeconds(15))
                .until(() -> ids(waiting(n3, supervisor3, CALLS)), l -> l.size() == 2).get(1);
        assertThat(lostCall).isNotEqualTo(survivingCall);
        // A web callback asked for now, through node 3: it waits in line for an agent (carol, not ready yet).
        HttpResponse<String> asked = post(n3, null, "/api/callbacks", new JsonObject().put("name", "Hannah Vogel")
                .put("phone", "+4930123456").put("queueId", "callbacks"));
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        String callback = new JsonObject(asked.body()).getString("interactionId");
        assertThat(ids(waiting(n2, supervisor2, "callbacks"))).containsExactly(callback);
        // One more for a few seconds after the kill below: scheduled by node 1, it falls due on the new owner.
        java.time.Instant laterDue = java.time.Instant.now().plusSeconds(8);
        HttpResponse<String> askedLater = post(n3, null, "/api/callbacks", new JsonObject().put("name", "Jonas Weber")
                .put("phone", "+4930123457").put("queueId", "callbacks").put("at", laterDue.toString()));
        assertThat(askedLater.statusCode()).as(askedLater.body()).isEqualTo(202);
        assertThat(new JsonObject(askedLater.body()).getString("state")).isEqualTo("SCHEDULED");
        String laterCallback = new JsonObject(askedLater.body()).getString("callbackId");
        // A web chat through node 2 waits too (no agent takes chats here): its visitor's widget stays on node 2.
        ConsoleClient visitor = ConsoleClient.connect(vertx, n2.httpPort(), "/ws/chat", MultiMap.caseInsensitiveMultiMap());
        visitor.sendRaw(new JsonObject().put("type", "start").put("name", "Vera Lind").put("topic", "support").encode());
        String chat = visitor.next("started").getString("chatId");
        assertThat(ids(waiting(n3, supervisor3, "chat"))).containsExactly(chat);

        // Load through node 2 while the owner dies: every acknowledged creation must survive.
        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        List<Integer> refusals = new CopyOnWriteArrayList<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            for (int i = 0; i < MAX_LOAD && loading.get(); i++) {
                try {
                    HttpResponse<String> r = create(n2, supervisor2, 100 + i);
                    if (r.statusCode() == 201) {
                        acknowledged.put(new JsonObject(r.body()).getString("id"), i);
                    } else {
                        refusals.add(r.statusCode());
                    }
                    Thread.sleep(40);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    refusals.add(-1);
                }
            }
        }, "cluster-load");
        load.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() >= 10);

        ServerProcess.Killed killed = n1.kill();
        long killedAt = killed.doneAt().toEpochMilli();
        assertThat(killed.doneAt()).as("the later callback falls due after the kill").isBefore(laterDue);
        // Bob gets ready through node 3 at once: his command waits for the new owner and then takes work.
        HttpResponse<String> ready = state(n3, bob, "bob", "READY", null);
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> agent(n3, supervisor3, "bob").getString("offeredInteraction") != null);
        long offerAt = System.currentTimeMillis();
        // Each node's view follows the new owner's announcement (or its next lease check): soon, not at the offer.
        JsonObject[] views = new JsonObject[2];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            views[0] = cluster(n2);
            views[1] = cluster(n3);
            String o2 = views[0].getString("engineOwner");
            return o2 != null && !o2.equals("node1") && o2.equals(views[1].getString("engineOwner"));
        });
        JsonObject c2 = views[0];
        JsonObject c3 = views[1];
        String newOwner = c2.getString("engineOwner");
        assertThat(newOwner).isIn("node2", "node3");
        assertThat(c3.getString("engineOwner")).isEqualTo(newOwner);
        assertThat(c2.getJsonArray("members").size()).isEqualTo(2);
        JsonObject takeover = (newOwner.equals("node2") ? c2 : c3).getJsonObject("lastTakeover");
        assertThat(takeover.getBoolean("failover")).isTrue();
        assertThat(takeover.getString("previousOwner")).isEqualTo("node1");
        System.out.printf("Cluster failover: SIGKILL of the owner -> first new offer %d ms (takeover itself %d ms, new owner %s)%n",
                offerAt - killedAt, takeover.getLong("tookMillis"), newOwner);

        Thread.sleep(500); // a few more creations through the new owner
        loading.set(false);
        load.join(10_000);
        assertThat(acknowledged).as("creations acknowledged during the run").isNotEmpty();

        // Nothing acknowledged is lost or duplicated; the waiting keep their order and waited time.
        String bobs = agent(n3, supervisor3, "bob").getString("offeredInteraction");
        long afterAt = System.currentTimeMillis();
        List<JsonObject> waitingAfter = waiting(n2, supervisor2);
        long afterDone = System.currentTimeMillis();
        List<String> after = ids(waitingAfter);
        assertThat(after).doesNotHaveDuplicates();
        String alicesOffer = agent(n2, supervisor2, "alice").getString("offeredInteraction");
        java.util.Set<String> everywhere = new java.util.HashSet<>(after);
        everywhere.add(bobs);
        if (alicesOffer != null) {
            everywhere.add(alicesOffer);
        }
        List<String> expected = new ArrayList<>(created);
        expected.addAll(acknowledged.keySet());
        assertThat(everywhere).as("every acknowledged interaction is waiting or offered").containsAll(expected);
        // A creation may only be refused as 'unavailable, may or may not have been made' (503), never as a conflict;
        // beyond the acknowledged ones, at most the refused ones can be in line.
        assertThat(refusals).allMatch(status -> status == 503);
        assertThat(everywhere.size()).isLessThanOrEqualTo(expected.size() + refusals.size());
        // The old waiting order holds among those still waiting, each with the same enqueue time.
        List<String> stillWaiting = after.stream().filter(enqueuedBefore::containsKey).toList();
        List<String> oldOrder = ids(waitingBefore).stream().filter(stillWaiting::contains).toList();
        assertThat(stillWaiting).isEqualTo(oldOrder);
        Map<String, Long> enqueuedAfter = enqueuedAt(waitingAfter, (afterAt + afterDone) / 2);
        Map<String, Long> shifts = new LinkedHashMap<>();
        for (String id : stillWaiting) {
            shifts.put(id, enqueuedAfter.get(id) - enqueuedBefore.get(id));
        }
        System.out.printf("Cluster failover: enqueue-time shifts %s%n", shifts.values());
        // Each query reads every waited time at one engine instant, so if each kept its enqueue time they all shift
        // alike; an enqueue time reset by the failover (or taken from elsewhere) would spread them by the 20 ms or
        // more between two creations.
        long spread = shifts.values().stream().mapToLong(Long::longValue).max().orElse(0)
                - shifts.values().stream().mapToLong(Long::longValue).min().orElse(0);
        assertThat(spread).as("enqueue times before and after: " + shifts).isLessThanOrEqualTo(5);
        long span = enqueuedBefore.values().stream().mapToLong(Long::longValue).max().orElse(0)
                - enqueuedBefore.values().stream().mapToLong(Long::longValue).min().orElse(0);
        assertThat(span).as("the waiting entered the queue at different times").isGreaterThanOrEqualTo(200);
        // The offer in flight (alice's) is offered again, and nobody is stuck.
        assertThat(List.of(alicesOffer == null ? "" : alicesOffer, bobs)).contains(first);
        // Carol's console moves to a survivor: still logged in. Her logout there ends the session on every node.
        assertThat(get(n3, carol, "/api/agents/carol").statusCode()).isEqualTo(200);
        assertThat(post(n3, carol, "/api/auth/logout", new JsonObject()).statusCode()).isIn(200, 204);
        await().atMost(Duration.ofSeconds(10)).until(() -> get(n2, carol, "/api/agents/carol").statusCode() == 401);
        JsonObject carolNow = agent(n2, supervisor2, "carol");
        assertThat(carolNow.getString("state")).isEqualTo("NOT_READY");
        assertThat(carolNow.getString("reason")).isEqualTo("training");
        assertThat(agent(n2, supervisor2, "alice").getString("state")).isIn("READY", "RESERVED");

        // Dave is still wrapping up the same mail until the same end (the new owner says so again), and is offered
        // nothing meanwhile: the next mail of 'notes' waits. A console opened on node 3 shows the wrap-up too; he
        // ends it from his console on node 2, and then gets the next mail.
        JsonObject daveNow = agent(n3, supervisor3, "dave");
        assertThat(daveNow.getString("state")).isEqualTo("WRAP_UP");
        assertThat(daveNow.getJsonArray("interactions").getList()).containsExactly(wrapping);
        assertThat(daveDesk.next(m -> "wrapUpStarted".equals(m.getString("type")), "wrapUpStarted again")
                .getString("endsAt")).isEqualTo(wrapUpEndsAt);
        String nextNote = created(post(n3, supervisor3, "/api/interactions", new JsonObject().put("channel", "EMAIL")
                .put("queueId", "notes").put("email", "notes2@example.test")));
        assertThat(ids(waiting(n3, supervisor3, "notes"))).containsExactly(nextNote);
        assertThat(agent(n2, supervisor2, "dave").getString("offeredInteraction")).isNull();
        try (ConsoleClient onNode3 = console(n3, "dave")) {
            JsonArray inHand = onNode3.next("hello").getJsonArray("interactions");
            assertThat(inHand.size()).isEqualTo(1);
            assertThat(List.of(inHand.getJsonObject(0).getString("interactionId"), inHand.getJsonObject(0).getString("state"),
                    inHand.getJsonObject(0).getString("wrapUpEndsAt"))).isEqualTo(List.of(wrapping, "WRAP_UP", wrapUpEndsAt));
        }
        JsonObject wrappedUp = daveDesk.command(new JsonObject().put("type", "wrapUp").put("interactionId", wrapping)
                .put("disposition", "resolved").put("notes", "written through the failover"));
        assertThat(wrappedUp.getString("type")).as(wrappedUp.encode()).isEqualTo("ack");
        assertThat(daveDesk.next("offer").getString("interactionId")).isEqualTo(nextNote);
        List<JsonObject> wrapUpEvents = events(wrapping, "WRAP_UP_STARTED", "WRAP_UP_ENDED");
        assertThat(wrapUpEvents).as("two starts with the same end (the second by the new owner), one end: dave's")
                .extracting(e -> e.getString("type") + " " + e.getString("endsAt") + " " + e.getString("actor"))
                .containsExactly("WRAP_UP_STARTED " + wrapUpEndsAt + " null", "WRAP_UP_STARTED " + wrapUpEndsAt + " null",
                        "WRAP_UP_ENDED null null");

        // The call on node 2 is still waiting, once; the call on node 1 ended in the log with the reason, and
        // its caller's node is gone.
        assertThat(ids(waiting(n2, supervisor2, CALLS))).containsExactly(survivingCall);
        assertThat(endReason(lostCall)).as("how the call on the dead node ended").isEqualTo("node node1 stopped: the call's media was lost with it");
        assertThat(callerOn2.callsEnded()).as("the caller on node 2 is still on the line").isZero();
        // The callback is still in line, once (the later one may be due already), and the new owner runs the callbacks.
        assertThat(waiting(n2, supervisor2, "callbacks").stream().filter(v -> !laterCallback.equals(callbackId(v)))
                .map(v -> v.getString("id")).toList()).containsExactly(callback);
        assertThat(ids(waiting(n3, supervisor3, "chat"))).containsExactly(chat);
        visitor.sendRaw(new JsonObject().put("type", "message").put("clientId", "v1").put("text", "Still there?").encode());
        visitor.next(m -> "receipt".equals(m.getString("type")) && "sent".equals(m.getString("status")), "sent receipt");
        assertThat(health(newOwner.equals("node2") ? n2 : n3).getJsonObject("cluster").getJsonArray("singletons"))
                .contains("callbacks");
        // Carol's phone registers with node 3 and she gets ready through node 3: node 2 (which carries the
        // call) rings her phone at its contact, she answers and hears the caller.
        SipTestPhone carolsPhone = phone(ClusterTestConfig.phoneUser("carol"), n3.sipPort());
        assertThat(carolsPhone.register("carol-phone", 300)).isEqualTo(200);
        String carol3 = token(n3, "carol", "carol-demo");
        assertThat(state(n3, carol3, "carol", "READY", null).statusCode()).isEqualTo(200);
        assertThat(carolsPhone.firstRingSentByPort(20)).as("the INVITE came from node 2, which carries the call")
                .isEqualTo(n2.sipPort());
        await().atMost(Duration.ofSeconds(15)).until(() -> agent(n3, supervisor3, "carol").getJsonArray("interactions")
                .contains(survivingCall));
        callerOn2.startTone(440);
        await().atMost(Duration.ofSeconds(15)).until(() -> carolsPhone.loudAudioPackets(1000) >= 25);
        // She hangs up from her console on node 3; node 2 carries the call's legs: the command goes there, node 2
        // checks she is the agent on the call and hangs up both legs (the caller's phone gets the BYE).
        {
            ApiClient carolApi = ApiClient.bearer(vertx, n3.httpPort(), "carol", "carol-demo");
            try (ConsoleClient desk = ConsoleClient.connect(vertx, n3.httpPort(), "/ws/agent", carolApi.sessionHeaders())) {
                desk.next("hello");
                JsonObject hungUp = desk.command(new JsonObject().put("type", "hangup").put("interactionId", survivingCall));
                assertThat(hungUp.getString("type")).as(hungUp.encode()).isEqualTo("ack");
            }
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> callerOn2.callsHungUpByPeer() == 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> carolsPhone.callsEnded() == 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> endReason(survivingCall) != null);
        assertThat(endReason(survivingCall)).as("the log ends the call as hung up by her").isEqualTo("hung up by agent carol");
        // Carol is free again: the callback is offered to her, she accepts on her console (node 3), and the new
        // owner rings her phone, then the customer's: once.
        String carolsDesk = null;
        {
            ApiClient carolApi = ApiClient.bearer(vertx, n3.httpPort(), "carol", "carol-demo");
            try (ConsoleClient desk = ConsoleClient.connect(vertx, n3.httpPort(), "/ws/agent", carolApi.sessionHeaders())) {
                desk.next("hello");
                await().atMost(Duration.ofSeconds(20)).until(() -> callback.equals(agent(n3, supervisor3, "carol")
                        .getString("offeredInteraction")));
                JsonObject accepted = desk.command(new JsonObject().put("type", "accept").put("interactionId", callback));
                assertThat(accepted.getString("type")).as(accepted.encode()).isEqualTo("ack");
                await().atMost(Duration.ofSeconds(20)).until(() -> customer.incomingCalls() == 1);
                await().atMost(Duration.ofSeconds(5)).until(() -> carolsPhone.incomingCalls() == 2);
                // She hangs it up (whichever node carries the call: the command goes there); the later callback,
                // once due, is hers next: the customer's phone rings once more.
                JsonObject ended = desk.command(new JsonObject().put("type", "hangup").put("interactionId", callback));
                assertThat(ended.getString("type")).as(ended.encode()).isEqualTo("ack");
                String later = await().atMost(Duration.ofSeconds(30)).until(() -> agent(n3, supervisor3, "carol")
                        .getString("offeredInteraction"), id -> id != null && !id.equals(callback));
                assertThat(java.time.Instant.now()).isAfterOrEqualTo(laterDue.minusMillis(50));
                JsonObject acceptedLater = desk.command(new JsonObject().put("type", "accept").put("interactionId", later));
                assertThat(acceptedLater.getString("type")).as(acceptedLater.encode()).isEqualTo("ack");
                await().atMost(Duration.ofSeconds(20)).until(() -> customer.incomingCalls() == 2);
                assertThat(events(later, "INTERACTION_CREATED")).singleElement()
                        .satisfies(e -> assertThat(e.getString("attr.callback.id")).isEqualTo(laterCallback));
                carolsDesk = "served";
            }
        }
        assertThat(carolsDesk).isEqualTo("served");
        assertThat(customer.incomingCalls()).as("each callback rang the customer once").isEqualTo(2);
        assertThat(callbackAttempts(laterCallback)).as("the later callback: one interaction, dialled once")
                .containsExactly("ANSWERED");

        // Every failover is in the log, with who took over from whom.
        try (Connection c = DriverManager.getConnection(pg.url("openucc"), "openucc", "");
             PreparedStatement ps = c.prepareStatement("SELECT details FROM interaction_event WHERE event_type = 'ADMIN_CHANGE'"
                     + " AND actor = 'cluster' ORDER BY id")) {
            List<String> changes = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changes.add(new JsonObject(rs.getString(1)).getString("change"));
                }
            }
            assertThat(changes).anyMatch(s -> s.startsWith("start: node node1 owns the ACD engine"));
            assertThat(changes).anyMatch(s -> s.startsWith("failover: node " + newOwner) && s.contains("previous owner node1"));
        }
        System.out.printf("Cluster failover: %d created before, %d acknowledged under load, %d refused (%s), %d waiting after%n",
                created.size(), acknowledged.size(), refusals.size(), refusals, after.size());
    }

    /** An agent's console on that node (closed after the test). */
    private ConsoleClient console(ServerProcess n, String agent) {
        ConsoleClient c = ConsoleClient.connect(vertx, n.httpPort(), "/ws/agent",
                ApiClient.bearer(vertx, n.httpPort(), agent, agent + "-demo").sessionHeaders());
        consoles.add(c);
        return c;
    }

    private static String created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getString("id");
    }

    private static String callbackId(JsonObject view) {
        JsonObject attributes = view.getJsonObject("attributes");
        return attributes == null ? null : attributes.getString("callback.id");
    }

    /** The log's events of these types for an interaction, oldest first: details plus "type" and "actor". */
    private List<JsonObject> events(String interactionId, String... types) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url("openucc"), "openucc", "");
             PreparedStatement ps = c.prepareStatement("SELECT event_type, actor, details FROM interaction_event"
                     + " WHERE interaction_id = ? ORDER BY id")) {
            ps.setString(1, interactionId);
            List<JsonObject> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (List.of(types).contains(rs.getString(1))) {
                        String details = rs.getString(3);
                        out.add((details == null ? new JsonObject() : new JsonObject(details))
                                .put("type", rs.getString(1)).put("actor", rs.getString(2)));
                    }
                }
            }
            return out;
        }
    }

    /** The results of the attempts logged for a callback request, whatever its interactions. */
    private List<String> callbackAttempts(String callbackId) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url("openucc"), "openucc", "");
             PreparedStatement ps = c.prepareStatement("SELECT details FROM interaction_event"
                     + " WHERE event_type = 'CALLBACK_ATTEMPT' ORDER BY id")) {
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonObject d = new JsonObject(rs.getString(1));
                    if (callbackId.equals(d.getString("callbackId"))) {
                        out.add(d.getString("result"));
                    }
                }
            }
            return out;
        }
    }

    private SipTestPhone phone(String user, int serverPort) throws Exception {
        SipTestPhone p = SipTestPhone.open(user, serverPort);
        phones.add(p);
        return p;
    }

    /** The reason in the log's ENDED or FAILED event of an interaction, null before it ended. */
    private String endReason(String interactionId) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url("openucc"), "openucc", "");
             PreparedStatement ps = c.prepareStatement("SELECT details FROM interaction_event WHERE interaction_id = ?"
                     + " AND event_type IN ('ENDED', 'FAILED') ORDER BY id")) {
            ps.setString(1, interactionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? String.valueOf(new JsonObject(rs.getString(1)).getString("reason")) : null;
            }
        }
    }

    /** The nodes' output, kept after the test (target/cluster-failover). */
    private static Path logs() throws Exception {
        return Files.createDirectories(Path.of("target", "cluster-failover"));
    }

    private static List<String> ids(List<JsonObject> views) {
        return views.stream().map(v -> v.getString("id")).toList();
    }

    /** When each entered the queue, from its waited time at the moment of the query. */
    private static Map<String, Long> enqueuedAt(List<JsonObject> views, long at) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (JsonObject v : views) {
            out.put(v.getString("id"), at - v.getLong("waitedMillis"));
        }
        return out;
    }

    private JsonObject cluster(ServerProcess n) throws Exception {
        return health(n).getJsonObject("cluster");
    }

    /** Every component's health on that node. */
    private JsonObject health(ServerProcess n) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.httpPort() + "/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return new JsonObject(r.body()).getJsonObject("components");
    }

    private String token(ServerProcess n, String user, String password) throws Exception {
        HttpResponse<String> r = post(n, null, "/api/auth/token",
                new JsonObject().put("username", user).put("password", password));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getString("token");
    }

    private HttpResponse<String> state(ServerProcess n, String token, String agent, String state, String reason)
            throws Exception {
        JsonObject body = new JsonObject().put("state", state);
        if (reason != null) {
            body.put("reason", reason);
        }
        return post(n, token, "/api/agents/" + agent + "/state", body);
    }

    private HttpResponse<String> create(ServerProcess n, String token, int i) throws Exception {
        return post(n, token, "/api/interactions", new JsonObject().put("channel", "EMAIL").put("queueId", QUEUE)
                .put("email", "customer" + i + "@example.test"));
    }

    private JsonObject agent(ServerProcess n, String token, String id) throws Exception {
        HttpResponse<String> r = get(n, token, "/api/agents/" + id);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    private List<JsonObject> waiting(ServerProcess n, String token) throws Exception {
        return waiting(n, token, QUEUE);
    }

    private List<JsonObject> waiting(ServerProcess n, String token, String queue) throws Exception {
        HttpResponse<String> r = get(n, token, "/api/queues/" + queue + "/waiting");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonObject> out = new ArrayList<>();
        new JsonArray(r.body()).forEach(o -> out.add((JsonObject) o));
        return out;
    }

    private HttpResponse<String> post(ServerProcess n, String token, String path, JsonObject body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.httpPort() + path))
                .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
        if (token != null) {
            b.header("authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(ServerProcess n, String token, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.httpPort() + path))
                .timeout(Duration.ofSeconds(20)).header("authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
