package org.openucc.outbound.dialer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.openucc.concurrent.SerialExecutor;
import org.openucc.config.QueueConfig;
import org.openucc.interaction.Channel;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;
import org.openucc.outbound.pacing.AgentActivity;
import org.openucc.outbound.pacing.CampaignAgent;
import org.openucc.outbound.pacing.CampaignPacer;
import org.openucc.outbound.pacing.CampaignSnapshot;
import org.openucc.outbound.pacing.DialEvent;
import org.openucc.outbound.pacing.DialingMode;
import org.openucc.outbound.pacing.InboundWork;
import org.openucc.routing.AgentState;
import org.openucc.routing.AgentView;
import org.openucc.routing.QueueView;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingEvent;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallEndedException;
import org.openucc.telephony.CallEvent;
import org.openucc.telephony.DialRequest;
import org.openucc.telephony.EndCause;
import org.openucc.telephony.OutboundCall;
import org.openucc.telephony.Playback;
import org.openucc.telephony.Prompt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running campaign: its pacing ticks, the calls it has in flight and its live figures. Everything
 * happens on the campaign's own serial owner; blocking work (the calling list, the log's reads) runs on
 * the dialer's workers and comes back here. Every attempt is an OUTBOUND_VOICE interaction whose
 * INTERACTION_CREATED is durable before its number is dialled; its DIAL_ATTEMPT (result, ring time, the
 * record) and its end are logged whatever happens to it, so every record's every attempt is in the log.
 */
final class CampaignRun {
    private static final Logger log = LoggerFactory.getLogger(CampaignRun.class);

    enum State { RUNNING, PAUSED, STOPPED }

    /** The suffix of the recording of what answering-machine detection heard. */
    static final String AMD_SAMPLE = "-amd";

    /** Where one attempt is. */
    enum Stage { LOGGING, RINGING, DETECTING, WAITING_AGENT, CONNECTED, WRAP_UP, DONE }

    final class Attempt {
        final String interactionId;
        final DialTarget target;
        final Map<String, String> attributes;
        Stage stage = Stage.LOGGING;
        long placedAt;
        long answeredAt;
        long connectedAt;
        long endedAt;
        OutboundCall dial;
        CallControl leg;
        String agentId;
        ScheduledFuture<?> abandonTimer;
        boolean abandoning;
        boolean personAnswered;

        Attempt(String interactionId, DialTarget target, Map<String, String> attributes) {
            this.interactionId = interactionId;
            this.target = target;
            this.attributes = attributes;
        }

        long rangMillis() {
            return Math.max(0, (answeredAt > 0 ? answeredAt : now()) - placedAt);
        }
    }

    private final CampaignDialer dialer;
    private final SerialExecutor owner;
    private final CampaignPacer pacer;
    private volatile DialerCampaign campaign;
    private volatile State state = State.RUNNING;
    private final Map<String, Attempt> attempts = new LinkedHashMap<>();
    /** Agents' last campaign attempt, for "in wrap-up after a campaign call". */
    private final Map<String, Attempt> lastByAgent = new HashMap<>();
    private boolean ticking;
    private ScheduledFuture<?> ticker;
    private final Figures figures = new Figures();
    private volatile CampaignSnapshot lastSnapshot;

    /** Counts since the campaign (re)started on this server, today's from the log where it matters. */
    static final class Figures {
        long dialed;
        long personAnswered;
        long machines;
        long abandoned;
        long connected;
        long busy;
        long noAnswer;
        long failed;
        long hungUp;
    }

    CampaignRun(CampaignDialer dialer, DialerCampaign campaign, CampaignPacer pacer, SerialExecutor owner) {
        this.dialer = dialer;
        this.campaign = campaign;
        this.pacer = pacer;
        this.owner = owner;
    }

    DialerCampaign campaign() {
        return campaign;
    }

    State state() {
        return state;
    }

    void start(long tickMillis) {
        ticker = dialer.timers().scheduleWithFixedDelay(() -> execute(this::tick), 0, tickMillis, TimeUnit.MILLISECONDS);
    }

    void execute(Runnable task) {
        dialer.submit(owner, task);
    }

    long now() {
        return dialer.clock().millis();
    }

    void update(DialerCampaign changed) {
        execute(() -> campaign = changed);
    }

