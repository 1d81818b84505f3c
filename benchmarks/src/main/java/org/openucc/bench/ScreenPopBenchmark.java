package org.openucc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.openucc.ContactCenter;
import org.openucc.auth.PasswordHasher;
import org.openucc.config.AgentConfig;
import org.openucc.config.ApiConfig;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.IvrConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.Role;
import org.openucc.config.ServerConfig;
import org.openucc.config.SipConfig;
import org.openucc.config.StoreConfig;
import org.openucc.config.UserConfig;
import org.openucc.config.loader.ConfigLoader;
import org.openucc.interaction.Channel;

/**
 * Offer-to-screen-pop delivery with many connected agents: the whole server in this JVM (demo
 * configuration, H2 store with demo customers) on 127.0.0.1, N agents logged in over
 * {@code /ws/agent} (JDK WebSocket client), interactions created through {@code POST /api/interactions}
 * at a fixed rate for known customers. Each agent accepts, ends and wraps up every offer, so agents
 * cycle. Two latencies per offer: from the offer being made (the offer's {@code expiresAt} minus
 * the queue's offer timeout) to the screen pop arriving at the agent's socket, and from the API
 * request being sent to the pop arriving. Bounded: a fixed count of interactions and a time limit.
 *
 * <p>Run from the repository root: {@code java -jar benchmarks/target/benchmarks.jar screenpop [--agents N]
 * [--interactions N] [--rate R]}.
 */
