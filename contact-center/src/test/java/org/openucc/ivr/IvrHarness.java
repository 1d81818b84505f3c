package org.openucc.ivr;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.IvrConfig;
import org.openucc.ivr.load.FlowEnvironment;
import org.openucc.ivr.load.IvrFlowException;
import org.openucc.ivr.runtime.IvrCall;
import org.openucc.ivr.runtime.IvrOutcome;
import org.openucc.ivr.runtime.IvrPorts;
import org.openucc.ivr.runtime.RuntimeSettings;
import org.openucc.routing.ManualClock;

/**
 * The IVR service on the shipped flows and prompts and the demo configuration, with every port a
 * harness: a scripted ACD, the demo customers in memory, manual timers and a fixed clock. Sessions
 * run on the calling thread, so a call runs to its next wait inside each script step.
 */
final class IvrHarness {
    static final Path FLOWS = IvrFiles.FLOWS;
    static final Path PROMPTS = IvrFiles.PROMPTS;
    static final ContactCenterConfig DEMO = IvrFiles.DEMO;
    /** Wednesday 4 March 2026, 10:00 in Berlin: the demo's default calendar is open. */
    static final Instant OPEN = Instant.parse("2026-03-04T09:00:00Z");
    /** Sunday 8 March 2026, 23:00 in Berlin: closed. */
    static final Instant CLOSED = Instant.parse("2026-03-08T22:00:00Z");
    /** Christmas Day 2026, 11:00 in Berlin: a holiday of the default calendar. */
    static final Instant HOLIDAY = Instant.parse("2026-12-25T10:00:00Z");
    static final String SERVICE_NUMBER = "+4930555000";

    final FakeRouting routing = new FakeRouting();
    final DemoDirectory directory = new DemoDirectory();
    final RecordingJournal journal = new RecordingJournal();
    final ManualTimers timers = new ManualTimers();
    final FakeHttp http = new FakeHttp();
    final ManualClock clock;
    final IvrService service;
    /** Where the simulated calls put voicemail (the telephony's choice, as on the built-in stack). */
    private final Path voicemailDir;
    private final AtomicInteger calls = new AtomicInteger();

    IvrHarness(Path voicemailDir) {
        this(voicemailDir, OPEN, FLOWS);
    }

    IvrHarness(Path voicemailDir, Instant now, Path flowsDir) {
        this.voicemailDir = voicemailDir;
        clock = new ManualClock(now.toEpochMilli());
        IvrConfig config = new IvrConfig(flowsDir.toString(), PROMPTS.toString(), List.of("en", "zh"), "en", null,
                DEMO.ivr().timeZone(), voicemailDir.toString(), false);
        IvrPorts ports = new IvrPorts(directory, routing, journal, http, timers, clock, Runnable::run);
        RuntimeSettings settings = new RuntimeSettings(PROMPTS, DEMO.ivr().timeZone(),
                RuntimeSettings.byId(DEMO.businessHours()), 200);
        service = new IvrService(config, FlowEnvironment.of(DEMO.withIvr(config)), ports, settings);
        try {
            service.start();
        } catch (IvrFlowException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    SimulatedCall call(String from) {
        return new SimulatedCall("call-" + calls.incrementAndGet(), from, SERVICE_NUMBER, PROMPTS, voicemailDir);
    }

    CompletableFuture<IvrOutcome> start(SimulatedCall call, String flow) {
        return service.run(call, flow, new IvrCall("voice-" + call.callId(), null, Map.of("source", "test")))
                .toCompletableFuture();
    }

    /** Runs the call's script to its end; the outcome must be known by then. */
    IvrOutcome run(SimulatedCall call, String flow) {
        CompletableFuture<IvrOutcome> outcome = start(call, flow);
        call.drive();
        if (!outcome.isDone()) {
            throw new AssertionError("the call is still in the IVR after its script; heard " + call.heard()
                    + "; journal " + journal.lines);
        }
        return outcome.join();
    }
}
