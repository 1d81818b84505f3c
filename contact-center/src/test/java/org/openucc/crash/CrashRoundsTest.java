package org.openucc.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.telephony.sip.SipTestPhone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nothing acknowledged is lost and nothing waiting is dropped when the server is killed with
 * SIGKILL under load. The server runs in its own JVM on one data directory for {@value #ROUNDS}
 * rounds; each round logs agents in (consoles on {@code /ws/agent}, SIP phones registered), puts a
 * bounded mixed load on it (SIP calls to the sales number, chats on {@code /ws/chat}, mails into the
 * mailbox it fetches over IMAP, web callbacks over REST, and agents who go ready and on breaks,
 * accept, decline, hold, write, end and wrap up), records every acknowledgement the clients got,
 * kills the JVM at a random moment and starts it again. After each restart, through the API only
 * ({@link RecoveryChecks}): every acknowledged command is in the log, every interaction open at the
 * kill is waiting at its place or ended with a reason, no record is IN_PROGRESS without being live
 * in the ACD, no agent is stuck or silently logged out, consoles' sessions still work, chat visitors
 * resume their chat, and every mail taken in is an interaction. The seed of the random plan (load
 * and kill moments) is printed: replay with {@code -Dcrash.seed=N}; {@code -Dcrash.rounds=N} runs
 * fewer or more rounds.
 */
class CrashRoundsTest {
    private static final Logger log = LoggerFactory.getLogger(CrashRoundsTest.class);
    /** Twelve rounds in the suite (each seeded at random, so runs cover different moments); -Dcrash.rounds=N for more. */
    private static final int ROUNDS = 12;
    private static final List<String> QUEUES = List.of("sales", "chat", "email");

    @TempDir
    Path work;

    private final List<AgentBot> agents = List.of(new AgentBot("alice", "2001"), new AgentBot("erin", "2005"),
            new AgentBot("bob", null), new AgentBot("grace", null), new AgentBot("heidi", null));
    private final List<ChatVisitor> visitors = new ArrayList<>();
    private final Ledger ledger = new Ledger();
    private final Map<String, Violation> violations = new LinkedHashMap<>();
    private final Map<String, Integer> roundOf = new HashMap<>();
    private ServerProcess server;
    private GreenMail mail;
    private SipTestPhone customerPhone;
    private Vertx vertx;
    private ScheduledExecutorService timers;
    /** The integration's bearer token (the supervisor user), kept across restarts if the server keeps it. */
    private MultiMap supervisorSession;

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null) {
            server.destroy();
        }
        // Every round's server output, kept for whoever reads a failure (the temporary directory goes).
        Path output = work.resolve("server.log");
        if (java.nio.file.Files.exists(output)) {
            java.nio.file.Files.copy(output, Path.of("target", "crash-rounds-server.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        agents.forEach(AgentBot::detach);
        visitors.forEach(ChatVisitor::detach);
        if (customerPhone != null) {
            customerPhone.close();
        }
        if (timers != null) {
            timers.shutdownNow();
        }
        if (mail != null) {
            mail.stop();
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    @Test
    void killDashNineUnderMixedLoadLosesNoAcknowledgedCommandAndNoWaitingInteraction() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        int rounds = Integer.getInteger("crash.rounds", ROUNDS);
        log.info("crash test seed {} ({} rounds; replay with -Dcrash.seed={})", seed, rounds, seed);
        Random plan = new Random(seed);
        long began = System.nanoTime();

        mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
        mail.setUser(CrashConfig.MAILBOX, CrashConfig.MAILBOX_PASSWORD);
        mail.start();
        customerPhone = SipTestPhone.open("customer", 0);
        vertx = Vertx.vertx();
        timers = Executors.newScheduledThreadPool(4);
        CustomerLoad customers = new CustomerLoad(mail);
        Path data = work.resolve("data");
        Path output = work.resolve("server.log");
        Instant testStart = Instant.now().minusSeconds(1);
        ServerProcess.Killed killed = null;
        Map<String, RecoveryChecks.SeenState> seenAtKill = Map.of();

        ApiClient supervisor;
        for (int round = 0; round <= rounds; round++) {
            Random roundPlan = new Random(plan.nextLong());
            long killAfter = 1000 + roundPlan.nextInt(2500);
            Path config = CrashConfig.write(work.resolve("round-" + round + ".yaml"), CrashConfig.freeRtpRange(new Random()),
                    mail.getImap().getPort(), mail.getSmtp().getPort(), customerPhone.port());
            long startNanos = System.nanoTime();
            try {
                server = ServerProcess.start(config, data, output,
                        Map.of(CrashConfig.MAIL_PASSWORD_ENV, CrashConfig.MAILBOX_PASSWORD));
            } catch (RuntimeException e) {
                throw new AssertionError("crash test seed " + seed + ", round " + round + ": the server did not come"
                        + " back after the kill", e);
            }
            long startMillis = (System.nanoTime() - startNanos) / 1_000_000;
            RoundContext ctx = new RoundContext(round, vertx, server.httpPort(), server.sipPort(), timers,
                    new AtomicBoolean(true), ledger);
            supervisor = supervisorOn(round, server.httpPort());

            int before = violations.size();
            long checkMillis = 0;
            if (killed != null) {
                long checkNanos = System.nanoTime();
                checkAfterRestart(round, ctx, supervisor, killed, testStart, seenAtKill, customers);
                checkMillis = (System.nanoTime() - checkNanos) / 1_000_000;
            }
            if (round == rounds) {
                log.info("round {} (final restart, pid {}, up in {} ms, checks {} ms): {} new violations", round,
                        server.pid(), startMillis, checkMillis, violations.size() - before);
                break;
            }

            // The load, then the kill at the planned moment: a random time, or the instant the k-th
            // acknowledgement of the round reaches its client (the window between acknowledging and storing).
            boolean killOnAck = roundPlan.nextBoolean();
            int killAtAck = 3 + roundPlan.nextInt(20);
            List<CompletableFuture<Void>> ready = new ArrayList<>();
            for (AgentBot a : agents) {
                Random own = new Random(roundPlan.nextLong());
                ready.add(CompletableFuture.runAsync(() -> {
                    if (a.session() == null) {
                        // As the browser console does: a session cookie from /api/auth/login.
                        a.login(ApiClient.cookie(vertx, ctx.httpPort(), a.agentId, a.agentId + "-demo"));
                    }
                    try {
                        a.attach(ctx, own);
                    } catch (Exception e) {
                        throw new IllegalStateException("round " + ctx.number() + ": agent " + a.agentId
                                + " could not start work", e);
                    }
                }, timers));
            }
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            visitors.addAll(customers.plan(ctx, roundPlan));
            for (ChatVisitor v : visitors) {
                if (v.hasOpenChat()) {
                    v.chatter(3); // the ones who resumed go on chatting
                }
            }
            AtomicInteger acks = new AtomicInteger();
            ServerProcess victim = server;
            ledger.onAck(() -> {
                if (killOnAck && acks.incrementAndGet() == killAtAck) {
                    victim.signalKill();
                }
            });
            long loadStart = System.nanoTime();
            agents.forEach(AgentBot::startWork);
            // Half-way, the place check against the live server, no crash involved: it must find nothing,
            // or the check (not the recovery) is wrong.
            server.waitForExit(killAfter / 2);
            if (server.isAlive()) {
                baseline(round, supervisor);
            }
            server.waitForExit(Math.max(0, killAfter - (System.nanoTime() - loadStart) / 1_000_000));
            ctx.running().set(false);
            killed = server.kill();
            ledger.onAck(() -> { });
            String how = killOnAck && acks.get() >= killAtAck ? "at acknowledgement #" + killAtAck
                    : killAfter + " ms into the load";
            assertThat(killed.exitStatus()).as("round %d: the JVM died of SIGKILL", round).isEqualTo(128 + 9);
            agents.forEach(AgentBot::detach);
            visitors.forEach(ChatVisitor::detach);
            customers.detach();
            customers.collectMailAcks(round, ledger);
            seenAtKill = ledger.seenStates();
            log.info("round {} (seed {}): server pid {} up in {} ms, checks {} ms, killed {}; {} new violations;"
                    + " totals so far {}", round, seed, server.pid(), startMillis, checkMillis, how,
                    violations.size() - before, ledger.counts());
        }
        long seconds = (System.nanoTime() - began) / 1_000_000_000;
        log.info("crash test seed {}: {} rounds in {} s; {} violations", seed, rounds, seconds, violations.size());
        assertThat(violations).as(report(seed, rounds, seconds)).isEmpty();
    }

    /** Every check after the restart that follows round {@code round - 1}'s kill. */
    private void checkAfterRestart(int round, RoundContext ctx, ApiClient supervisor, ServerProcess.Killed killed,
                                   Instant testStart, Map<String, RecoveryChecks.SeenState> seenAtKill,
                                   CustomerLoad customers) throws Exception {
        Observation api = new Observation(supervisor);
        List<JsonObject> summaries = api.summariesSince(testStart);
        add(round, RecoveryChecks.noRecordInProgressWithoutLive(summaries, api));

        List<String> open = new ArrayList<>();
        for (JsonObject s : summaries) {
            String ended = s.getString("endedAt");
            if (Instant.parse(s.getString("arrivedAt")).isBefore(killed.doneAt())
                    && (ended == null || Instant.parse(ended).isAfter(killed.sentAt()))) {
                open.add(s.getString("interactionId"));
            }
        }
        add(round, RecoveryChecks.openInteractionsWaitOrEndWithReason(open, api, killed.doneAt(),
                ledger.acknowledged(Ack.Kind.CHAT_STARTED)));
        add(round, RecoveryChecks.waitingKeepTheirPlace(QUEUES.stream().map(api::waiting).toList(), api,
                killed.sentAt()));

        List<Ack> acks = ledger.ofRound(round - 1);
        Map<String, List<JsonObject>> agentEvents = new HashMap<>();
        add(round, RecoveryChecks.acknowledgedCommandsAreLogged(acks, api, agent -> agentEvents.computeIfAbsent(agent,
                a -> api.agentEvents(a, earliestSince(acks, a, testStart)))));
        add(round, RecoveryChecks.agentsNotStuck(seenAtKill, api.agents(), api));

        // Sessions: a console's login from before the crash still works (it reconnects without a login).
        for (AgentBot a : agents) {
            MultiMap h = a.session().sessionHeaders();
            ApiClient old = ApiClient.anonymous(vertx, ctx.httpPort()).as(h.get("authorization"), h.get("cookie"));
            HttpResponse<Buffer> me = old.get("/api/agents/" + a.agentId);
            if (me.statusCode() != 200) {
                add(round, List.of(new Violation("session-survives", a.agentId, "the session from before the crash is"
                        + " refused with " + me.statusCode() + " " + me.bodyAsString() + "; the console must log in"
                        + " again")));
                a.login(null); // logs in again with the round's load
            }
        }

        // Chat visitors come back with their resume token, as a reloaded page does.
        for (ChatVisitor v : visitors) {
            if (!v.hasOpenChat()) {
                continue;
            }
            v.connect(ctx, new Random(v.name.hashCode()));
            ChatVisitor.Resumed r = v.resume();
            if (!v.chatId().equals(r.chatId())) {
                add(round, List.of(new Violation("chat-resumes", "CHAT " + v.chatId(), "visitor " + v.name
                        + " could not resume its chat with its token: " + r.answer())));
                v.detach();
                v.abandon();
            }
        }

        add(round, RecoveryChecks.seenMailsAreInteractions(customers.newlySeenTokens(), api::interactionsWithText));
    }

    /** {@link RecoveryChecks#waitingKeepTheirPlace} on a server that did not crash (order and distances only). */
    private void baseline(int round, ApiClient supervisor) {
        try {
            Observation api = new Observation(supervisor);
            List<Observation.Waiting> lists = QUEUES.stream().map(api::waiting).toList();
            lists.forEach(l -> l.entries().stream().filter(e -> e.getInteger("position", 0) > 0)
                    .forEach(e -> ledger.count("baseline: waiting entries checked")));
            add(round, RecoveryChecks.waitingKeepTheirPlace(lists, api, null).stream()
                    .map(v -> new Violation("baseline-" + v.check(), v.subject(), "on the live server, before any"
                            + " crash: " + v.message())).toList());
        } catch (Exception e) { // Vert.x's await rethrows an I/O failure (e.g. a connection reset) as it is
            if (!server.killSent()) {
                throw new IllegalStateException("round " + round + ": the place check on the live server failed", e);
            }
            ledger.count("baseline cut short by the kill");
        }
    }

    /** The supervisor's API client: the token from before the restart if it still works, else a new login. */
    private ApiClient supervisorOn(int round, int port) {
        if (supervisorSession != null) {
            ApiClient old = ApiClient.anonymous(vertx, port).as(supervisorSession.get("authorization"), null);
            HttpResponse<Buffer> r = old.get("/api/queues");
            if (r.statusCode() == 200) {
                return old;
            }
            add(round, List.of(new Violation("session-survives", "supervisor", "the integration's bearer token from"
                    + " before the crash is refused with " + r.statusCode() + " " + r.bodyAsString())));
        }
        ApiClient fresh = ApiClient.bearer(vertx, port, "supervisor", "supervisor-demo");
        supervisorSession = fresh.sessionHeaders();
        return fresh;
    }

    private static Instant earliestSince(List<Ack> acks, String agentId, Instant otherwise) {
        return acks.stream().filter(a -> a.kind() == Ack.Kind.STATE && agentId.equals(a.agentId()))
                .map(a -> a.answer().getJsonObject("result", new JsonObject()).getString("since"))
                .filter(java.util.Objects::nonNull).map(Instant::parse).min(Instant::compareTo)
                .map(i -> i.minusMillis(1)).orElse(otherwise);
    }

    private void add(int round, List<Violation> found) {
        for (Violation v : found) {
            if (!violations.containsKey(v.key())) {
                violations.put(v.key(), v);
                roundOf.put(v.key(), round);
                log.warn("round {}: {}", round, v);
            }
        }
    }

    private String report(long seed, int rounds, long seconds) {
        Map<String, Integer> perCheck = new TreeMap<>();
        violations.values().forEach(v -> perCheck.merge(v.check(), 1, Integer::sum));
        StringBuilder sb = new StringBuilder("crash test, seed " + seed + " (replay: -Dcrash.seed=" + seed + "), "
                + rounds + " rounds in " + seconds + " s: " + violations.size() + " broken promises " + perCheck
                + "; load " + ledger.counts() + "\n");
        Set<String> shownChecks = new java.util.HashSet<>();
        int lines = 0;
        for (Map.Entry<String, Violation> e : violations.entrySet()) {
            Violation v = e.getValue();
            // Every kind of violation is shown, and the first few of each.
            if (lines < 60 || shownChecks.add(v.check())) {
                sb.append("  round ").append(roundOf.get(e.getKey())).append(": ").append(v).append('\n');
                shownChecks.add(v.check());
                lines++;
            }
        }
        return sb.toString();
    }
}