public final class ScreenPopBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "bench-password";
    private static final String QUEUE = "support";

    private ScreenPopBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int agents = intArg(args, "--agents", 1000);
        int interactions = intArg(args, "--interactions", 3000);
        int rate = intArg(args, "--rate", 100);
        int warmup = Math.min(500, interactions / 5);
        Path data = Files.createTempDirectory("openucc-screenpop-");

        ContactCenterConfig demo = new ConfigLoader().load(Path.of("config", "contact-center.yaml"));
        QueueConfig queue = demo.queues().stream().filter(q -> q.id().equals(QUEUE)).findFirst().orElseThrow();
        Duration offerTimeout = queue.offerTimeout();
        String hash = new PasswordHasher(4).hash(PASSWORD.toCharArray());
        List<AgentConfig> agentList = new ArrayList<>();
        List<UserConfig> users = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            String id = String.format("bench%04d", i);
            java.util.Map<String, Integer> skills = new java.util.HashMap<>();
            queue.skills().keySet().forEach(s -> skills.put(s, 10));
            agentList.add(new AgentConfig(id, id, skills, Map.of(Channel.VOICE, 1)));
            users.add(new UserConfig(id, Role.AGENT, id, hash));
        }
        users.add(new UserConfig("integration", Role.SUPERVISOR, null, hash));
        int customers = warmup + interactions + 100;
        // Every agent connects from 127.0.0.1, like clients behind one proxy: no per-address connection cap.
        ServerConfig listen = new ServerConfig("127.0.0.1", 0, data.toString())
                .withHttp(new org.openucc.config.HttpLimits(null, null, null, 1_000_000, 0, 0));
        ContactCenterConfig config = new ContactCenterConfig(listen,
                // Queues without business hours: the benchmark routes whenever it is run.
                demo.routing(), demo.skills(), demo.queues().stream().map(q -> q.withBusinessHours(null, null, null))
                        .toList(), agentList, demo.reasonCodes(), demo.dispositions(), demo.businessHours())
                .withStore(new StoreConfig(null, null, null, 0, null, true, customers, 0, 0, 8))
                .withSip(new SipConfig("127.0.0.1", 0, null, null, 0, 0, List.of(), List.of(), demo.sip().promptDir(),
                        null, null, null, null, null, false))
                .withUsers(users)
                .withApi(new ApiConfig(null, null, 0, 0, 5, 100_000, null, null, null))
                .withIvr(IvrConfig.BUILT_IN);

        System.out.printf("OpenUCC screen-pop benchmark — %d agents on /ws/agent, %d interactions (+%d warm-up) at %d/s,"
                + " %d demo customers, %d CPU(s), JVM %s%n", agents, interactions, warmup, rate, customers,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        long t0 = System.nanoTime();
        ContactCenter server = new ContactCenter(config);
        server.start();
        int port = server.http().port();
        System.out.printf("server up in %.1f s on 127.0.0.1:%d%n", (System.nanoTime() - t0) / 1e9, port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            String integration = token(http, port, "integration");
            List<String> phones = customerIds(http, port, integration, warmup + interactions);

            t0 = System.nanoTime();
            List<Agent> desks = new ArrayList<>();
            for (int i = 0; i < agents; i++) {
                desks.add(Agent.connect(http, port, token(http, port, String.format("bench%04d", i))));
            }
            for (Agent a : desks) {
                a.send(JSON.createObjectNode().put("type", "ready"));
            }
            System.out.printf("%d agents logged in, connected and ready in %.1f s%n", agents,
                    (System.nanoTime() - t0) / 1e9);

            Run warm = run(http, port, integration, phones.subList(0, warmup), rate, offerTimeout, desks);
            System.out.printf("warm-up: %d offers delivered%n", warm.delivered.count());
            Run r = run(http, port, integration, phones.subList(warmup, warmup + interactions), rate, offerTimeout,
                    desks);
            System.out.printf("%n== %d agents connected, %d interactions at %d/s ==%n", agents, interactions, rate);
            System.out.printf("offers delivered: %d of %d (API errors %d, agent command errors %d)%n",
                    r.delivered.count(), interactions, r.apiErrors.get(), Agent.ERRORS.get());
            System.out.printf("offer made → screen pop at the agent's socket: %s%n", r.offerToPop.summary());
            System.out.printf("API request sent → screen pop at the agent:     %s%n", r.delivered.summary());
            for (Agent a : desks) {
                a.ws.abort();
            }
        } finally {
            server.stop();
        }
        // The JDK HttpClient's and WebSockets' threads would keep the JVM alive after the figures.
        System.exit(0);
    }

    private static final class Run {
        final LatencyRecorder delivered;
        final LatencyRecorder offerToPop;
        final AtomicInteger apiErrors = new AtomicInteger();

        Run(int n) {
            delivered = new LatencyRecorder(n);
            offerToPop = new LatencyRecorder(n);
        }
    }

    private static Run run(HttpClient http, int port, String token, List<String> phones, int rate,
                           Duration offerTimeout, List<Agent> desks) throws Exception {
        Run run = new Run(phones.size());
        CountDownLatch done = new CountDownLatch(phones.size());
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        for (Agent a : desks) {
            a.onOffer = (seq, offer, receivedNanos, receivedAt) -> {
                Long sent = sentAt.remove(seq);
                if (sent == null) {
                    return;
                }
                synchronized (run) {
                    run.delivered.record(receivedNanos - sent);
                    JsonNode expires = offer.get("expiresAt");
                    if (expires != null) {
                        Instant offered = Instant.parse(expires.asText()).minus(offerTimeout);
                        run.offerToPop.record(Math.max(0, Duration.between(offered, receivedAt).toNanos()));
                    }
                }
                done.countDown();
            };
        }
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < phones.size(); i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String seq = Integer.toString(i);
            ObjectNode body = JSON.createObjectNode().put("channel", "VOICE").put("queueId", QUEUE)
                    .put("customerId", phones.get(i));
            body.putObject("attributes").put("bench.seq", seq);
            sentAt.put(seq, System.nanoTime());
            http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/interactions"))
                            .header("authorization", "Bearer " + token).header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString())
                    .whenComplete((resp, failure) -> {
                        if (failure != null || resp.statusCode() != 201) {
                            run.apiErrors.incrementAndGet();
                            if (sentAt.remove(seq) != null) {
                                done.countDown();
                            }
                        }
                    });
        }
        if (!done.await(120, TimeUnit.SECONDS)) {
            System.out.printf("  %d interactions were not offered within 120 s%n", done.getCount());
        }
        return run;
    }

    interface OfferListener {
        void offer(String seq, JsonNode offer, long receivedNanos, Instant receivedAt);
    }

    /** One agent's console: accepts, ends and wraps up each offer, one command after the other's ack. */
    private static final class Agent implements WebSocket.Listener {
        static final AtomicInteger ERRORS = new AtomicInteger();
        private static final AtomicLong IDS = new AtomicLong();
        private final StringBuilder partial = new StringBuilder();
        private final Map<String, String> next = new ConcurrentHashMap<>(); // command id -> the step after it
        private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);
        volatile OfferListener onOffer = (a, b, c, d) -> { };
        WebSocket ws;

        static Agent connect(HttpClient http, int port, String token) {
            Agent a = new Agent();
            a.ws = http.newWebSocketBuilder().header("authorization", "Bearer " + token)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/agent"), a).join();
            return a;
        }

        synchronized void send(ObjectNode command) {
            String text = command.toString();
            sending = sending.thenCompose(w -> ws.sendText(text, true));
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            Instant at = Instant.now();
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    handle(JSON.readTree(text), now, at);
                } catch (Exception e) {
                    ERRORS.incrementAndGet();
                }
            }
            webSocket.request(1);
            return null;
        }

        private void handle(JsonNode m, long now, Instant at) {
            String type = m.path("type").asText();
            if (type.equals("offer")) {
                String id = m.path("interactionId").asText();
                onOffer.offer(m.path("screenPop").path("context").path("bench.seq").asText(), m, now, at);
                command("accept", id, "end");
            } else if (type.equals("ack")) {
                String step = next.remove(m.path("id").asText());
                if (step != null && !step.isEmpty()) {
                    String[] parts = step.split(" ", 2);
                    command(parts[0], parts[1], parts[0].equals("end") ? "wrapUp" : "");
                }
            } else if (type.equals("error")) {
                ERRORS.incrementAndGet();
                next.remove(m.path("id").asText());
            }
        }

        private void command(String type, String interactionId, String then) {
            String id = Long.toString(IDS.incrementAndGet());
            ObjectNode c = JSON.createObjectNode().put("type", type).put("id", id).put("interactionId", interactionId);
            if (type.equals("wrapUp")) {
                c.put("disposition", "resolved");
            }
            if (!then.isEmpty()) {
                next.put(id, then + " " + interactionId);
            }
            send(c);
        }
    }

    private static String token(HttpClient http, int port, String user) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/token"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("username", user)
                        .put("password", PASSWORD).toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login of " + user + " failed: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).path("token").asText();
    }

    /** Distinct customers' ids (one interaction each: sticky routing would wait for their last agent). */
    private static List<String> customerIds(HttpClient http, int port, String token, int n) throws Exception {
        List<String> phones = new ArrayList<>();
        for (int offset = 0; phones.size() < n; offset += 100) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/customers?limit=100&offset=" + offset)).header("authorization", "Bearer " + token)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode items = JSON.readTree(r.body()).path("items");
            if (r.statusCode() != 200 || items.isEmpty()) {
                throw new IllegalStateException("customers page at " + offset + ": " + r.statusCode() + " " + r.body());
            }
            for (JsonNode c : items) {
                if (phones.size() < n) {
                    phones.add(c.path("id").asText());
                }
            }
        }
        return phones;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
