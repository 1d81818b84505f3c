package org.openucc.outbound.pacing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A discrete-event simulation of one campaign over {@link CampaignPacer}: the same pacing code the runtime
 * uses, driven by a simulated clock, simulated customers and simulated agents. Shared by the pacing tests and
 * the {@code pacing} benchmark (benchmarks module, through the test jar).
 *
 * <p>Model: every agent works the campaign for the whole shift (no inbound, no breaks). A placed call is
 * answered with {@code answerRate} after a ring time uniform in [ringMin, ringMax]; of the answered calls,
 * {@code machineShare} are machines (detected at once, no agent needed); the others ring until the campaign's
 * ring timeout. A person who answers is connected to the longest-free ready agent at once, or waits for the
 * next agent to finish wrap-up; after the abandon time (2 s) with no agent the call is abandoned. Talk is
 * exponential with mean {@code talkMean}, wrap-up takes a fixed {@code wrapUp}. The pacer decides every
 * {@code tick} (200 ms) and right after each event. Dialling stops at the end of each day's shift; calls under
 * way finish, and occupancy counts only talk inside the shift. Everything random comes from one seeded
 * {@link SplittableRandom}.
 */
public final class DialerSimulation {

    /** What is simulated. */
    public record Settings(int agents, double answerRate, double machineShare, double ringMinSeconds,
            double ringMaxSeconds, double talkMeanSeconds, double wrapUpSeconds, Duration shift, int days, long seed,
            double tickSeconds, boolean decideOnEvents) {

        /** The benchmark: 30 % answered, rings 5–20 s, talk mean 60 s, wrap-up 5 s, 8-hour shifts. */
        public static Settings of(int agents, int days, long seed) {
            return new Settings(agents, 0.30, 0.0, 5, 20, 60, 5, Duration.ofHours(8), days, seed, 0.2, true);
        }

        public Settings withShift(Duration newShift) {
            return new Settings(agents, answerRate, machineShare, ringMinSeconds, ringMaxSeconds, talkMeanSeconds,
                    wrapUpSeconds, newShift, days, seed, tickSeconds, decideOnEvents);
        }

        /** Seconds of wrap-up after each talk (0: the agent is ready at once, the disposition given during the call). */
        public Settings withWrapUp(double seconds) {
            return new Settings(agents, answerRate, machineShare, ringMinSeconds, ringMaxSeconds, talkMeanSeconds,
                    seconds, shift, days, seed, tickSeconds, decideOnEvents);
        }

        public Settings withMachineShare(double share) {
            return new Settings(agents, answerRate, share, ringMinSeconds, ringMaxSeconds, talkMeanSeconds,
                    wrapUpSeconds, shift, days, seed, tickSeconds, decideOnEvents);
        }

        public Settings withDecideOnEvents(boolean onEvents) {
            return new Settings(agents, answerRate, machineShare, ringMinSeconds, ringMaxSeconds, talkMeanSeconds,
                    wrapUpSeconds, shift, days, seed, tickSeconds, onEvents);
        }
    }

    /**
     * What came out.
     *
     * @param occupancy talk time / logged-in time (wrap-up and idle are not talk)
     * @param abandonRate30Days the ledger's 30-day rate at the end of the last day
     * @param highestDailyRate30Days the highest 30-day rate seen at any decision
     * @param mostInFlightOverReady the largest (calls in flight − ready agents) after a decision (progressive: ≤ 0)
     */
    public record Result(DialingMode mode, int agents, int days, long placed, long liveAnswers, long connected,
            long abandoned, long machines, double occupancy, double abandonRate30Days, double highestDailyRate30Days,
            double callsPerAgentHour, double connectsPerAgentHour, int mostInFlightOverReady, double feedbackMultiplier) {
    }

