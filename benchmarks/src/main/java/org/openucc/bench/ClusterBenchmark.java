package org.openucc.bench;

import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openucc.ContactCenter;
import org.openucc.cluster.ClusterTestConfig;
import org.openucc.config.loader.ConfigLoader;
import org.openucc.crash.ServerProcess;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingPort;
import org.openucc.store.LocalPostgres;

/**
 * The cluster (issue 15) in figures, on loopback with a throwaway PostgreSQL:
 * <ol>
 *   <li>the routing port's cost: two nodes in this JVM; the same commands through the engine owner's port (local)
 *       and through the other node's (its connection to the owner's routing port door; the events over
 *       the clustered event bus): a query (GetAgent) and a durable
 *       change (an agent's NOT_READY / READY toggle, stored in PostgreSQL before it is answered), one at a time
 *       (latency) and with 32 in flight (commands per second);</li>
 *   <li>failover: two nodes in separate JVMs; the owner is killed with SIGKILL while work waits and an agent is
 *       made ready through the survivor: time to the survivor's takeover and to the agent's first offer.</li>
 * </ol>
 * {@code java -cp benchmarks/target/benchmarks.jar org.openucc.bench.ClusterBenchmark [--commands N] [--rounds R]}
 */
public final class ClusterBenchmark {
    private static final String SECRET = "cluster-benchmark-secret-0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ClusterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int status = 0;
        try {
            run(args);
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        System.exit(status); // the in-process nodes' Hazelcast threads would keep the JVM up
    }

