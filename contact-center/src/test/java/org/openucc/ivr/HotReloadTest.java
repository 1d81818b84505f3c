package org.openucc.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.IvrConfig;
import org.openucc.ivr.load.FlowEnvironment;
import org.openucc.ivr.runtime.IvrCall;
import org.openucc.ivr.runtime.IvrOutcome;
import org.openucc.ivr.runtime.IvrPorts;
import org.openucc.ivr.runtime.RuntimeSettings;
import org.openucc.routing.ManualClock;

/**
 * Flows change without a restart: the next call gets the edited version, a call in progress
 * finishes on its own, and a broken edit is rejected with its problems while the last good version
 * stays active.
 */
class HotReloadTest {
    private static final String VERSION_1 = """
            start: hello
            nodes:
              hello: {type: play, prompts: welcome, next: ask}
              ask:
                type: menu
                prompts: main-menu
                options: {"1": bye}
                fallback: bye
              bye: {type: play, prompts: thank-you-goodbye, next: end}
              end: {type: hangup}
            """;
    /** The greeting and the goodbye changed. */
    private static final String VERSION_2 = VERSION_1.replace("prompts: welcome", "prompts: vip-welcome")
            .replace("prompts: thank-you-goodbye", "prompts: message-saved");

    @TempDir
    Path dir;
    private IvrService service;
    private final List<IvrService.Reload> reloads = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
    }

    private void start(boolean watch) throws Exception {
        Path flows = Files.createDirectories(dir.resolve("flows"));
        Files.writeString(flows.resolve("main.yaml"), VERSION_1);
        IvrConfig config = new IvrConfig(flows.toString(), IvrFiles.PROMPTS.toString(), List.of("en", "zh"), "en",
                null, null, dir.resolve("vm").toString(), watch);
        ManualClock clock = new ManualClock(IvrHarness.OPEN.toEpochMilli());
        IvrPorts ports = new IvrPorts(new DemoDirectory(), new FakeRouting(), new RecordingJournal(), new FakeHttp(),
                new ManualTimers(), clock, Runnable::run);
        service = new IvrService(config, FlowEnvironment.of(IvrFiles.DEMO.withIvr(config)), ports,
                new RuntimeSettings(IvrFiles.PROMPTS, config.timeZone(),
                        RuntimeSettings.byId(IvrFiles.DEMO.businessHours()), 100));
        service.onReload(reloads::add);
        service.start();
    }

    private SimulatedCall call(String id) {
        return new SimulatedCall(id, "+4940111222", "1000", IvrFiles.PROMPTS, dir.resolve("vm"));
    }

    private CompletableFuture<IvrOutcome> run(SimulatedCall call) {
        return service.run(call, "main", IvrCall.of("i-" + call.callId())).toCompletableFuture();
    }

    @Test
    void anEditedFlowReachesTheNextCallWhileTheCallInProgressKeepsItsVersion() throws Exception {
        start(true);
        SimulatedCall before = call("before");
        CompletableFuture<IvrOutcome> first = run(before);
        assertThat(before.heard()).containsExactly("en/welcome", "en/main-menu");

        Files.writeString(dir.resolve("flows/main.yaml"), VERSION_2);
        await().atMost(Duration.ofSeconds(10)).until(() -> service.flows().version() >= 2);

        SimulatedCall after = call("after").press("1");
        CompletableFuture<IvrOutcome> second = run(after);
        after.drive();
        before.press("1").drive();

        assertThat(after.heard()).containsExactly("en/vip-welcome", "en/main-menu", "en/message-saved");
        assertThat(before.heard()).containsExactly("en/welcome", "en/main-menu", "en/thank-you-goodbye");
        assertThat(first).isCompletedWithValueMatching(o -> o instanceof IvrOutcome.HungUp);
        assertThat(second).isCompletedWithValueMatching(o -> o instanceof IvrOutcome.HungUp);
        assertThat(reloads).allMatch(IvrService.Reload::accepted);
    }

    @Test
    void aBrokenEditIsRejectedWithItsLineAndTheLastGoodVersionStays() throws Exception {
        start(true);
        Files.writeString(dir.resolve("flows/main.yaml"), VERSION_1.replace("next: ask", "next: aks"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !reloads.isEmpty());

        IvrService.Reload rejected = reloads.get(reloads.size() - 1);
        assertThat(rejected.accepted()).isFalse();
        assertThat(rejected.version()).isEqualTo(1);
        assertThat(rejected.problems()).singleElement().hasToString(dir.resolve("flows/main.yaml")
                + ":3:47: node 'hello' (play): next: there is no node 'aks' in flow 'main'; did you mean 'ask'?");
        assertThat(service.flows().version()).isEqualTo(1);
        assertThat(service.describe().get("lastReload").toString()).startsWith("rejected: 1 problem(s)");

        SimulatedCall call = call("during").press("1");
        CompletableFuture<IvrOutcome> outcome = run(call);
        call.drive();
        assertThat(call.heard()).containsExactly("en/welcome", "en/main-menu", "en/thank-you-goodbye");
        assertThat(outcome).isCompleted();

        Files.writeString(dir.resolve("flows/main.yaml"), VERSION_2);
        await().atMost(Duration.ofSeconds(10)).until(() -> service.flows().version() == 2);
        assertThat(service.describe()).doesNotContainKey("lastReload");
    }

    @Test
    void aReloadCanBeAskedForAndANewFlowFileIsANewFlow() throws Exception {
        start(false);
        Files.writeString(dir.resolve("flows/second.yaml"), VERSION_2);

        IvrService.Reload r = service.reload();

        assertThat(r.accepted()).isTrue();
        assertThat(r.version()).isEqualTo(2);
        assertThat(service.hasFlow("second")).isTrue();
        assertThat(service.describe()).containsEntry("flows", "direct, main, second").containsEntry("version", 2L);
    }

    @Test
    void aCallForAFlowThatDoesNotExistFailsWithoutAnsweringAnything() throws Exception {
        start(false);
        SimulatedCall call = call("lost");

        IvrOutcome outcome = service.run(call, "nope", IvrCall.of("i-lost")).toCompletableFuture().join();

        assertThat(outcome).isInstanceOf(IvrOutcome.Failed.class);
        assertThat(((IvrOutcome.Failed) outcome).reason()).isEqualTo("there is no IVR flow 'nope' (flows: direct, main)");
        assertThat(call.heard()).isEmpty();
    }
}