    private static final ZoneId ZONE = ZoneId.of("UTC");
    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 11, 2);

    private enum Kind { TICK, RING_END, ABANDON_CHECK, TALK_END, WRAP_END }

    private record Event(double at, long seq, Kind kind, Call call, Agent agent) {
    }

    private static final class Call {
        final double placedAt;
        final boolean answers;
        final boolean machine;
        double answeredAt = -1;
        boolean done;

        Call(double placedAt, boolean answers, boolean machine) {
            this.placedAt = placedAt;
            this.answers = answers;
            this.machine = machine;
        }
    }

    private static final class Agent {
        AgentActivity activity = AgentActivity.READY;
        double since;
        double talkStart;
    }

    private final PacingConfig config;
    private final Settings s;
    private final SplittableRandom random;
    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.at != b.at
            ? Double.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final List<Agent> agents = new ArrayList<>();
    private final ArrayDeque<Agent> readyAgents = new ArrayDeque<>();
    private final LinkedHashSet<Call> ringing = new LinkedHashSet<>();
    private final ArrayDeque<Call> waiting = new ArrayDeque<>();
    private final CampaignPacer pacer;
    private final AbandonLedger ledger;
    private double now;
    private double dayStart;
    private double dayEnd;
    private long seq;
    private long placed;
    private long connected;
    private long abandoned;
    private long machines;
    private double talkSeconds;
    private double highestRate;
    private int mostOver = Integer.MIN_VALUE;

    private DialerSimulation(PacingConfig config, Settings settings, AbandonLedger ledger) {
        this.config = config;
        this.s = settings;
        this.random = new SplittableRandom(settings.seed());
        this.ledger = ledger;
        InstantSource clock = () -> instantAt(now);
        this.pacer = new CampaignPacer(config, ledger, clock);
        for (int i = 0; i < settings.agents(); i++) {
            agents.add(new Agent());
        }
    }

    /** Runs {@code settings.days()} shifts on consecutive days, with a fresh ledger. */
    public static Result run(PacingConfig config, Settings settings) {
        return run(config, settings, new AbandonLedger(ZONE, config.abandonLimit()));
    }

    /** Runs on a ledger the caller seeded (days before {@link #firstDay()}). */
    public static Result run(PacingConfig config, Settings settings, AbandonLedger ledger) {
        if (!config.zone().equals(ZONE)) {
            throw new IllegalArgumentException("the simulation counts days in UTC; use a UTC pacing config");
        }
        return new DialerSimulation(config, settings, ledger).simulate();
    }

    public static LocalDate firstDay() {
        return FIRST_DAY;
    }

    public static ZoneId zone() {
        return ZONE;
    }

    private static Instant instantAt(double seconds) {
        return FIRST_DAY.atTime(8, 0).atZone(ZONE).toInstant().plusNanos((long) (seconds * 1e9));
    }

    private Result simulate() {
        double shiftSeconds = s.shift().toSeconds();
        for (int day = 0; day < s.days(); day++) {
            dayStart = day * 86_400.0;
            dayEnd = dayStart + shiftSeconds;
            now = dayStart;
            readyAgents.clear();
            for (Agent a : agents) {
                a.activity = AgentActivity.READY;
                a.since = now;
                readyAgents.add(a);
            }
            schedule(now, Kind.TICK, null, null);
            while (!queue.isEmpty()) {
                Event e = queue.poll();
                now = e.at();
                handle(e);
                if (e.kind() != Kind.TICK && s.decideOnEvents() && now < dayEnd) {
                    decideAndDial();
                }
            }
        }
        double lastInstant = (s.days() - 1) * 86_400.0 + shiftSeconds;
        double agentHours = s.agents() * s.days() * shiftSeconds / 3600;
        long live = connected + abandoned;
        return new Result(config.mode(), s.agents(), s.days(), placed, live, connected, abandoned, machines,
                talkSeconds / (agentHours * 3600), ledger.rate(instantAt(lastInstant)), highestRate,
                placed / agentHours, connected / agentHours, mostOver, pacer.feedbackMultiplier());
    }

    private void handle(Event e) {
        switch (e.kind()) {
            case TICK -> {
                if (now < dayEnd) {
                    decideAndDial();
                    schedule(now + s.tickSeconds(), Kind.TICK, null, null);
                }
            }
            case RING_END -> ringEnded(e.call());
            case ABANDON_CHECK -> {
                Call c = e.call();
                if (!c.done) {
                    c.done = true;
                    waiting.remove(c);
                    abandoned++;
                    pacer.record(new DialEvent.CallAbandoned(seconds(now - c.answeredAt)));
                }
            }
            case TALK_END -> {
                Agent a = e.agent();
                talkSeconds += Math.max(0, Math.min(now, dayEnd) - Math.max(a.talkStart, dayStart));
                pacer.record(new DialEvent.TalkEnded(seconds(now - a.talkStart)));
                a.activity = AgentActivity.WRAP_UP;
                a.since = now;
                schedule(now + s.wrapUpSeconds(), Kind.WRAP_END, null, a);
            }
            case WRAP_END -> {
                Agent a = e.agent();
                pacer.record(new DialEvent.WrapUpEnded(seconds(now - a.since)));
                Call next = waiting.poll();
                if (next != null) {
                    connect(next, a);
                } else {
                    a.activity = AgentActivity.READY;
                    a.since = now;
                    readyAgents.add(a);
                }
            }
        }
    }

    private void ringEnded(Call c) {
        ringing.remove(c);
        if (!c.answers) {
            c.done = true;
            pacer.record(new DialEvent.CallNotAnswered(DialEvent.Outcome.NO_ANSWER, seconds(now - c.placedAt)));
            return;
        }
        c.answeredAt = now;
        pacer.record(new DialEvent.CallAnswered(seconds(now - c.placedAt)));
        if (c.machine) {
            c.done = true;
            machines++;
            pacer.record(new DialEvent.MachineDetected());
            return;
        }
        Agent a = readyAgents.poll();
        if (a != null) {
            connect(c, a);
        } else {
            waiting.add(c);
            schedule(now + DialingStatistics.seconds(config.abandonAfter()), Kind.ABANDON_CHECK, c, null);
        }
    }

    private void connect(Call c, Agent a) {
        c.done = true;
        connected++;
        pacer.record(new DialEvent.ConnectedToAgent(seconds(now - c.answeredAt)));
        a.activity = AgentActivity.TALKING;
        a.since = now;
        a.talkStart = now;
        double talk = -s.talkMeanSeconds() * Math.log(1 - random.nextDouble());
        schedule(now + talk, Kind.TALK_END, null, a);
    }

    private void decideAndDial() {
        List<CampaignAgent> view = new ArrayList<>(agents.size());
        for (Agent a : agents) {
            view.add(new CampaignAgent(a.activity, seconds(now - a.since)));
        }
        List<Duration> rings = new ArrayList<>(ringing.size());
        for (Call c : ringing) {
            rings.add(seconds(now - c.placedAt));
        }
        CampaignSnapshot snapshot = new CampaignSnapshot(view, rings, waiting.size(), InboundWork.NONE);
        PacingDecision d = pacer.decide(snapshot);
        highestRate = Math.max(highestRate, ledger.rate(instantAt(now)));
        for (int i = 0; i < d.callsToPlace(); i++) {
            place();
        }
        mostOver = Math.max(mostOver, snapshot.callsInFlight() + d.callsToPlace() - readyAgents.size());
    }

    private void place() {
        placed++;
        pacer.record(new DialEvent.CallPlaced());
        boolean answers = random.nextDouble() < s.answerRate();
        boolean machine = answers && random.nextDouble() < s.machineShare();
        Call c = new Call(now, answers, machine);
        ringing.add(c);
        double ring = answers ? s.ringMinSeconds() + random.nextDouble() * (s.ringMaxSeconds() - s.ringMinSeconds())
                : DialingStatistics.seconds(config.ringTimeout());
        schedule(now + ring, Kind.RING_END, c, null);
    }

    private void schedule(double at, Kind kind, Call call, Agent agent) {
        queue.add(new Event(at, seq++, kind, call, agent));
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (Math.max(0, s) * 1e9));
    }
}
