package org.openucc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.ContactCenter;
import org.openucc.config.CallbackConfig;
import org.openucc.config.ChannelsConfig;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.EmailConfig;
import org.openucc.config.loader.ConfigLoader;
import org.openucc.interaction.InteractionState;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.LogQuery;
import org.openucc.routing.InteractionView;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingPort;
import org.openucc.store.LocalPostgres;
import org.openucc.telephony.sip.SipTestPhone;

/**
 * The stateful channel services run once per cluster, on the engine's owner: three nodes in this JVM on one
 * PostgreSQL, one GreenMail mailbox (IMAP IDLE + SMTP), real SIP phones. Every mail becomes one interaction (only
 * the owner watches the mailbox); a callback asked through the other node is scheduled and dialled once, by the
 * owner; a campaign started, paused and started through that node runs on the owner's one pacer; a node that
 * joins later schedules none of the stored callbacks; once the owner stops, the new owner watches the mailbox, takes
 * the running campaign up and dials the callback that falls due, once. The historical reports' sums are made by the
 * owner alone (then by the new owner, from where they were), and read through any node.
 */
class ClusterChannelsTest {
    private static final String SECRET = "cluster-channels-secret-0123456789";
    private static final String MAILBOX = "service@openucc.test";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(MAILBOX, "mailbox-secret"))
            .withPerMethodLifecycle(true);

    @TempDir
    Path work;

    private LocalPostgres pg;
    private final List<ContactCenter> nodes = new ArrayList<>();
    private final List<SipTestPhone> phones = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (SipTestPhone p : phones) {
            p.close();
        }
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).stop();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void mailboxAndCallbacksRunOnceOnTheOwnerAndMoveToTheSurvivor() throws Exception {
        Path bin = LocalPostgres.find().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install -y postgresql"));
        pg = LocalPostgres.start(bin);
        SipTestPhone customer = phone(SipTestPhone.open("customer", 0));
        int[] hz = ClusterTestConfig.freePorts(3);
        List<String> members = List.of("127.0.0.1:" + hz[0], "127.0.0.1:" + hz[1], "127.0.0.1:" + hz[2]);
        ContactCenter a = start(config("a", hz[0], members, 48_000, customer.port()));
        ContactCenter b = start(config("b", hz[1], members, 48_200, customer.port()));
        await().atMost(Duration.ofSeconds(30)).until(() -> members(b).size() == 2 && members(a).size() == 2);

        // The owner runs the singletons; the other node runs none, and /health says so on each.
        assertThat(cluster(a).get("runsSingletons")).isEqualTo(true);
        assertThat(cluster(a).get("singletons")).asList().containsExactlyInAnyOrder("mailbox", "callbacks", "campaigns", "report-sums");
        assertThat(cluster(b).get("runsSingletons")).isEqualTo(false);
        assertThat(cluster(b).get("singletons")).asList().isEmpty();
        assertThat(String.valueOf(channels(b).get("email"))).startsWith("not watched on this node");
        assertThat(String.valueOf(channels(b).get("callback"))).contains("requests go to the node that runs");

        // The agents' phones, registered with every node (registrations are each node's own).
        registerPhones(a);
        registerPhones(b);

        // 1. Mail: each of N mails becomes exactly one interaction across the cluster.
        InteractionLog log = a.store().interactionLog();
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            subjects.add(mail("before " + i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> emails(log).size() == subjects.size());
        assertThat(emails(log)).containsExactlyInAnyOrderElementsOf(subjects);

        // The historical reports' sums are made on the owner only; node b answers reports from them.
        assertThat(a.store().reports().orElseThrow().aggregator().running()).isTrue();
        assertThat(b.store().reports().orElseThrow().aggregator().running()).as("b makes no sums").isFalse();
        assertThat(b.health().get("store").toMap().get("reportsMadeBy")).isEqualTo("the engine's owner");
        String reportsUser = token(b, "supervisor", "supervisor-demo");
        await().atMost(Duration.ofSeconds(20)).until(() -> offeredInWork(b, reportsUser) == subjects.size());

        // 2. A callback asked through node b (not the owner): queued, offered, accepted, and dialled once by a.
        RoutingPort port = b.routingPort();
        port.send(new RoutingCommand.Login("bob", true)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        HttpResponse<String> asked = callback(b, "Hannah Vogel", null);
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        JsonObject first = new JsonObject(asked.body());
        assertThat(first.getString("state")).isEqualTo("QUEUED");
        String firstId = first.getString("interactionId");
        acceptWhenOffered(port, firstId, "bob");
        await().atMost(Duration.ofSeconds(20)).until(() -> attempts(log, firstId).contains("ANSWERED"));
        assertThat(customer.incomingCalls()).as("the customer's phone rang once").isEqualTo(1);

        // A bad request through node b gets the owner's own field errors (400), not a stack trace.
        HttpResponse<String> bad = callback(b, "Nobody", "112");
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(bad.body()).contains("phone").contains("emergency");

        // 3. A campaign started, paused and started again through node b: its one pacer runs on a.
        String sup = token(b, "supervisor", "supervisor-demo");
        HttpResponse<String> made = post(b, sup, "/api/campaigns", new JsonObject().put("name", "Winter")
                .put("queueId", "work").put("mode", "PREVIEW").put("callerId", "+4930999000"));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String campaign = new JsonObject(made.body()).getString("id");
        HttpResponse<String> rows = post(b, sup, "/api/campaigns/" + campaign + "/records", new JsonObject()
                .put("rows", new io.vertx.core.json.JsonArray().add(new JsonObject().put("phone", "+4930123457"))));
        assertThat(rows.statusCode()).as(rows.body()).isEqualTo(200);
        assertThat(post(b, sup, "/api/campaigns/" + campaign + "/start", null).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.outbound().dialer().running(campaign));
        assertThat(b.outbound().dialer()).as("no pacer on node b").isNull();
        HttpResponse<String> live = get(b, sup, "/api/campaigns/" + campaign + "/live");
        assertThat(live.statusCode()).as("live figures through b, from a's pacer: " + live.body()).isEqualTo(200);
        assertThat(post(b, sup, "/api/campaigns/" + campaign + "/pause", null).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.outbound().dialer().running(campaign));
        assertThat(post(b, sup, "/api/campaigns/" + campaign + "/start", null).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.outbound().dialer().running(campaign));

        // 4. A callback for later, asked through node b while a owns the engine; then a stops before it is due.
        Instant due = Instant.now().plusSeconds(12);
        HttpResponse<String> later = callback(b, "Jonas Weber", null, due.toString());
        assertThat(later.statusCode()).as(later.body()).isEqualTo(202);
        assertThat(new JsonObject(later.body()).getString("state")).isEqualTo("SCHEDULED");
        assertThat(String.valueOf(channels(a).get("callback"))).contains("(1 waiting for their time)");

        // A third node joins with the callback stored: it does not schedule it too.
        ContactCenter c = start(config("c", hz[2], members, 48_400, customer.port()));
        await().atMost(Duration.ofSeconds(30)).until(() -> members(c).size() == 3);
        registerPhones(c);
        assertThat(cluster(c).get("singletons")).asList().isEmpty();
        assertThat(String.valueOf(channels(c).get("callback"))).contains("requests go to the node that runs");

        nodes.remove(a);
        a.stop();
        assertThat(Instant.now()).as("the owner stopped before the callback fell due").isBefore(due);
        await().atMost(Duration.ofSeconds(15)).until(() -> Boolean.TRUE.equals(cluster(b).get("runsSingletons"))
                || Boolean.TRUE.equals(cluster(c).get("runsSingletons")));
        ContactCenter owner = Boolean.TRUE.equals(cluster(b).get("runsSingletons")) ? b : c;
        ContactCenter other = owner == b ? c : b;
        assertThat(cluster(owner).get("singletons")).asList()
                .containsExactlyInAnyOrder("mailbox", "callbacks", "campaigns", "report-sums");
        assertThat(String.valueOf(channels(owner).get("callback"))).contains("(1 waiting for their time)");
        assertThat(cluster(other).get("runsSingletons")).isEqualTo(false);
        assertThat(String.valueOf(channels(other).get("email"))).startsWith("not watched on this node");
        assertThat(owner.outbound().dialer().running(campaign)).as("the running campaign's pacer resumed").isTrue();
        assertThat(other.outbound().dialer()).isNull();

        // The survivor watches the mailbox: new mail comes in once, nothing of the earlier mail twice.
        InteractionLog survivorLog = b.store().interactionLog();
        for (int i = 0; i < 3; i++) {
            subjects.add(mail("after " + i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> emails(survivorLog).size() == subjects.size());
        assertThat(emails(survivorLog)).containsExactlyInAnyOrderElementsOf(subjects);
        // The new owner resumed the report sums from the store: every mail once, read through the other node.
        assertThat(other.store().reports().orElseThrow().aggregator().running()).isFalse();
        String otherUser = token(other, "supervisor", "supervisor-demo");
        // (8 mails and the first callback; the later callback too once it is due: nothing twice)
        await().atMost(Duration.ofSeconds(20)).until(() -> offeredInWork(other, otherUser) >= subjects.size() + 1);
        assertThat(offeredInWork(other, otherUser)).isLessThanOrEqualTo(subjects.size() + 2);

        // The survivor fires the callback when it falls due, and dials it once.
        port = other.routingPort();
        port.send(new RoutingCommand.Login("carol", true)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> callbackInteractions(survivorLog).size() == 2);
        String secondId = callbackInteractions(survivorLog).stream().filter(id -> !id.equals(firstId)).findFirst()
                .orElseThrow();
        assertThat(Instant.now()).isAfterOrEqualTo(due.minusMillis(50));
        InteractionView second = awaitOffered(port, secondId);
        port.send(new RoutingCommand.Accept(secondId, second.offeredTo().get(0))).toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> attempts(survivorLog, secondId).contains("ANSWERED"));
        assertThat(customer.incomingCalls()).as("each callback rang the customer once").isEqualTo(2);
        assertThat(attempts(survivorLog, firstId)).containsExactly("ANSWERED");
        assertThat(attempts(survivorLog, secondId)).containsExactly("ANSWERED");
        assertThat(callbackInteractions(survivorLog)).hasSize(2);
        assertThat(emails(survivorLog)).hasSize(subjects.size());
    }

    // ------------------------------------------------------------------ the cluster

    private ContactCenter start(ContactCenterConfig config) {
        ContactCenter c = new ContactCenter(config, name -> "OPENUCC_CLUSTER_SECRET".equals(name) ? SECRET : null);
        nodes.add(c);
        c.start();
        return c;
    }

    /**
     * The test cluster's node (ClusterTestConfig) with the queue {@code work} taking callbacks too, agents bob and
     * carol with their phone accounts, the GreenMail mailbox and callbacks dialled to the customer's test phone.
     */
    private ContactCenterConfig config(String nodeId, int hzPort, List<String> members, int rtpBase, int customerPort)
            throws Exception {
        Path file = ClusterTestConfig.write(work.resolve(nodeId + ".yaml"), work, pg.url("openucc"), nodeId, hzPort,
                members, rtpBase);
        String yaml = Files.readString(file)
                .replace("channels: [EMAIL]", "channels: [EMAIL, CALLBACK, OUTBOUND_VOICE]")
                .replace("capacity: {EMAIL: 1}", "capacity: {CALLBACK: 1}") // the mail waits: no agent takes it
                .replace("  requireRegisteredPhone: false\n", """
                          requireRegisteredPhone: false
                          accounts:
                            - {agentId: bob, username: "2002", ha1: ff1435393085ebeeb0a974e1603f5b4d}
                            - {agentId: carol, username: "2003", ha1: d363a5d521d11b1bd9ca5f0d6f2344ab}
                        """);
        Files.writeString(file, yaml);
        ContactCenterConfig c = new ConfigLoader().load(file);
        EmailConfig mailbox = new EmailConfig(true, MAILBOX, "127.0.0.1", MAIL.getImap().getPort(), false, null, "INBOX",
                true, Duration.ofMillis(200), "127.0.0.1", MAIL.getSmtp().getPort(), false, null, "mailbox-secret",
                "work", List.of(), false, 1024 * 1024);
        CallbackConfig callbacks = new CallbackConfig(true, List.of("work"), 1, Duration.ofSeconds(1),
                Duration.ofSeconds(5), 50, null, "sip:{number}@127.0.0.1:" + customerPort, "1000", null);
        return c.withChannels(new ChannelsConfig(c.channels().chat(), mailbox, callbacks, c.channels().dialOut(),
                c.channels().campaigns()));
    }

    private void registerPhones(ContactCenter n) throws Exception {
        for (String[] account : List.of(new String[] {"2002", "bob-phone"}, new String[] {"2003", "carol-phone"})) {
            SipTestPhone p = phone(SipTestPhone.open(account[0], n.sip().port()));
            assertThat(p.register(account[1], 3600)).isEqualTo(200);
        }
    }

    private SipTestPhone phone(SipTestPhone p) {
        phones.add(p);
        return p;
    }

    /** The historical report through node {@code n}: entries into queue work from yesterday to tomorrow (UTC). */
    private static long offeredInWork(ContactCenter n, String token) throws Exception {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        HttpResponse<String> r = get(n, token, "/api/reports/historical?from=" + today.minusDays(1) + "&to="
                + today.plusDays(1) + "&interval=DAY&groupBy=QUEUE");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonArray("totals").stream().map(JsonObject.class::cast)
                .filter(t -> "work".equals(t.getString("key"))).mapToLong(t -> t.getLong("offered")).sum();
    }

    private static Map<String, Object> cluster(ContactCenter n) {
        return n.health().get("cluster").toMap();
    }

    private static Map<String, Object> channels(ContactCenter n) {
        return n.health().get("channels").toMap();
    }

    private static List<?> members(ContactCenter n) {
        return (List<?>) cluster(n).get("members");
    }

    // ------------------------------------------------------------------ mail and callbacks

    /** Sends a mail to the mailbox over SMTP; its subject. */
    private static String mail(String subject) {
        GreenMailUtil.sendTextEmail(MAILBOX, "customer@example.org", subject, "Hello about " + subject,
                MAIL.getSmtp().getServerSetup());
        return subject;
    }

    /** The subjects of every EMAIL interaction in the shared log (a mail taken twice would be there twice). */
    private static List<String> emails(InteractionLog log) {
        return created(log).stream().filter(e -> "EMAIL".equals(e.details().get("channel")))
                .map(e -> String.valueOf(e.details().get("attr.email.subject"))).toList();
    }

    private static List<String> callbackInteractions(InteractionLog log) {
        return created(log).stream().filter(e -> "CALLBACK".equals(e.details().get("channel")))
                .map(LogEvent::interactionId).toList();
    }

    private static List<LogEvent> created(InteractionLog log) {
        return log.events(new LogQuery(null, null, "work", null, EnumSet.of(LogEventType.INTERACTION_CREATED), null,
                null, null, LogQuery.MAX_LIMIT, false)).events();
    }

    /** The results of the callback attempts logged for an interaction. */
    private static List<String> attempts(InteractionLog log, String interactionId) {
        return log.timeline(interactionId).stream().filter(e -> e.type() == LogEventType.CALLBACK_ATTEMPT)
                .map(e -> String.valueOf(e.details().get("result"))).collect(Collectors.toList());
    }

    private static InteractionView awaitOffered(RoutingPort port, String id) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> port.send(new RoutingCommand.GetInteraction(id))
                .toCompletableFuture().get(10, TimeUnit.SECONDS).orElse(null),
                v -> v != null && v.state() == InteractionState.OFFERED && !v.offeredTo().isEmpty());
    }

    private static void acceptWhenOffered(RoutingPort port, String id, String agentId) throws Exception {
        InteractionView v = awaitOffered(port, id);
        assertThat(v.offeredTo()).containsExactly(agentId);
        port.send(new RoutingCommand.Accept(id, agentId)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> callback(ContactCenter n, String name, String phoneOrNull) throws Exception {
        return callback(n, name, phoneOrNull, null);
    }

    private static HttpResponse<String> callback(ContactCenter n, String name, String phone, String at) throws Exception {
        JsonObject body = new JsonObject().put("name", name).put("phone", phone == null ? "+4930123456" : phone)
                .put("queueId", "work");
        if (at != null) {
            body.put("at", at);
        }
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.http().port() + "/api/callbacks"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(ContactCenter n, String user, String password) throws Exception {
        HttpResponse<String> r = post(n, null, "/api/auth/token", new JsonObject().put("username", user)
                .put("password", password));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getString("token");
    }

    private static HttpResponse<String> post(ContactCenter n, String token, String path, JsonObject body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.http().port() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(ContactCenter n, String token, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.http().port() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
