package org.openucc.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.telephony.sip.SipTestPhone;

/**
 * Listen, barge and end from the supervisor page in headless Chromium on a real SIP call (caller, agent
 * and supervisor phones on loopback): the page says so when the supervisor's phone is not registered,
 * rings it once it is, shows the mode, switches it, ends the session; the buttons speak Chinese too.
 * What each phone hears is checked in MonitorSipTest.
 */
@ExtendWith(VertxExtension.class)
class MonitorBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void supervisorListensBargesAndEndsFromTheAgentsRow(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir);
             SipTestPhone alicePhone = SipTestPhone.open("2001", server.contactCenter().sip().port());
             SipTestPhone caller = SipTestPhone.open("5551234", server.contactCenter().sip().port());
             SipTestPhone supervisorPhone = SipTestPhone.open("2900", server.contactCenter().sip().port());
             Browser supervisor = Browser.open(server.port())) {
            InteractionLog log = server.contactCenter().store().interactionLog();
            assertThat(alicePhone.register("alice-phone", 3600)).isEqualTo(200);
            ApiClient alice = ApiClient.cookie(vertx, server.port(), "alice", "alice-demo");
            try (ConsoleClient console = ConsoleClient.connect(vertx, server.port(), "/ws/agent",
                    alice.sessionHeaders())) {
                console.next("hello");
                assertThat(console.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");
                supervisor.logIn("supervisor", "supervisor-demo");
                supervisor.waitForAttribute("#conn-status", "data-status", "open");

                assertThat(caller.call("1001", "5551234").get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
                String interactionId = console.next("offer").getString("interactionId");
                console.next("connected");
                supervisor.waitForAttribute("#agents tr[data-agent-id=alice]", "data-state", "BUSY");
                String row = "#agents tr[data-agent-id=alice] ";
                String listen = row + "button.monitor-listen[data-interaction-id='" + interactionId + "']";

                // Not registered yet: the page says what to do.
                supervisor.click(listen);
                supervisor.waitForText("#messages .toast.error", "Your phone is not registered");
                assertThat(supervisorPhone.incomingCalls()).isZero();
                assertThat(supervisor.consoleErrors()).as("only the refused request's 409")
                        .allMatch(m -> m.contains("/monitor") && m.contains("409"));

                assertThat(supervisorPhone.register("supervisor-phone", 3600)).isEqualTo(200);
                supervisor.click(listen);
                supervisor.waitForText(row + ".monitor-state", "listening");
                assertThat(supervisorPhone.incomingCalls()).isEqualTo(1);
                supervisor.waitForAttribute(listen, "aria-pressed", "true");

                supervisor.click(row + "button.monitor-barge");
                supervisor.waitForText(row + ".monitor-state", "barged in");
                supervisor.screenshot(Path.of("target", "screenshots", "supervisor-monitor.png"));

                supervisor.click("#lang-toggle");
                supervisor.waitForText(row + "button.monitor-whisper", "耳语");
                supervisor.waitForText(row + ".monitor-state", "已强插");
                supervisor.click("#lang-toggle");

                supervisor.click(row + "button.monitor-end");
                await().atMost(WAIT).until(() -> supervisorPhone.callsEnded() == 1);
                supervisor.waitForVisible(row + "button.monitor-end", false);

                List<LogEvent> monitoring = await().atMost(WAIT).until(() -> {
                    log.flush().join();
                    return log.timeline(interactionId).stream().filter(e -> e.type().name().startsWith("MONITOR_"))
                            .toList();
                }, l -> l.size() == 3);
                assertThat(monitoring).extracting(LogEvent::type).containsExactly(LogEventType.MONITOR_STARTED,
                        LogEventType.MONITOR_MODE_CHANGED, LogEventType.MONITOR_ENDED);
                assertThat(monitoring).extracting(e -> e.details().get("mode")).containsExactly("LISTEN", "BARGE", "BARGE");
                assertThat(supervisor.consoleErrors()).isEmpty();
                caller.hangUpAll();
            }
        }
    }
}