    private static void run(String[] args) throws Exception {
        int commands = 5_000;
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--commands" -> commands = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--commands N, --rounds R)");
            }
        }
        commands = commands <= 0 ? 0 : Math.max(100, Math.min(commands, 200_000));
        rounds = Math.max(0, Math.min(rounds, 10));
        Path bin = LocalPostgres.find().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL is not installed: apt-get install -y postgresql"));
        Path work = Files.createTempDirectory("openucc-cluster-bench");
        System.out.printf("Cluster benchmark on loopback, PostgreSQL, load average %.1f%n", loadAverage());
        if (commands > 0) {
            try (LocalPostgres pg = LocalPostgres.start(bin)) {
                portCost(pg, work, commands);
            }
        }
        if (rounds > 0) {
            // The node JVMs start in another directory (ServerProcess): give them this JVM's class path, absolute.
            System.setProperty("java.class.path", java.util.Arrays.stream(System.getProperty("java.class.path")
                    .split(java.io.File.pathSeparator)).map(e -> Path.of(e).toAbsolutePath().toString())
                    .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
            // The nodes log as the shipped server does (the benchmark jar's own logging is quieter).
            Files.copy(ClusterTestConfig.repository().resolve("config/logback.xml"), work.resolve("logback.xml"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (LocalPostgres pg = LocalPostgres.start(bin)) {
                failover(pg, work, rounds);
            }
        }
    }

    // ------------------------------------------------------------------ the port's cost

    private static void portCost(LocalPostgres pg, Path work, int commands) throws Exception {
        int[] hz = {freePort(), freePort()};
        List<String> members = List.of("127.0.0.1:" + hz[0], "127.0.0.1:" + hz[1]);
        ContactCenter a = start(ClusterTestConfig.write(work.resolve("a.yaml"), work, pg.url("openucc"), "a", hz[0], members, 47_000));
        ContactCenter b = start(ClusterTestConfig.write(work.resolve("b.yaml"), work, pg.url("openucc"), "b", hz[1], members, 47_200));
        try {
            if (a.cluster().port() == null || !a.health().get("cluster").toMap().get("ownsEngine").equals(true)) {
                throw new IllegalStateException("node a should own the engine: " + a.health().get("cluster").toMap());
            }
            RoutingPort local = a.routingPort();
            RoutingPort remote = b.routingPort();
            local.send(new RoutingCommand.Login("alice", false)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            local.send(new RoutingCommand.Login("bob", false)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            System.out.printf("%n1. Routing port, %,d commands each, one at a time (µs; CPU: this JVM's CPU time per command, "
                    + "both nodes and the benchmark, less sensitive to other load than latency)%n", commands);
            System.out.println("| command | through | p50 | p99 | p99.9 | mean | CPU |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (int warm = 0; warm < 2; warm++) {
                boolean print = warm == 1;
                sequential("GetAgent (query)", "owner's own port", local, commands, i -> new RoutingCommand.GetAgent("alice"), print);
                sequential("GetAgent (query)", "another node", remote, commands, i -> new RoutingCommand.GetAgent("alice"), print);
                sequential("NotReady/Ready (durable)", "owner's own port", local, commands / 5, ClusterBenchmark::toggle, print);
                sequential("NotReady/Ready (durable)", "another node", remote, commands / 5, ClusterBenchmark::toggle, print);
            }
            System.out.printf("%n   32 in flight, for 5 s each (commands per second)%n");
            System.out.println("| command | through | per second |");
            System.out.println("|---|---|---|");
            pipelined("GetAgent (query)", "owner's own port", local, i -> new RoutingCommand.GetAgent("alice"));
            pipelined("GetAgent (query)", "another node", remote, i -> new RoutingCommand.GetAgent("alice"));
            pipelined("NotReady/Ready (durable)", "owner's own port", local, ClusterBenchmark::toggle);
            pipelined("NotReady/Ready (durable)", "another node", remote, ClusterBenchmark::toggle);
        } finally {
            b.stop();
            a.stop();
        }
    }

    private static RoutingCommand<?> toggle(int i) {
        return i % 2 == 0 ? new RoutingCommand.NotReady("bob", "break") : new RoutingCommand.Ready("bob");
    }

    private static void sequential(String what, String through, RoutingPort port, int n,
                                   java.util.function.IntFunction<RoutingCommand<?>> command, boolean print) throws Exception {
        LatencyRecorder r = new LatencyRecorder(n);
        long cpu = processCpuNanos();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            port.send(command.apply(i)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            r.record(System.nanoTime() - t);
        }
        cpu = processCpuNanos() - cpu;
        if (print) {
            System.out.printf("| %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f |%n", what, through, r.percentile(50) / 1e3,
                    r.percentile(99) / 1e3, r.percentile(99.9) / 1e3, r.meanMicros(), cpu / 1e3 / n);
        }
    }

    private static void pipelined(String what, String through, RoutingPort port,
                                  java.util.function.IntFunction<RoutingCommand<?>> command) throws Exception {
        Semaphore window = new Semaphore(32);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int i = 0;
        long begin = System.nanoTime();
        while (System.nanoTime() < end && i < 2_000_000) {
            window.acquire();
            port.send(command.apply(i++)).whenComplete((v, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                }
                done.incrementAndGet();
                window.release();
            });
        }
        window.acquire(32);
        double seconds = (System.nanoTime() - begin) / 1e9;
        System.out.printf("| %s | %s | %,.0f%s |%n", what, through, done.get() / seconds,
                failed.get() == 0 ? "" : " (" + failed.get() + " failed)");
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static ContactCenter start(Path yaml) throws Exception {
        ContactCenter c = new ContactCenter(new ConfigLoader().load(yaml), name -> "OPENUCC_CLUSTER_SECRET".equals(name) ? SECRET : null);
        c.start();
        return c;
    }

    // ------------------------------------------------------------------ failover

    private static void failover(LocalPostgres pg, Path work, int rounds) throws Exception {
        int[] hz = {freePort(), freePort()};
        List<String> members = List.of("127.0.0.1:" + hz[0], "127.0.0.1:" + hz[1]);
        Path[] configs = {ClusterTestConfig.write(work.resolve("n1.yaml"), work, pg.url("openucc"), "n1", hz[0], members, 47_400),
                ClusterTestConfig.write(work.resolve("n2.yaml"), work, pg.url("openucc"), "n2", hz[1], members, 47_600)};
        ServerProcess[] nodes = new ServerProcess[2];
        for (int i = 0; i < 2; i++) {
            nodes[i] = ServerProcess.start(configs[i], Files.createDirectories(work.resolve("data" + i)),
                    work.resolve("n" + (i + 1) + ".log"), Map.of("OPENUCC_CLUSTER_SECRET", SECRET));
            awaitMembers(nodes[i], i + 1);
        }
        System.out.printf("%n2. Failover: SIGKILL of the engine's owner (two nodes in separate JVMs, work waiting)%n");
        System.out.println("| round | kill → survivor owns the engine | kill → first offer to an agent made ready through the survivor | waiting rebuilt |");
        System.out.println("|---|---|---|---|");
        try {
            for (int round = 1; round <= rounds; round++) {
                int owner = ownsEngine(nodes[0]) ? 0 : 1;
                int other = 1 - owner;
                ServerProcess survivor = nodes[other];
                String sup = token(survivor, "supervisor", "supervisor-demo");
                String bob = token(survivor, "bob", "bob-demo");
                post(survivor, bob, "/api/agents/bob/state", new JsonObject().put("state", "NOT_READY").put("reason", "break"));
                for (int i = 0; i < 10; i++) {
                    post(survivor, sup, "/api/interactions", new JsonObject().put("channel", "EMAIL").put("queueId", "work")
                            .put("email", "c" + round + "-" + i + "@example.test"));
                }
                ServerProcess.Killed killed = nodes[owner].kill();
                long killedAt = killed.doneAt().toEpochMilli();
                CompletableFuture<HttpResponse<String>> ready = CompletableFuture.supplyAsync(() -> {
                    try {
                        return post(survivor, bob, "/api/agents/bob/state", new JsonObject().put("state", "READY"));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                long ownedAt = 0;
                long offerAt = 0;
                long deadline = System.currentTimeMillis() + 60_000;
                while ((ownedAt == 0 || offerAt == 0) && System.currentTimeMillis() < deadline) {
                    if (ownedAt == 0 && ownsEngine(survivor)) {
                        ownedAt = System.currentTimeMillis();
                    }
                    if (offerAt == 0 && ownedAt != 0) {
                        JsonObject agent = new JsonObject(get(survivor, sup, "/api/agents/bob").body());
                        if (agent.getString("offeredInteraction") != null || agent.getJsonArray("interactions").size() > 0) {
                            offerAt = System.currentTimeMillis();
                        }
                    }
                    Thread.sleep(10);
                }
                int status = ready.get(30, TimeUnit.SECONDS).statusCode();
                Object rebuilt = new JsonObject(health(survivor)).getJsonObject("components").getJsonObject("cluster")
                        .getJsonObject("lastTakeover").getJsonObject("recovery").getValue("restored");
                System.out.printf("| %d | %s ms | %s ms%s | %s |%n", round, ownedAt == 0 ? "—" : ownedAt - killedAt,
                        offerAt == 0 ? "—" : offerAt - killedAt, status == 200 ? "" : " (ready answered " + status + ")",
                        rebuilt);
                // Clear the round's work, bring the killed node back as a follower.
                post(survivor, bob, "/api/agents/bob/state", new JsonObject().put("state", "NOT_READY").put("reason", "break"));
                nodes[owner] = ServerProcess.start(configs[owner], work.resolve("data" + owner),
                        work.resolve("n" + (owner + 1) + ".log"), Map.of("OPENUCC_CLUSTER_SECRET", SECRET));
                awaitMembers(nodes[owner], 2);
            }
        } finally {
            for (ServerProcess n : nodes) {
                if (n != null) {
                    n.destroy();
                }
            }
        }
    }

    private static void awaitMembers(ServerProcess n, int members) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            JsonObject c = new JsonObject(health(n)).getJsonObject("components").getJsonObject("cluster");
            if (c.getJsonArray("members").size() == members) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the cluster did not reach " + members + " members");
    }

    private static boolean ownsEngine(ServerProcess n) throws Exception {
        return Boolean.TRUE.equals(new JsonObject(health(n)).getJsonObject("components").getJsonObject("cluster")
                .getBoolean("ownsEngine"));
    }

    private static String health(ServerProcess n) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.httpPort() + "/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String token(ServerProcess n, String user, String password) throws Exception {
        return new JsonObject(post(n, null, "/api/auth/token", new JsonObject().put("username", user)
                .put("password", password)).body()).getString("token");
    }

    private static HttpResponse<String> post(ServerProcess n, String token, String path, JsonObject body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.httpPort() + path))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
        if (token != null) {
            b.header("authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(ServerProcess n, String token, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.httpPort() + path))
                .timeout(Duration.ofSeconds(30)).header("authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------ set-up

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