    void pause() {
        execute(() -> {
            if (state == State.RUNNING) {
                state = State.PAUSED;
            }
        });
    }

    void resume() {
        execute(() -> {
            if (state == State.PAUSED) {
                state = State.RUNNING;
                tick();
            }
        });
    }

    /** No new calls; numbers still ringing are cancelled (their records go back to the list), conversations go on. */
    CompletionStage<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            state = State.STOPPED;
            if (ticker != null) {
                ticker.cancel(false);
            }
            for (Attempt a : new ArrayList<>(attempts.values())) {
                if (a.stage == Stage.RINGING && a.dial != null) {
                    a.dial.cancel();
                }
            }
            done.complete(null);
        });
        return done;
    }

    // ------------------------------------------------------------------ pacing

    private void tick() {
        if (state != State.RUNNING || ticking) {
            return;
        }
        ticking = true;
        CompletionStage<List<AgentView>> agents = dialer.routing().send(new RoutingCommand.ListAgents());
        CompletionStage<List<QueueView>> queues = dialer.routing().send(new RoutingCommand.ListQueues());
        agents.thenCombine(queues, (a, q) -> {
            execute(() -> paced(a, q));
            return null;
        }).exceptionally(err -> {
            execute(() -> {
                ticking = false;
                log.debug("campaign {}: no pacing this tick: {}", campaign.id(), CampaignDialer.cause(err).toString());
            });
            return null;
        });
    }

    private void paced(List<AgentView> agents, List<QueueView> queues) {
        long now = now();
        CampaignSnapshot snapshot = snapshot(agents, queues, now);
        lastSnapshot = snapshot;
        int n = state != State.RUNNING || campaign.mode() == DialingMode.PREVIEW ? 0
                : pacer.decide(snapshot).callsToPlace();
        int loggedIn = snapshot.agents().size();
        // the pacer's own ceiling counts available agents; this one holds whatever the pacer says
        int cap = (int) Math.floor(pacer.config().maxLinesPerAgent() * loggedIn) - attempts.size();
        n = Math.min(n, Math.max(0, cap));
        if (n <= 0) {
            ticking = false;
            return;
        }
        int max = n;
        String id = campaign.id();
        Instant at = Instant.ofEpochMilli(now);
        CompletableFuture.supplyAsync(() -> dialer.list().nextToDial(id, at, max), dialer.workers())
                .whenComplete((targets, err) -> execute(() -> {
                    ticking = false;
                    if (err != null) {
                        log.warn("campaign {}: the calling list failed: {}", id, CampaignDialer.cause(err).toString());
                        return;
                    }
                    for (DialTarget t : targets) {
                        place(t);
                    }
                    if (targets.isEmpty() && attempts.isEmpty()) {
                        dialer.listEmpty(this);
                    }
                }));
    }

    /** The campaign's agents (those its queue routes to) and what each does, as the pacer sees them. */
    private CampaignSnapshot snapshot(List<AgentView> agents, List<QueueView> queues, long now) {
        QueueConfig queue = dialer.queue(campaign.queueId()).orElse(null);
        List<CampaignAgent> mine = new ArrayList<>();
        List<AgentView> campaignAgents = new ArrayList<>();
        for (AgentView a : agents) {
            if (a.state() == AgentState.LOGGED_OUT || queue == null || !CampaignDialer.serves(a, queue)) {
                continue;
            }
            campaignAgents.add(a);
            mine.add(activity(a, now));
        }
        List<Duration> ringing = new ArrayList<>();
        int waiting = 0;
        for (Attempt at : attempts.values()) {
            if (at.stage == Stage.LOGGING || at.stage == Stage.RINGING) {
                ringing.add(Duration.ofMillis(at.placedAt == 0 ? 0 : Math.max(0, now - at.placedAt)));
            } else if (at.stage == Stage.DETECTING || at.stage == Stage.WAITING_AGENT) {
                waiting++;
            }
        }
        return new CampaignSnapshot(mine, ringing, waiting, inbound(campaignAgents, queues));
    }

    private CampaignAgent activity(AgentView a, long now) {
        for (String i : a.interactions()) {
            Attempt at = attempts.get(i);
            if (at != null && at.connectedAt > 0) {
                return CampaignAgent.talking(Duration.ofMillis(Math.max(0, now - at.connectedAt)));
            }
        }
        if (a.state() == AgentState.WRAP_UP) {
            Attempt last = lastByAgent.get(a.id());
            if (last != null && last.stage == Stage.WRAP_UP) {
                return CampaignAgent.wrappingUp(Duration.ofMillis(Math.max(0, now - a.stateSinceMillis())));
            }
            return CampaignAgent.busyInbound();
        }
        if (a.state() == AgentState.READY && a.phoneReachable() && a.interactions().isEmpty()
                && a.offeredInteraction() == null) {
            return CampaignAgent.ready();
        }
        if (a.state() == AgentState.NOT_READY) {
            return new CampaignAgent(AgentActivity.NOT_READY, Duration.ZERO);
        }
        return CampaignAgent.busyInbound();
    }

    /** Inbound work waiting for the campaign's agents: the blending rule's input. */
    private InboundWork inbound(List<AgentView> campaignAgents, List<QueueView> queues) {
        int waiting = 0;
        long longest = 0;
        boolean atRisk = false;
        for (QueueView q : queues) {
            if (q.id().equals(campaign.queueId()) || q.waiting() == 0) {
                continue;
            }
            Optional<QueueConfig> qc = dialer.queue(q.id());
            boolean blended = campaign.blendWith().isEmpty()
                    ? qc.isPresent() && campaignAgents.stream().anyMatch(a -> CampaignDialer.serves(a, qc.get()))
                    : campaign.blendWith().contains(q.id());
            if (!blended) {
                continue;
            }
            waiting += q.waiting();
            longest = Math.max(longest, q.longestWaitMillis());
            long threshold = qc.map(c -> c.serviceLevel() == null ? 20_000L : c.serviceLevel().threshold().toMillis())
                    .orElse(20_000L);
            atRisk |= q.longestWaitMillis() * 2 >= threshold;
        }
        return new InboundWork(waiting, Duration.ofMillis(longest), atRisk);
    }

    // ------------------------------------------------------------------ one attempt

    private void place(DialTarget t) {
        DialerCampaign c = campaign;
        String id = dialer.ids().next("out");
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("campaignId", c.id());
        if (c.name() != null) {
            attrs.put("campaignName", c.name());
        }
        attrs.put("recordId", t.recordId());
        attrs.put("attempt", Integer.toString(t.attempt()));
        attrs.put("phone", t.e164());
        attrs.put("dialedNumber", t.e164());
        if (c.callerId() != null) {
            attrs.put("callerNumber", c.callerId());
        }
        if (t.name() != null) {
            attrs.put("customerName", t.name());
        }
        attrs.put("dialMode", c.mode().name());
        Attempt a = new Attempt(id, t, attrs);
        attempts.put(id, a);
        dialer.track(id, this);
        figures.dialed++;
        NewLogEvent created = NewLogEvent.interactionCreated(Instant.ofEpochMilli(now()), id, Channel.OUTBOUND_VOICE,
                "OUTBOUND", c.queueId(), t.customerId(), attrs);
        dialer.log().append(created).whenComplete((e, err) -> execute(() -> {
            if (err != null) {
                finish(a, AttemptResult.FAILED, "the interaction log cannot write: "
                        + CampaignDialer.cause(err).getMessage(), false);
            } else if (state == State.STOPPED) {
                finish(a, AttemptResult.LOST, "the campaign was stopped before the number was dialled", false);
            } else {
                dial(a);
            }
        }));
    }

    private void dial(Attempt a) {
        a.stage = Stage.RINGING;
        a.placedAt = now();
        pacer.record(new DialEvent.CallPlaced());
        OutboundCall oc;
        try {
            oc = dialer.telephony().dial(new DialRequest(a.target.e164(), campaign.callerId(), campaign.ringTimeout()));
        } catch (RuntimeException e) {
            finish(a, AttemptResult.FAILED, "cannot dial: " + e.getMessage(), false);
            return;
        }
        a.dial = oc;
        oc.answered().whenComplete((leg, err) -> execute(() -> {
            if (err != null) {
                notAnswered(a, CampaignDialer.cause(err));
            } else {
                answered(a, leg);
            }
        }));
    }

    private void notAnswered(Attempt a, Throwable why) {
        if (a.stage != Stage.RINGING) {
            return;
        }
        EndCause cause = why instanceof CallEndedException e ? e.endCause() : EndCause.FAILED;
        AttemptResult result = switch (cause) {
            case BUSY -> AttemptResult.BUSY;
            case NO_ANSWER -> AttemptResult.NO_ANSWER;
            case REJECTED -> AttemptResult.REJECTED;
            case CANCELLED -> AttemptResult.LOST;
            default -> AttemptResult.FAILED;
        };
        switch (result) {
            case BUSY -> figures.busy++;
            case NO_ANSWER -> figures.noAnswer++;
            default -> figures.failed++;
        }
        pacer.record(new DialEvent.CallNotAnswered(result == AttemptResult.BUSY ? DialEvent.Outcome.BUSY
                : result == AttemptResult.NO_ANSWER ? DialEvent.Outcome.NO_ANSWER : DialEvent.Outcome.FAILED,
                Duration.ofMillis(a.rangMillis())));
        finish(a, result, why.getMessage(), false);
    }

    private void answered(Attempt a, CallControl leg) {
        a.answeredAt = now();
        if (a.stage != Stage.RINGING) {
            leg.hangup("no longer needed");
            return;
        }
        a.leg = leg;
        pacer.record(new DialEvent.CallAnswered(Duration.ofMillis(a.rangMillis())));
        leg.belongsTo(a.interactionId);
        leg.addListener(ev -> {
            if (ev instanceof CallEvent.Ended) {
                execute(() -> legEnded(a));
            } else if (ev instanceof CallEvent.RecordingAvailable r && r.recording() != null
                    && r.recording().id().endsWith(AMD_SAMPLE)) {
                // The audio the machine detector judged: in the log beside its verdict, for supervisors to sample.
                dialer.log().append(NewLogEvent.recordingAvailable(Instant.ofEpochMilli(now()), a.interactionId,
                        r.location(), r.durationMillis()));
            }
        });
        if (campaign.amd() == AmdAction.OFF) {
            person(a);
            return;
        }
        a.stage = Stage.DETECTING;
        dialer.machines().detect(leg, a.interactionId + AMD_SAMPLE).whenComplete((v, err) -> execute(() -> detected(a, v, err)));
    }

    private void detected(Attempt a, MachineDetector.Verdict v, Throwable err) {
        if (a.stage != Stage.DETECTING) {
            return; // hung up meanwhile
        }
        if (err != null) {
            v = new MachineDetector.Verdict("NOTSURE", "detection failed: " + CampaignDialer.cause(err).getMessage(), 0);
        }
        AmdAction action = campaign.amd();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("campaignId", campaign.id());
        d.put("recordId", a.target.recordId());
        d.put("verdict", v.verdict());
        d.put("cause", v.cause());
        d.put("analysisMillis", v.analysisMillis());
        d.put("action", v.machine() ? action.name() : "TO_AGENT");
        dialer.log().append(NewLogEvent.interaction(Instant.ofEpochMilli(now()), LogEventType.MACHINE_DETECTED,
                a.interactionId, d));
        if (!v.machine()) {
            person(a);
            return;
        }
        figures.machines++;
        pacer.record(new DialEvent.MachineDetected());
        CallControl leg = a.leg;
        if (action == AmdAction.LEAVE_MESSAGE) {
            Playback message = Playback.of(new Prompt.Named(campaign.machinePrompt(), campaign.language()));
            dialer.machines().greetingOver(leg)
                    .thenCompose(over -> leg.play(message))
                    .whenComplete((r, e) -> leg.hangup("message left"));
            finish(a, AttemptResult.MACHINE, "answering machine (" + v.cause() + "): message left", false);
        } else {
            leg.hangup("answering machine");
            finish(a, AttemptResult.MACHINE, "answering machine (" + v.cause() + "): hung up", false);
        }
    }

    /** A person answered: the call waits for an agent in the campaign's queue, for the abandon time at most. */
    private void person(Attempt a) {
        a.personAnswered = true;
        a.stage = Stage.WAITING_AGENT;
        figures.personAnswered++;
        a.abandonTimer = dialer.timers().schedule(() -> execute(() -> abandonDue(a)),
                campaign.abandonAfter().toMillis(), TimeUnit.MILLISECONDS);
        dialer.voice().queueAnswered(a.interactionId, a.leg, campaign.queueId(), campaign.priority(),
                a.target.customerId(), a.attributes).whenComplete((v, err) -> execute(() -> {
                    if (err != null && a.stage == Stage.WAITING_AGENT) {
                        cancelAbandonTimer(a);
                        figures.failed++;
                        finish(a, AttemptResult.FAILED, "the ACD refused the call: "
                                + CampaignDialer.cause(err).getMessage(), true);
                    }
                }));
    }

    private void abandonDue(Attempt a) {
        if (a.stage != Stage.WAITING_AGENT) {
            return;
        }
        a.abandoning = true;
        String reason = "campaign: no agent joined within " + campaign.abandonAfter().toMillis() + " ms";
        Playback farewell = Playback.of(new Prompt.Named(campaign.identificationPrompt(), campaign.language()));
        dialer.voice().abandonAnswered(a.interactionId, farewell, reason).whenComplete((done, err) -> execute(() -> {
            if (Boolean.TRUE.equals(done) && a.stage == Stage.WAITING_AGENT) {
                figures.abandoned++;
                pacer.record(new DialEvent.CallAbandoned(Duration.ofMillis(Math.max(0, now() - a.answeredAt))));
                finish(a, AttemptResult.ABANDONED, reason + "; the identification message was played", true);
            } else {
                a.abandoning = false; // an agent has it: the connected event is on its way
            }
        }));
    }

    private void cancelAbandonTimer(Attempt a) {
        if (a.abandonTimer != null) {
            a.abandonTimer.cancel(false);
            a.abandonTimer = null;
        }
    }

    /** The customer's leg ended: before an agent joined, that ends the attempt here. */
    private void legEnded(Attempt a) {
        if (a.stage == Stage.DETECTING) {
            figures.hungUp++;
            finish(a, AttemptResult.HUNG_UP, "hung up during answering-machine detection", false);
        }
        // WAITING_AGENT: the voice flow tells the ACD, whose InteractionAbandoned comes here.
    }

    // ------------------------------------------------------------------ the ACD's events

    void onRouting(RoutingEvent ev, Attempt a) {
        long now = now();
        if (ev instanceof RoutingEvent.InteractionConnected c) {
            if (a.stage == Stage.WAITING_AGENT) {
                cancelAbandonTimer(a);
                a.stage = Stage.CONNECTED;
                a.connectedAt = now;
                a.agentId = c.agentId();
                lastByAgent.put(c.agentId(), a);
                figures.connected++;
                pacer.record(new DialEvent.ConnectedToAgent(Duration.ofMillis(Math.max(0, now - a.answeredAt))));
            }
        } else if (ev instanceof RoutingEvent.InteractionAbandoned ab) {
            if (a.stage == Stage.WAITING_AGENT && !a.abandoning) {
                cancelAbandonTimer(a);
                figures.hungUp++;
                finish(a, AttemptResult.HUNG_UP, "the person hung up before an agent joined: " + ab.reason(), true);
            }
        } else if (ev instanceof RoutingEvent.InteractionEnded e) {
            if (a.stage == Stage.CONNECTED) {
                a.stage = Stage.WRAP_UP;
                a.endedAt = now;
                pacer.record(new DialEvent.TalkEnded(Duration.ofMillis(Math.max(0, now - a.connectedAt))));
            } else if (a.stage == Stage.WAITING_AGENT && !a.abandoning) {
                cancelAbandonTimer(a);
                finish(a, AttemptResult.FAILED, "ended before an agent joined: " + e.reason(), true);
            }
        } else if (ev instanceof RoutingEvent.WrapUpEnded w) {
            if (a.stage == Stage.WRAP_UP || a.stage == Stage.CONNECTED) {
                if (a.endedAt > 0) {
                    pacer.record(new DialEvent.WrapUpEnded(Duration.ofMillis(Math.max(0, now - a.endedAt))));
                }
                a.stage = Stage.DONE;
                conversationOver(a);
            }
        }
    }

    /** The agent wrapped up: the disposition they chose is the record's outcome. */
    private void conversationOver(Attempt a) {
        String id = a.interactionId;
        CompletableFuture.supplyAsync(() -> disposition(id), dialer.workers())
                .whenComplete((code, err) -> execute(() -> {
                    attempts.remove(id);
                    dialer.untrack(id);
                    report(a, AttemptResult.CONNECTED, err == null ? code : null, "talked to agent " + a.agentId);
                    logAttempt(a, AttemptResult.CONNECTED, "talked to agent " + a.agentId, false);
                }));
    }

    private String disposition(String interactionId) {
        String code = null;
        for (LogEvent e : dialer.log().timeline(interactionId)) {
            if (e.type() == LogEventType.DISPOSITION && e.detail("code") != null) {
                code = String.valueOf(e.detail("code"));
            }
        }
        return code;
    }

    /**
     * The attempt is over without a conversation: logged (DIAL_ATTEMPT and, when the ACD never had it,
     * ENDED), and the result goes to the calling list.
     */
    private void finish(Attempt a, AttemptResult result, String detail, boolean acdHadIt) {
        a.stage = Stage.DONE;
        attempts.remove(a.interactionId);
        dialer.untrack(a.interactionId);
        logAttempt(a, result, detail, !acdHadIt);
        report(a, result, null, detail);
    }

    private void logAttempt(Attempt a, AttemptResult result, String detail, boolean withEnd) {
        Instant at = Instant.ofEpochMilli(now());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("campaignId", campaign.id());
        d.put("recordId", a.target.recordId());
        d.put("attempt", a.target.attempt());
        d.put("result", result.name());
        d.put("person", a.personAnswered);
        d.put("ringMillis", a.placedAt == 0 ? 0 : a.rangMillis());
        d.put("detail", detail);
        List<NewLogEvent> events = new ArrayList<>();
        events.add(new NewLogEvent(at, LogEventType.DIAL_ATTEMPT, a.interactionId, a.agentId, campaign.queueId(),
                null, null, d));
        if (withEnd) {
            events.add(NewLogEvent.ended(at, a.interactionId, null, result.name(), detail));
        }
        dialer.log().appendAll(events).exceptionally(err -> {
            log.warn("campaign {}: attempt {} not logged: {}", campaign.id(), a.interactionId,
                    CampaignDialer.cause(err).getMessage());
            return null;
        });
    }

    private void report(Attempt a, AttemptResult result, String disposition, String detail) {
        String id = campaign.id();
        Instant at = Instant.ofEpochMilli(now());
        dialer.workers().execute(() -> {
            try {
                dialer.list().outcome(id, a.target.recordId(), result, disposition, detail, at);
            } catch (RuntimeException e) {
                log.warn("campaign {}: outcome of record {} not stored: {}", id, a.target.recordId(), e.toString());
            }
        });
    }

    Attempt attempt(String interactionId) {
        return attempts.get(interactionId);
    }

    /** The live figures (on the owner). */
    DialerFigures figures() {
        long now = now();
        org.openucc.outbound.pacing.AbandonLedger ledger = pacer.ledger();
        Instant at = Instant.ofEpochMilli(now);
        var days = ledger.days(at);
        var today = days.stream().filter(d -> d.day().equals(ledger.dayOf(at))).findFirst();
        long answeredToday = today.map(d -> d.answeredByPerson()).orElse(0L);
        long abandonedToday = today.map(d -> d.abandoned()).orElse(0L);
        CampaignSnapshot s = lastSnapshot;
        int agents = s == null ? 0 : s.agents().size();
        int ringing = 0;
        int waiting = 0;
        int talking = 0;
        for (Attempt a : attempts.values()) {
            switch (a.stage) {
                case LOGGING, RINGING -> ringing++;
                case DETECTING, WAITING_AGENT -> waiting++;
                case CONNECTED -> talking++;
                default -> {
                }
            }
        }
        long answeredAll = figures.personAnswered + figures.machines;
        return new DialerFigures(campaign.id(), state.name(), campaign.mode().name(), figures.dialed,
                figures.personAnswered, figures.machines, figures.abandoned, figures.connected, figures.busy,
                figures.noAnswer, figures.failed, figures.hungUp, ringing, waiting, talking, agents,
                s == null ? 0 : s.count(AgentActivity.READY),
                agents == 0 ? 0 : (double) (ringing + waiting + talking) / agents,
                answeredAll == 0 ? 0 : 100.0 * figures.machines / answeredAll,
                answeredToday == 0 ? 0 : 100.0 * abandonedToday / answeredToday, 100.0 * ledger.rate(at),
                ledger.answeredByPerson(at), ledger.abandoned(at),
                campaign.abandonLimitPercent());
    }
}
