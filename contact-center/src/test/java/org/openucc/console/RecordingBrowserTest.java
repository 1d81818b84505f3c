package org.openucc.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.TestServer;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.recording.RecordedCall;

/**
 * A real call's recording played in a real headless Chromium: the agent who took the call (bob) opens it from
 * his recent interactions, its timeline shows the recording with a player, and the audio loads and plays (the
 * element learns the duration from the WAV the server streams); a supervisor does the same from the wallboard
 * and then sees both playbacks on the timeline, one RECORDING_PLAYED each; another agent does not get the call
 * in her list. The supervisor's timeline is the README's screenshot (docs/screenshots/recording.png).
 */
class RecordingBrowserTest {
    private static final String PLAY = "const a = document.querySelector(arguments[0]); a.play().catch(() => {});";
    private static final String DURATION = "const a = document.querySelector(arguments[0]);"
            + " return a && a.readyState >= 1 && Number.isFinite(a.duration) ? a.duration : -1;";

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    @Test
    void theAgentAndASupervisorPlayTheCallsRecordingFromItsTimeline() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            RecordedCall call = RecordedCall.make(server.contactCenter(), work);
            InteractionLog log = server.contactCenter().store().interactionLog();
            String item = "#recent-interactions li[data-interaction-id='" + call.interactionId() + "'] .timeline-open";
            String player = "#timeline audio.recording-player[data-recording-id='" + call.recordingId() + "']";

            try (Browser bob = Browser.open(server.port())) {
                bob.logIn("bob", "bob-demo");
                bob.waitForAttribute("#conn-status", "data-status", "open");
                bob.click(item);
                bob.find(player);
                bob.waitForText("#timeline", "Recording (0:0");
                assertThat(bob.text("#timeline")).contains("Connected").contains("Ended");
                assertThat(played(log, call)).as("showing the timeline is not playing").isEmpty();
                bob.script(PLAY, player);
                double seconds = duration(bob, player);
                assertThat(seconds).as("the call lasted about 3 s").isBetween(1.5, 8.0);
                bob.until(d -> ((Number) bob.script("return document.querySelector(arguments[0]).currentTime", player))
                        .doubleValue() > 0 ? true : null, "the recording to play");
                assertThat(bob.consoleErrors()).isEmpty();
            }
            awaitPlayed(log, call, List.of("bob"));

            try (Browser supervisor = Browser.open(server.port()); Browser alice = Browser.open(server.port())) {
                supervisor.logIn("supervisor", "supervisor-demo");
                supervisor.waitForAttribute("#conn-status", "data-status", "open");
                supervisor.click(item);
                supervisor.find(player);
                supervisor.script(PLAY, player);
                assertThat(duration(supervisor, player)).isBetween(1.5, 8.0);
                awaitPlayed(log, call, List.of("bob", "supervisor"));
                // Opened again, the timeline shows who played it.
                supervisor.click(item);
                supervisor.waitForText("#timeline li[data-type=RECORDING_PLAYED]", "Recording played · supervisor");
                assertThat(supervisor.count("#timeline li[data-type=RECORDING_PLAYED]")).isEqualTo(2);
                supervisor.script("document.querySelector('#recent-panel').scrollIntoView()");
                supervisor.screenshot(ConsoleBrowserTest.SCREENSHOTS.resolve("recording.png"));
                supervisor.click("#lang-toggle");
                supervisor.waitForText("#timeline", "录音（0:0");
                supervisor.waitForText("#recent-panel h2", "最近的接触");
                assertThat(supervisor.consoleErrors()).isEmpty();

                alice.logIn("alice", "alice-demo");
                alice.waitForAttribute("#conn-status", "data-status", "open");
                // her list has loaded (the demo history has calls of hers), and bob's call is not in it
                alice.until(d -> ((Number) alice.script("return document.querySelectorAll('#recent-interactions li').length"))
                        .intValue() > 0 ? true : null, "alice's recent interactions");
                assertThat(alice.count(item)).isZero();
            }
        }
    }

    private static double duration(Browser browser, String player) {
        return browser.until(d -> {
            double seconds = ((Number) browser.script(DURATION, player)).doubleValue();
            return seconds > 0 ? seconds : null;
        }, "the recording's duration in the player");
    }

    private static List<String> played(InteractionLog log, RecordedCall call) {
        log.flush().join();
        return log.timeline(call.interactionId()).stream().filter(e -> e.type() == LogEventType.RECORDING_PLAYED)
                .map(LogEvent::actor).toList();
    }

    /** Exactly these playbacks, however many range requests the player made. */
    private static void awaitPlayed(InteractionLog log, RecordedCall call, List<String> users) {
        await().atMost(Duration.ofSeconds(10)).until(() -> played(log, call), p -> p.equals(users));
    }
}
