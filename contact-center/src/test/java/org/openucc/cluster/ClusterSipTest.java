package org.openucc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.ContactCenter;
import org.openucc.config.loader.ConfigLoader;
import org.openucc.routing.AgentState;
import org.openucc.routing.AgentView;
import org.openucc.routing.RoutingCommand;
import org.openucc.store.LocalPostgres;
import org.openucc.telephony.sip.SipTestPhone;
import org.openucc.telephony.sip.Sipp;

/**
 * SIP registrations are the cluster's: two nodes in this JVM on one PostgreSQL, an agent's jain-sip phone registers
 * with node 2 and the agent logs in through node 2, a caller calls node 1's service number, and node 1's B2BUA rings
 * the phone registered via node 2 directly, bridges the call (the caller's audio reaches the agent's phone) and logs
 * its end. The phone's reachability the engine holds follows the registration wherever it changes: an unregister on
 * node 2, a lapse, and a node stopping cleanly (it withdraws the registrations it took) all make the phone
 * unreachable for calls from node 1's side; the registrations of a node that dies stay until they lapse. And the
 * same call with sipp on both ends (a sipp phone registered with node 2 answers node 1's INVITE for a sipp caller).
 */
class ClusterSipTest {
    private static final String SECRET = "cluster-sip-test-secret-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path work;
    private LocalPostgres pg;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void aCallOnNode1RingsAndBridgesAPhoneRegisteredViaNode2AndReachabilityFollowsTheRegistration() throws Exception {
        Path bin = LocalPostgres.find().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install -y postgresql"));
        pg = LocalPostgres.start(bin);
        int[] hz = ClusterTestConfig.freePorts(2);
        List<String> members = List.of("127.0.0.1:" + hz[0], "127.0.0.1:" + hz[1]);
        ContactCenter n1 = start(ClusterTestConfig.writeWithVoice(work.resolve("n1.yaml"), work, pg.url("openucc"), "n1",
                hz[0], members, 48_000));
        ContactCenter n2 = start(ClusterTestConfig.writeWithVoice(work.resolve("n2.yaml"), work, pg.url("openucc"), "n2",
                hz[1], members, 48_200));
        await().atMost(WAIT).until(() -> n1.cluster().health().details().get("members") instanceof List<?> m && m.size() == 2);

        // The agent's phone registers with node 2 (digest-authenticated there), the agent logs in through node 2.
        String user = ClusterTestConfig.phoneUser("alice");
        SipTestPhone phone = open(user, n2.sip().port());
        assertThat(phone.register("alice-phone", 300)).isEqualTo(200);
        String token = token(n2, "alice", "alice-demo");
        HttpResponse<String> ready = post(n2, token, "/api/agents/alice/state", new JsonObject().put("state", "READY"));
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        // Node 1's view of the engine: reachable (the phone never spoke to node 1) and ready.
        await().atMost(WAIT).until(() -> {
            AgentView a = agent(n1);
            return a.phoneReachable() && a.state() == AgentState.READY;
        });
        assertThat(n1.sip().telephony().isReachable("alice")).as("node 1 knows the binding node 2 took").isTrue();
        assertThat(n1.sip().telephony().stats()).containsEntry("registrations", 1).containsEntry("registrationsTakenHere", 0L);
        assertThat(n2.sip().telephony().stats()).containsEntry("registrationsTakenHere", 1L);

        // A caller on node 1: node 1's B2BUA rings the phone at its contact, the phone answers, the call is bridged.
        SipTestPhone caller = open("5550001", n1.sip().port());
        assertThat(caller.call(ClusterTestConfig.VOICE_NUMBER, "5550001").get(10, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(phone.firstRingSentByPort(15)).as("the INVITE came from node 1's SIP port").isEqualTo(n1.sip().port());
        assertThat(n2.sip().telephony().stats().get("activeCalls")).as("node 2 carries no call").isEqualTo(0);
        caller.startTone(440);
        await().atMost(WAIT).until(() -> phone.loudAudioPackets(1000) >= 25); // the caller's voice, relayed by node 1
        String interaction = await().atMost(WAIT).until(() -> summary("alice"), r -> r != null && r.get("answered") != null)
                .get("id").toString();

        // The caller hangs up: node 1 ends the agent's leg (BYE to the phone) and the log ends the interaction.
        caller.hangUpAll();
        await().atMost(WAIT).until(() -> phone.callsEnded() == 1);
        await().atMost(WAIT).until(() -> {
            Map<String, Object> s = summary("alice");
            return s != null && s.get("id").equals(interaction) && s.get("ended") != null;
        });

        // Unregister on node 2: node 1's engine holds calls back from the agent, who stays ready for other work.
        assertThat(phone.register("alice-phone", 0)).isEqualTo(200);
        await().atMost(WAIT).until(() -> !agent(n1).phoneReachable());
        assertThat(n1.sip().telephony().isReachable("alice")).isFalse();
        assertThat(agent(n1).state()).isEqualTo(AgentState.READY);

        // A registration that lapses: reachable from node 1 while it lasts, unreachable once it expired.
        assertThat(phone.register("alice-phone", 2)).isEqualTo(200);
        await().atMost(WAIT).until(() -> agent(n1).phoneReachable());
        await().atMost(WAIT).until(() -> !agent(n1).phoneReachable());
        assertThat(n1.sip().telephony().isReachable("alice")).isFalse();

        // Interop: a sipp phone registered with node 2 (digest auth there) answers node 1's INVITE for a sipp caller.
        sippCallThroughNode1ReachesASippPhoneRegisteredWithNode2(n1, n2);

        // A node that joins later knows the registrations taken before (bob's sipp phone, via node 2).
        int hz3 = ClusterTestConfig.freePorts(1)[0];
        ContactCenter n3 = start(ClusterTestConfig.writeWithVoice(work.resolve("n3.yaml"), work, pg.url("openucc"), "n3",
                hz3, List.of("127.0.0.1:" + hz[0], "127.0.0.1:" + hz[1], "127.0.0.1:" + hz3), 48_400));
        await().atMost(WAIT).until(() -> n3.sip().telephony().isReachable("bob"));

        // Node 3 stops cleanly: it withdraws the registrations it took, so node 1 rings nobody through them.
        SipTestPhone viaNode3 = open(user, n3.sip().port());
        assertThat(viaNode3.register("alice-phone", 300)).isEqualTo(200);
        await().atMost(WAIT).until(() -> n1.sip().telephony().isReachable("alice") && agent(n1).phoneReachable());
        n3.stop();
        await().atMost(WAIT).until(() -> !n1.sip().telephony().isReachable("alice"));
        await().atMost(WAIT).until(() -> !agent(n1).phoneReachable());
        assertThat(n1.sip().telephony().isReachable("bob")).as("node 3 withdrew only its own").isTrue();

        // Node 2 dies (its Hazelcast member ends without a goodbye): the phones it registered are still there, so
        // node 1 keeps ringing them until each registration lapses (node 1 times it).
        assertThat(phone.register("alice-phone", 3)).isEqualTo(200);
        await().atMost(WAIT).until(() -> n1.sip().telephony().isReachable("alice"));
        com.hazelcast.core.Hazelcast.getHazelcastInstanceByName("openucc-n2").getLifecycleService().terminate();
        await().atMost(WAIT).until(() -> n1.cluster().health().details().get("members") instanceof List<?> m && m.size() == 1);
        await().atMost(WAIT).until(() -> !n1.sip().telephony().isReachable("alice") && !agent(n1).phoneReachable());
        assertThat(n1.sip().telephony().isReachable("bob")).as("bob's registration outlives node 2").isTrue();
        assertThat(agent(n1, "bob").phoneReachable()).isTrue();
    }

    private void sippCallThroughNode1ReachesASippPhoneRegisteredWithNode2(ContactCenter n1, ContactCenter n2)
            throws Exception {
        assertThat(Sipp.G711A_PCAP).as("sipp's sample pcap (package sip-tester)").exists();
        String user = ClusterTestConfig.phoneUser("bob");
        int phonePort = Sipp.freeUdpPort();
        Files.writeString(work.resolve("agents.csv"), "SEQUENTIAL\n" + user + ";bob-phone;\n");
        try (Sipp phone = Sipp.start(work, "agent-phone", "-sf", Sipp.scenario("agent-phone.xml").toString(),
                "-i", "127.0.0.1", "-p", String.valueOf(phonePort), "-mp", String.valueOf(Sipp.freeMediaPort()),
                "-rtp_echo", "-m", "1", "-timeout", "30s")) {
            try (Sipp register = Sipp.start(work, "register", "127.0.0.1:" + n2.sip().port(), "-sf",
                    Sipp.scenario("agent-register.xml").toString(), "-i", "127.0.0.1", "-p",
                    String.valueOf(Sipp.freeUdpPort()), "-inf", work.resolve("agents.csv").toString(), "-au", user,
                    "-ap", "bob-phone", "-key", "contact_port", String.valueOf(phonePort), "-m", "1", "-timeout", "10s")) {
                assertThat(register.await(20)).as("sipp registration with node 2:\n%s", register.output()).isZero();
            }
            HttpResponse<String> ready = post(n2, token(n2, "bob", "bob-demo"), "/api/agents/bob/state",
                    new JsonObject().put("state", "READY"));
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            await().atMost(WAIT).until(() -> agent(n1, "bob").phoneReachable());
            try (Sipp caller = Sipp.start(work, "caller", "127.0.0.1:" + n1.sip().port(), "-sf",
                    Sipp.scenario("caller.xml").toString(), "-i", "127.0.0.1", "-p", String.valueOf(Sipp.freeUdpPort()),
                    "-mp", String.valueOf(Sipp.freeMediaPort()), "-s", ClusterTestConfig.VOICE_NUMBER, "-key", "pcap",
                    Sipp.G711A_PCAP.toString(), "-d", "1500", "-m", "1", "-timeout", "30s")) {
                assertThat(caller.await(40)).as("sipp caller on node 1:\n%s", caller.output()).isZero();
            }
            assertThat(phone.await(20)).as("sipp phone registered with node 2:\n%s", phone.output()).isZero();
        }
        await().atMost(WAIT).until(() -> {
            Map<String, Object> s = summary("bob");
            return s != null && s.get("answered") != null && s.get("ended") != null;
        });
    }

    private ContactCenter start(Path yaml) throws Exception {
        ContactCenter c = new ContactCenter(new ConfigLoader().load(yaml),
                name -> "OPENUCC_CLUSTER_SECRET".equals(name) ? SECRET : null);
        closing.add(c::stop); // stop() may be called again (node 2 stops on its own in the test)
        c.start();
        return c;
    }

    private SipTestPhone open(String user, int serverPort) throws Exception {
        SipTestPhone p = SipTestPhone.open(user, serverPort);
        closing.add(p);
        return p;
    }

    private static AgentView agent(ContactCenter node) throws Exception {
        return agent(node, "alice");
    }

    private static AgentView agent(ContactCenter node, String agentId) throws Exception {
        return node.routingPort().send(new RoutingCommand.GetAgent(agentId)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    /** The newest VOICE interaction's CDR of the agent in the shared log: id, answered, ended (null until then). */
    private Map<String, Object> summary(String agentId) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url("openucc"), "openucc", "");
             PreparedStatement ps = c.prepareStatement("SELECT interaction_id, answered_at, ended_at FROM interaction_summary"
                     + " WHERE channel = 'VOICE' AND agent_id = ? ORDER BY arrived_at DESC")) {
            ps.setString(1, agentId);
            try (ResultSet r = ps.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                Map<String, Object> m = new java.util.HashMap<>();
                m.put("id", r.getString(1));
                m.put("answered", r.getTimestamp(2));
                m.put("ended", r.getTimestamp(3));
                return m;
            }
        }
    }

    private String token(ContactCenter n, String user, String password) throws Exception {
        HttpResponse<String> r = post(n, null, "/api/auth/token",
                new JsonObject().put("username", user).put("password", password));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getString("token");
    }

    private HttpResponse<String> post(ContactCenter n, String token, String path, JsonObject body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.http().port() + path))
                .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
        if (token != null) {
            b.header("authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

}
