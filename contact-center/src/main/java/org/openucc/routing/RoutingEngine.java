package org.openucc.routing;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openucc.config.AgentConfig;
import org.openucc.config.BusinessHoursConfig;
import org.openucc.config.ClosedAction;
import org.openucc.config.MaxWaitAction;
import org.openucc.config.OverflowStep;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.interaction.Channel;
import org.openucc.interaction.InteractionState;
import org.openucc.routing.RoutingDecision.Trigger;
import org.openucc.routing.RoutingEvent.*;
import org.openucc.routing.spi.AgentOrder;
import org.openucc.routing.spi.Candidate;
import org.openucc.routing.spi.ScoredCandidate;
import org.openucc.routing.spi.Selection;

/**
 * The ACD engine: decides which agent gets which interaction. Plain Java with no I/O and an
 * injected clock; commands come in as method calls, decisions and events go out to the sink.
 * Not thread-safe by design: exactly one thread owns an engine.
 *
 * <p>Invariant after every command: no available agent is eligible for a waiting interaction
 * (matching runs whenever something changes, never by polling). Hence an arriving interaction
 * only needs the best free agent, and a freed agent only the most urgent eligible group head.
 */
public final class RoutingEngine {
    private final RoutingConfig config;
    private final InstantSource clock;
    private final RoutingEventSink sink;
    private final RoutingStrategies strategies;
    private final EngineViews views = new EngineViews(this);

    final SkillRegistry skills = new SkillRegistry();
    final SkillCounters counters = new SkillCounters();
    final AvailabilityIndex index = new AvailabilityIndex();
    final GroupDirectory groups = new GroupDirectory(counters);
    private final TimerQueue timers = new TimerQueue();
    private final SelectionRun run;
    private final int[] blendMasks = new int[AgentSession.CHANNELS];
    /** Triggers as the causes of moves ("arrival", "requeue", …), spelled once. */
    private static final String[] TRIGGER_NAMES = java.util.Arrays.stream(Trigger.values())
            .map(t -> t.name().toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new);
    /** Off only in tests that compare the engine with and without the shortcut (see {@link #nobodyAvailableFor}). */
    boolean skipProvablyEmptySearches = true;
    /** How many arrivals waited without a search (for tests and the benchmark's profile). */
    long searchesSkipped;
    /** Scratch for the freed agent's search: its most urgent candidates. */
    private final QueueEntry[] topWork = new QueueEntry[WaitingGroupIndex.TOP];
    private int topFound;

    final Map<String, AgentSession> agents = new HashMap<>();
    final List<AgentSession> agentsByOrdinal = new ArrayList<>();
    final Map<String, RoutingQueue> queues = new LinkedHashMap<>();
    final Map<String, QueueEntry> entries = new HashMap<>();
    /** Business-hours calendars by id: a queue naming one refuses (or redirects) arrivals while it is closed. */
    private final Map<String, BusinessHoursConfig> calendars = new HashMap<>();
    /** The last refusal emitted, so {@link #addInteraction} can hand it back to its caller. */
    private InteractionRejected lastRejection;
    private final Map<String, String> lastAgentByCustomer;

    /** The telephony knows phone registrations: an agent is unreachable by phone until it reports one. */
    private boolean phonesNeedRegistration;
    /** While due timers are applied, matching waits; these are matched right after. */
    private boolean deferring;
    private final List<AgentSession> deferredAgents = new ArrayList<>();
    private final List<QueueEntry> deferredEntries = new ArrayList<>();
    private int nextQueueOrdinal;
    private long seq;
    /** Places of restored interactions: below every new arrival's, so a restored one goes first at equal rank and time. */
    private long restoredSeq = Long.MIN_VALUE / 2;
    private long epochs;
    private long offers;
    long now;

    public RoutingEngine(RoutingConfig config, InstantSource clock, RoutingEventSink sink, RoutingStrategies strategies) {
        this.config = Objects.requireNonNull(config);
        this.clock = Objects.requireNonNull(clock);
        this.sink = Objects.requireNonNull(sink);
        this.strategies = Objects.requireNonNull(strategies);
        this.run = new SelectionRun(index, skills, counters, config.ringAllLimit(), this::require);
        for (Channel c : Channel.values()) {
            int mask = 0;
            for (Channel blocked : config.blending().getOrDefault(c, java.util.Set.of())) {
                mask |= 1 << blocked.ordinal();
            }
            blendMasks[c.ordinal()] = mask;
        }
        int memory = config.lastAgentMemory();
        this.lastAgentByCustomer = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > memory;
            }
        };
        this.now = clock.millis();
    }

    // ------------------------------------------------------------------ time

    /** Fires every timer that is due; called by the owner when {@link #nextTimerDueMillis()} passes. */
    public void advanceTime() {
        now = Math.max(now, clock.millis());
        if (timers.nextDue() > now || deferring) {
            return;
        }
        // Timers due by now are facts of the same instant: apply them all first, then match, so no
        // decision is taken on a state where some due timers (an overflow step, an exclusion end)
        // have not been applied yet.
        deferring = true;
        try {
            while (timers.pollDue(now)) {
                fire(timers.polledKind(), timers.polledTarget(), timers.polledStamp());
            }
        } finally {
            deferring = false;
        }
        if (deferredAgents.isEmpty() && deferredEntries.isEmpty()) {
            return;
        }
        List<AgentSession> agentsNow = new ArrayList<>(deferredAgents);
        deferredAgents.clear();
        List<QueueEntry> entriesNow = new ArrayList<>(deferredEntries);
        deferredEntries.clear();
        for (AgentSession a : agentsNow) {
            a.deferred = false;
            if (a.loggedIn) {
                settle(a);
            }
        }
        entriesNow.sort((x, y) -> moreUrgent(x, y) ? -1 : moreUrgent(y, x) ? 1 : 0);
        for (QueueEntry e : entriesNow) {
            Trigger trigger = e.deferredTrigger;
            e.deferredTrigger = null;
            if (e.isWaiting() && e.group != null) {
                reconsider(e, trigger);
            }
        }
    }

    /** When the owner should call {@link #advanceTime()} next; {@link Long#MAX_VALUE} if nothing is pending. */
    public long nextTimerDueMillis() {
        return timers.nextDue();
    }

    // ------------------------------------------------------------------ configuration deltas

    /** Adds a queue, or applies a changed one in place: waiting interactions keep their places. */
    public void upsertQueue(QueueConfig cfg) {
        advanceTime();
        RoutingQueue q = queues.get(cfg.id());
        boolean fresh = q == null;
        if (fresh) {
            q = new RoutingQueue(nextQueueOrdinal++, cfg.id());
        }
        List<List<RoutingQueue>> stepQueues = resolveStepQueues(cfg, q);
        boolean newStrategy = fresh || !q.config.strategy().equals(cfg.strategy())
                || !q.config.strategyOptions().equals(cfg.strategyOptions());
        var strategy = newStrategy ? strategies.create(cfg) : q.strategy;
        List<QueueEntry> waiting = fresh ? List.of() : detachWaiting(q);
        if (!fresh) {
            groups.dropGroupsOf(q);
        }
        q.config = cfg;
        q.requirement = Requirement.of(skills, cfg.skills());
        q.strategy = strategy;
        q.stepQueues = stepQueues;
        q.agingMillis = cfg.priority().agingStep() == null ? 0 : cfg.priority().agingStep().toMillis();
        q.serviceLevelMillis = cfg.serviceLevel().threshold().toMillis();
        q.offerTimeoutMillis = cfg.offerTimeout().toMillis();
        q.wrapUpMillis = cfg.wrapUp().toMillis();
        q.stickyMillis = cfg.stickyWindow().toMillis();
        q.maxWaitMillis = cfg.maxWait() == null ? 0 : cfg.maxWait().toMillis();
        for (QueueEntry e : q.present) {
            if (e.state == InteractionState.OFFERED) {
                // Ringing, so out of the waiting order and its group: re-keyed now, it comes back under the
                // new priorities and aging if the offer fails (as the waiting ones are in replace()).
                e.priority = e.explicitPriority + cfg.priority().tierPriority(e.tier);
                e.rankKey = q.rankKey(e.priority, e.arrivalMillis);
            }
        }
        prepareIndex(q);
        queues.put(cfg.id(), q);
        for (QueueEntry e : waiting) {
            replace(e);
        }
        for (QueueEntry e : waiting) {
            if (e.isWaiting() && e.group != null) {
                reconsider(e, Trigger.RECONSIDERED);
            }
        }
        if (!fresh) {
            // Queues that overflow to this one see its new requirement in their alternatives.
            for (RoutingQueue other : List.copyOf(queues.values())) {
                if (other != q && other.stepQueues.stream().anyMatch(l -> l.contains(queues.get(cfg.id())))) {
                    regroup(other);
                }
            }
        }
    }

    /** Rebuilds a queue's groups (an overflow target changed) and tries its waiting entries again. */
    private void regroup(RoutingQueue q) {
        List<QueueEntry> waiting = detachWaiting(q);
        groups.dropGroupsOf(q);
        for (QueueEntry e : waiting) {
            replace(e);
        }
        for (QueueEntry e : waiting) {
            if (e.isWaiting() && e.group != null) {
                reconsider(e, Trigger.RECONSIDERED);
            }
        }
    }

    /** Removes an empty queue; refuses while interactions wait in it or other queues overflow to it. */
    public void removeQueue(String queueId) {
        advanceTime();
        RoutingQueue q = queue(queueId);
        if (!q.present.isEmpty()) {
            throw RoutingException.conflict(q + " still has " + q.present.size() + " interactions waiting or offered");
        }
        for (RoutingQueue other : queues.values()) {
            if (other != q && other.stepQueues.stream().anyMatch(l -> l.contains(q))) {
                throw RoutingException.conflict(q + " is an overflow target of " + other);
            }
        }
        groups.dropGroupsOf(q);
        queues.remove(queueId);
    }

    /** Adds an agent, or applies changed skills, name or capacity in place. */
    public void upsertAgent(AgentConfig cfg) {
        advanceTime();
        AgentSession a = agents.get(cfg.id());
        if (a == null) {
            a = new AgentSession(agentsByOrdinal.size(), cfg.id());
            agents.put(cfg.id(), a);
            agentsByOrdinal.add(a);
            a.name = cfg.name();
            a.phoneUnreachable = phonesNeedRegistration;
            applySkills(a, cfg.skills());
            counters.add(a, AgentState.LOGGED_OUT, 1);
        } else {
            unindex(a);
            a.name = cfg.name();
            counters.add(a, a.publishedState, -1);
            applySkills(a, cfg.skills());
            counters.add(a, a.publishedState, 1);
        }
        for (Channel c : Channel.values()) {
            a.capacity[c.ordinal()] = cfg.capacity().getOrDefault(c, 0);
        }
        settle(a);
    }

    /** Changes one agent's skills or levels; takes effect at the next decision, waiting work kept. */
    public void setAgentSkills(String agentId, Map<String, Integer> skillLevels) {
        advanceTime();
        AgentSession a = agent(agentId);
        unindex(a);
        counters.add(a, a.publishedState, -1);
        applySkills(a, skillLevels);
        counters.add(a, a.publishedState, 1);
        settle(a);
    }

    public void removeAgent(String agentId) {
        advanceTime();
        AgentSession a = agent(agentId);
        if (a.loggedIn) {
            throw RoutingException.conflict(a + " is logged in; log them out first");
        }
        counters.add(a, a.publishedState, -1);
        a.unlinkIdleNodes();
        agents.remove(agentId);
        agentsByOrdinal.set(a.ordinal, null);
    }

    // ------------------------------------------------------------------ agent commands

    public void login(String agentId, boolean ready) {
        advanceTime();
        AgentSession a = agent(agentId);
        if (a.loggedIn && !a.pendingLogout) {
            throw RoutingException.conflict(a + " is already logged in");
        }
        unindex(a);
        a.pendingLogout = false;
        if (!a.loggedIn) {
            a.loggedIn = true;
            a.busyMillis = 0;
            a.handled = 0;
            a.idleSince = now;
        }
        a.ready = ready;
        a.notReadyReason = ready ? null : SystemReasons.LOGIN;
        a.missedInARow = 0;
        publish(a, "login");
        settle(a);
    }

    /** Logs out now if idle; otherwise after the work in hand, taking no new work meanwhile. */
    public void logout(String agentId) {
        advanceTime();
        AgentSession a = agent(agentId);
        if (!a.loggedIn) {
            throw RoutingException.conflict(a + " is not logged in");
        }
        unindex(a);
        a.ready = false;
        a.notReadyReason = SystemReasons.LOGOUT;
        a.pendingLogout = true;
        if (a.pendingOffer != null) {
            withdrawOffer(a, "agent logged out");
        }
        releaseSticky(a);
        if (a.work.isEmpty()) {
            completeLogout(a);
        } else {
            publish(a, "logout");
        }
    }

    public void ready(String agentId) {
        advanceTime();
        AgentSession a = loggedIn(agentId);
        if (a.ready) {
            return;
        }
        unindex(a);
        a.ready = true;
        a.notReadyReason = null;
        a.missedInARow = 0;
        if (a.work.isEmpty()) {
            a.idleSince = now;
        }
        publish(a, "ready");
        settle(a);
    }

    /** Not ready with a reason code; an agent with work in hand keeps it and gets nothing new. */
    public void notReady(String agentId, String reason) {
        advanceTime();
        AgentSession a = loggedIn(agentId);
        unindex(a);
        a.ready = false;
        a.notReadyReason = reason == null ? SystemReasons.NOT_READY : reason;
        publish(a, "not ready");
        releaseSticky(a);
    }

    /**
     * Whether agents need a registered phone to be offered calls: true when the server runs a
     * telephony that knows registrations (the built-in SIP registrar). Then an agent whose phone has
     * not reported in is unreachable by phone; without it (no telephony, or one that cannot tell)
     * every agent counts as reachable until told otherwise.
     */
    public void requirePhoneRegistration(boolean required) {
        advanceTime();
        phonesNeedRegistration = required;
        for (AgentSession a : agentsByOrdinal) {
            if (a != null && a.phoneReported == null) {
                applyPhone(a, required);
            }
        }
    }

    /**
     * The agent's phone became reachable or unreachable (registered, expired, unregistered). While
     * unreachable the agent keeps its state (e.g. READY for chats and emails) but is offered no
     * VOICE, OUTBOUND_VOICE or CALLBACK work; a call ringing it now is withdrawn and offered again.
     */
    public void phoneReachable(String agentId, boolean reachable) {
        advanceTime();
        AgentSession a = agent(agentId);
        a.phoneReported = reachable;
        applyPhone(a, !reachable);
    }

    private void applyPhone(AgentSession a, boolean unreachable) {
        if (a.phoneUnreachable == unreachable) {
            return;
        }
        unindex(a);
        a.phoneUnreachable = unreachable;
        emit(new AgentPhoneChanged(now, a.id, !unreachable));
        if (unreachable && a.pendingOffer != null && (AgentSession.PHONE_CHANNELS & (1 << a.pendingOffer.channelIndex)) != 0) {
            withdrawOffer(a, "phone unregistered");
            publish(a, "offer withdrawn: phone unregistered");
        }
        if (a.loggedIn) {
            settle(a);
        }
    }

    // ------------------------------------------------------------------ interaction commands

    /**
     * Adds or replaces a business-hours calendar that queues name. A queue naming a calendar the
     * engine does not have is treated as always open (the config validator makes sure every name is declared).
     */
    public void upsertCalendar(BusinessHoursConfig calendar) {
        calendars.put(calendar.id(), calendar);
    }

    /**
     * Queues a new interaction; it is offered at once if an eligible agent is free. While the queue's
     * business hours say closed, the queue's closed action applies first: refuse, queue anyway, or
     * send it to another queue (whose own hours then apply).
     *
     * @return the refusal if it was not queued (queue full, or closed), else empty
     */
    public java.util.Optional<InteractionRejected> addInteraction(NewInteraction in) {
        advanceTime();
        if (entries.containsKey(in.id())) {
            throw RoutingException.conflict("interaction " + in.id() + " is already being routed");
        }
        RoutingQueue q = queue(in.queueId());
        if (!q.config.channels().contains(in.channel())) {
            throw new RoutingException(q + " does not take " + in.channel() + " interactions");
        }
        QueueEntry e = new QueueEntry(in.id(), in.channel(), Requirement.of(skills, in.skills()), in.priority(),
                in.tier(), in.customerId(), in.preferredAgentId(), in.attributes(), now);
        RoutingQueue open = openQueueFor(e, q);
        if (open == null) {
            return java.util.Optional.of(lastRejection);
        }
        entries.put(e.id, e);
        if (!enqueue(e, open, Trigger.ARRIVAL)) {
            entries.remove(e.id);
            return java.util.Optional.of(lastRejection);
        }
        return java.util.Optional.empty();
    }

    /**
     * The queue an arrival waits in, following closed actions from {@code q}; null if refused (the
     * refusal is emitted). A chain of OVERFLOW queues that comes back to one already seen refuses.
     */
    private RoutingQueue openQueueFor(QueueEntry e, RoutingQueue q) {
        java.util.Set<RoutingQueue> seen = null; // only a closed queue needs one
        while (true) {
            String calendarId = q.config.businessHours();
            BusinessHoursConfig calendar = calendarId == null ? null : calendars.get(calendarId);
            if (calendar == null || calendar.isOpen(java.time.Instant.ofEpochMilli(now)) || q.config.whenClosed() == ClosedAction.QUEUE) {
                return q;
            }
            if (seen == null) {
                seen = new java.util.HashSet<>();
            }
            String closed = "closed: outside business hours of " + calendarId;
            RoutingQueue next = q.config.whenClosed() == ClosedAction.OVERFLOW && q.config.whenClosedQueue() != null
                    ? queues.get(q.config.whenClosedQueue()) : null;
            seen.add(q);
            if (next == null || seen.contains(next) || !next.config.channels().contains(e.channel)) {
                String why = next == null ? "" : seen.contains(next) ? " (and so is every queue it overflows to)"
                        : " (" + next + " does not take " + e.channel + ")";
                refuse(e, q, closed + why, "closed");
                return null;
            }
            q = next;
        }
    }

    private void refuse(QueueEntry e, RoutingQueue q, String reason, String move) {
        q.rejected++;
        e.move(InteractionState.FAILED, move);
        lastRejection = new InteractionRejected(now, e.id, q.id, reason);
        emit(lastRejection);
    }

    public void accept(String interactionId, String agentId) {
        advanceTime();
        QueueEntry e = entry(interactionId);
        AgentSession a = agent(agentId);
        if (e.state != InteractionState.OFFERED || !e.isOfferedTo(a)) {
            throw RoutingException.conflict(e + " is not offered to " + a + " (it is " + e.state + ")");
        }
        AgentSession[] others = e.offeredTo;
        e.offeredTo = QueueEntry.NO_AGENTS;
        e.move(InteractionState.CONNECTED, "accepted by ", a.id);
        RoutingQueue q = e.queue;
        q.present.remove(e);
        q.offeredNow--;
        long waited = e.waited(now);
        q.recordAnswer(waited, now);
        unindex(a); // its load changes: leave the index before its sort keys do
        a.pendingOffer = null;
        a.missedInARow = 0;
        Assignment as = new Assignment(e, a, q, now);
        e.assignment = as;
        a.work.add(as);
        a.load[e.channelIndex]++;
        a.connectedCount++;
        // Longest idle counts from the agent's last change of work: taking a chat restarts it, so an
        // agent with one chat queues behind those who have had theirs longer (and enters the index at its end).
        a.idleSince = now;
        a.recomputeBlocked(blendMasks);
        if (e.customerId != null) {
            lastAgentByCustomer.put(e.customerId, a.id);
        }
        emit(new InteractionConnected(now, e.id, a.id, q.id, waited));
        publish(a, "accepted ", e.id);
        for (AgentSession o : others) {
            if (o != a) {
                o.pendingOffer = null;
                emit(new OfferEnded(now, e.id, o.id, OfferOutcome.RESCINDED, "answered by " + a.id));
                publish(o, "offer rescinded");
                settle(o);
            }
        }
        settle(a);
    }

    public void decline(String interactionId, String agentId) {
        advanceTime();
        QueueEntry e = entry(interactionId);
        AgentSession a = agent(agentId);
        if (e.state != InteractionState.OFFERED || !e.isOfferedTo(a)) {
            throw RoutingException.conflict(e + " is not offered to " + a);
        }
        e.removeOffer(a);
        a.pendingOffer = null;
        excludeFor(e, a);
        emit(new OfferEnded(now, e.id, a.id, OfferOutcome.DECLINED, "declined"));
        publish(a, "declined ", e.id);
        if (e.offeredTo.length == 0) {
            requeue(e);
        }
        settle(a);
    }

    /**
     * The customer side is gone or the conversation is over: a waiting or ringing interaction is
     * abandoned; a connected one ends and its agent starts wrap-up.
     */
    public void end(String interactionId, String reason) {
        advanceTime();
        QueueEntry e = entry(interactionId);
        switch (e.state) {
            case QUEUED, OFFERED -> abandon(e, reason);
            case CONNECTED, HELD -> {
                Assignment as = e.assignment;
                e.move(InteractionState.WRAP_UP, "ended: ", reason);
                emit(new InteractionEnded(now, e.id, as.agent.id, e.queue.id, reason, now - as.connectedAtMillis));
                startWrapUp(as);
            }
            default -> throw RoutingException.conflict(e + " has already ended (" + e.state + ")");
        }
    }

    /**
     * The customer is gone (hung up, closed the chat), whatever the interaction's state: waiting or
     * ringing ones are abandoned, connected or held ones end and their agent starts wrap-up, and one
     * that is already wrapping up, ended or unknown is left as it is. Safe to send more than once and
     * in any order with accept: sent after an accept it ends the call, sent before it makes the accept fail.
     *
     * @return what it did
     */
    public CustomerLeftResult customerLeft(String interactionId, String reason) {
        advanceTime();
        QueueEntry e = entries.get(interactionId);
        if (e == null) {
            return CustomerLeftResult.NOT_ROUTED;
        }
        return switch (e.state) {
            case QUEUED, OFFERED -> {
                abandon(e, reason);
                yield CustomerLeftResult.ABANDONED;
            }
            case CONNECTED, HELD -> {
                end(interactionId, reason);
                yield CustomerLeftResult.ENDED;
            }
            default -> CustomerLeftResult.ALREADY_ENDED;
        };
    }


    /** The agent finished after-contact work early. */
    public void completeWrapUp(String interactionId, String agentId) {
        advanceTime();
        AgentSession a = agent(agentId);
        for (Assignment as : a.work) {
            if (as.entry.id.equals(interactionId) && as.wrappingUp) {
                finishWrapUp(as);
                return;
            }
        }
        throw RoutingException.conflict(a + " is not wrapping up interaction " + interactionId);
    }

    /**
     * Moves an interaction to another queue: a connected one leaves its agent (who wraps up) and
     * waits again; a waiting one changes queue.
     */
    public void transfer(String interactionId, String toQueueId, String byAgentId) {
        advanceTime();
        QueueEntry e = entry(interactionId);
        RoutingQueue target = queue(toQueueId);
        if (!target.config.channels().contains(e.channel)) {
            throw new RoutingException(target + " does not take " + e.channel + " interactions");
        }
        RoutingQueue from = e.queue;
        switch (e.state) {
            case CONNECTED, HELD -> {
                Assignment as = e.assignment;
                e.assignment = null;
                emit(new InteractionTransferred(now, e.id, from.id, target.id, byAgentId));
                emit(new InteractionEnded(now, e.id, as.agent.id, from.id, "transferred", now - as.connectedAtMillis));
                startWrapUp(as);
                // The agent who passed it on should not get it straight back.
                excludeFor(e, as.agent);
            }
            case QUEUED -> {
                detach(e);
                emit(new InteractionTransferred(now, e.id, from.id, target.id, byAgentId));
            }
            default -> throw RoutingException.conflict(e + " cannot be transferred while " + e.state);
        }
        if (!enqueue(e, target, Trigger.TRANSFER)) {
            entries.remove(e.id);
        }
    }

    /** Changes the explicit priority of an interaction; a waiting one moves at once, in place. */
    public void changePriority(String interactionId, int priority) {
        advanceTime();
        QueueEntry e = entry(interactionId);
        boolean waiting = e.isWaiting();
        WaitingGroup g = e.group;
        if (waiting) {
            e.queue.waiting.remove(e);
            if (g != null) {
                g.remove(e);
            }
        }
        e.explicitPriority = priority;
        e.priority = priority + e.queue.config.priority().tierPriority(e.tier);
        e.rankKey = e.queue.rankKey(e.priority, e.arrivalMillis);
        if (waiting) {
            e.queue.waiting.add(e);
            if (g != null) {
                g.add(e);
            }
        }
        emit(new PriorityChanged(now, e.id, e.priority, waiting ? e.queue.waiting.rank(e) + 1 : 0, e.explicitPriority));
    }

    // ------------------------------------------------------------------ core moves

    private boolean enqueue(QueueEntry e, RoutingQueue q, Trigger trigger) {
        int limit = q.config.maxWaiting();
        if (limit > 0 && q.waitingCount() >= limit) {
            refuse(e, q, "queue full (" + limit + " waiting)", "queue full");
            return false;
        }
        place(e, q, ++seq, now, TRIGGER_NAMES[trigger.ordinal()]);
        int position = q.waiting.rank(e) + 1; // once: the estimate reads the same position
        emit(new InteractionQueued(now, e.id, q.id, position, q.estimatedWaitMillis(position, staffed(q)), false));
        placeOrOffer(e, q, trigger);
        return true;
    }

    /** Puts the entry in the queue's waiting order as having entered it at {@code arrivalMillis}, with its timers. */
    private void place(QueueEntry e, RoutingQueue q, long sequence, long arrivalMillis, String how) {
        e.queue = q;
        e.seq = sequence;
        e.arrivalMillis = arrivalMillis;
        e.queueEpoch = ++epochs;
        e.step = 0;
        e.maxWaitDue = false;
        e.priority = e.explicitPriority + q.config.priority().tierPriority(e.tier);
        e.rankKey = q.rankKey(e.priority, e.arrivalMillis);
        e.move(InteractionState.QUEUED, how);
        q.arrived++;
        q.waiting.add(e);
        q.present.add(e);
        scheduleQueueTimers(e);
    }

    /**
     * Puts an interaction back at the place it had before a restart (or on another node): queued as if
     * it had entered {@code q} at {@code enqueuedAtMillis}, so its waited time, service level, overflow
     * steps, aging and maximum wait all count from then; among interactions of the same rank it goes by
     * that time, and before any new arrival of the same time. Neither the queue's size limit nor its
     * business hours refuse it: it was accepted before. A preferred agent (who had it in hand) gets it
     * first for the queue's sticky window.
     */
    public void restoreInteraction(NewInteraction in, long enqueuedAtMillis, String preferredAgentId, String reason) {
        advanceTime();
        RoutingQueue q = queueTaking(in);
        QueueEntry e = restored(in, q, enqueuedAtMillis, preferredAgentId, reason);
        placeOrOffer(e, q, Trigger.REQUEUE);
    }

    /**
     * The queue an interaction that is coming back goes to; fails if it is routed already or the queue does not take
     * it. One that is only an agent's wrap-up given back ({@link #restoreWrapUp}: transferred before the restart) may
     * come back: the wrap-up stays the agent's, as after a transfer.
     */
    private RoutingQueue queueTaking(NewInteraction in) {
        QueueEntry held = entries.get(in.id());
        if (held != null && !(held.state == InteractionState.WRAP_UP && held.assignment != null)) {
            throw RoutingException.conflict("interaction " + in.id() + " is already being routed");
        }
        RoutingQueue q = queue(in.queueId());
        if (!q.config.channels().contains(in.channel())) {
            throw new RoutingException(q + " does not take " + in.channel() + " interactions");
        }
        return q;
    }

    /** Queues an interaction that is coming back at the place it had since {@code enqueuedAtMillis}, and says so. */
    private QueueEntry restored(NewInteraction in, RoutingQueue q, long enqueuedAtMillis, String preferredAgentId,
                                String reason) {
        long since = Math.min(now, enqueuedAtMillis);
        QueueEntry e = new QueueEntry(in.id(), in.channel(), Requirement.of(skills, in.skills()), in.priority(),
                in.tier(), in.customerId(), preferredAgentId != null ? preferredAgentId : in.preferredAgentId(),
                in.attributes(), since);
        entries.put(e.id, e);
        place(e, q, ++restoredSeq, since, "restored");
        emit(new InteractionQueued(now, e.id, q.id, q.waiting.rank(e) + 1, estimatedWait(e), true, reason));
        return e;
    }

    /**
     * Puts a conversation that outlived a restart back in its agent's hands (a call its PBX kept
     * bridged while this server was down): restored in its queue as {@link #restoreInteraction} does,
     * then offered to and accepted by {@code agentId} at once, so the agent is BUSY with it again and the
     * log shows how it came back. Fails with a conflict if the agent is not logged in, has an offer
     * pending or no room for the channel.
     */
    public void reattachInteraction(NewInteraction in, long enqueuedAtMillis, String agentId, String reason) {
        advanceTime();
        RoutingQueue q = queueTaking(in);
        AgentSession a = agent(agentId);
        int channel = in.channel().ordinal();
        if (!a.loggedIn || a.pendingOffer != null || a.load[channel] >= a.capacity[channel]) {
            throw RoutingException.conflict(a + " cannot take " + in.id() + " back: " + (!a.loggedIn ? "logged out"
                    : a.pendingOffer != null ? "an offer is pending" : "no room for another " + in.channel()));
        }
        QueueEntry e = restored(in, q, enqueuedAtMillis, agentId, reason);
        offer(e, new AgentSession[] {a}, new RoutingDecision(Trigger.STICKY, "reattached: " + reason,
                q.config.strategy(), describe(e), e.step, List.of(new ScoredCandidate(a.id, 1, "had it in hand")), "",
                Map.of()), null);
        accept(e.id, a.id);
    }

    /**
     * Gives an agent back a wrap-up that was open before a restart (or on an engine owner that died), so an agent
     * writing notes is not handed new work: the agent, logged in with its availability already restored, wraps
     * {@code in} up again until {@code endsAtMillis} (the end the old engine had set), holding a slot of the channel
     * like any wrap-up. One whose end passed meanwhile ends now, as its timer would have. An interaction the engine
     * holds otherwise (transferred before, waiting again), or that comes back after this (restored or reattached),
     * keeps or takes its place; the wrap-up is the agent's alone, as after a transfer. Fails with a conflict if the
     * agent is logged out, already has it, or has no room for the channel.
     *
     * @return whether the agent is wrapping up now
     */
    public boolean restoreWrapUp(NewInteraction in, String agentId, long connectedAtMillis, long endsAtMillis) {
        advanceTime();
        AgentSession a = agent(agentId);
        RoutingQueue q = queue(in.queueId());
        int channel = in.channel().ordinal();
        for (Assignment w : a.work) {
            if (w.entry.id.equals(in.id())) {
                throw RoutingException.conflict(a + " already has " + in.id() + " in hand");
            }
        }
        if (!a.loggedIn || a.load[channel] >= a.capacity[channel]) {
            throw RoutingException.conflict(a + " cannot wrap " + in.id() + " up again: " + (!a.loggedIn ? "logged out"
                    : "no room for another " + in.channel()));
        }
        QueueEntry e = entries.get(in.id());
        if (e == null) {
            e = new QueueEntry(in.id(), in.channel(), Requirement.of(skills, in.skills()), in.priority(), in.tier(),
                    in.customerId(), null, in.attributes(), connectedAtMillis);
            e.queue = q;
            e.arrivalMillis = connectedAtMillis;
            e.move(InteractionState.CONNECTED, "restored in wrap-up");
            e.move(InteractionState.WRAP_UP, "restored in wrap-up");
            entries.put(e.id, e);
        }
        Assignment as = new Assignment(e, a, q, connectedAtMillis);
        if (e.assignment == null && e.state == InteractionState.WRAP_UP) {
            e.assignment = as;
        }
        unindex(a); // its load changes: leave the index before its sort keys do
        a.work.add(as);
        a.load[channel]++;
        a.wrapUpCount++;
        as.wrappingUp = true;
        a.recomputeBlocked(blendMasks);
        if (endsAtMillis <= now) {
            finishWrapUp(as);
            return false;
        }
        as.wrapUpEndsMillis = endsAtMillis;
        timers.schedule(endsAtMillis, TimerQueue.Kind.WRAP_UP_END, as, 0);
        emit(new WrapUpStarted(now, e.id, a.id, endsAtMillis));
        publish(a, "wrap-up restored ", e.id);
        settle(a);
        return true;
    }

    /**
     * An interaction the agent starts (a dial-out): it enters {@code in.queueId()} (for the reports) and
     * is the agent's at once, as offered to and accepted by them, with no wait and no offer to anyone
     * else. The agent may be READY or NOT_READY (dialling is their own choice) but must have room for
     * the channel like for any offer: fails with a conflict while logged out or logging out, with an
     * offer ringing, with no reachable phone for a voice channel, at capacity, or while work in hand
     * blocks the channel (blending).
     */
    public void startWithAgent(NewInteraction in, String agentId) {
        advanceTime();
        RoutingQueue q = queueTaking(in);
        AgentSession a = agent(agentId);
        int channel = in.channel().ordinal();
        String refusal = !a.loggedIn ? "is logged out"
                : a.pendingLogout ? "is logging out"
                : a.pendingOffer != null ? "has an offer ringing"
                : a.phoneUnreachable && (AgentSession.PHONE_CHANNELS & (1 << channel)) != 0 ? "has no reachable phone"
                : a.capacity[channel] == 0 ? "takes no " + in.channel() + " (no capacity for it)"
                : a.load[channel] >= a.capacity[channel] ? "has no room for another " + in.channel()
                + " (" + a.load[channel] + " of " + a.capacity[channel] + " in hand)"
                : (a.blockedMask & (1 << channel)) != 0 ? "has work in hand that excludes " + in.channel() : null;
        if (refusal != null) {
            throw RoutingException.conflict(a + " " + refusal + "; " + in.id() + " cannot start");
        }
        QueueEntry e = new QueueEntry(in.id(), in.channel(), Requirement.of(skills, in.skills()), in.priority(),
                in.tier(), in.customerId(), agentId, in.attributes(), now);
        entries.put(e.id, e);
        place(e, q, ++seq, now, TRIGGER_NAMES[Trigger.AGENT_INITIATED.ordinal()]);
        emit(new InteractionQueued(now, e.id, q.id, q.waiting.rank(e) + 1, 0, false));
        // Offered as in offer(), but neither published RESERVED (a NOT_READY agent goes straight to BUSY)
        // nor timed: the OfferMade carries the decision to the log and the screen pop to the console.
        q.waiting.remove(e);
        q.offeredNow++;
        e.move(InteractionState.OFFERED, TRIGGER_NAMES[Trigger.AGENT_INITIATED.ordinal()]);
        e.offeredTo = new AgentSession[] {a};
        e.offerSeq = ++offers;
        e.offeredAtMillis = now;
        a.pendingOffer = e;
        emit(new OfferMade(now, e.id, a.id, q.id, now, new RoutingDecision(Trigger.AGENT_INITIATED,
                "started by the agent", q.config.strategy(), describe(e), e.step,
                List.of(new ScoredCandidate(a.id, 1, "started it")), "", Map.of())));
        accept(e.id, a.id);
    }

    /** A queued entry goes to its sticky agent if there is one, else to the best free agent or its waiting group. */
    private void placeOrOffer(QueueEntry e, RoutingQueue q, Trigger trigger) {
        AgentSession sticky = stickyAgentFor(e);
        if (sticky != null) {
            catchUpOverflow(e);
            if (sticky.canAccept(e.channelIndex) && !e.excludes(sticky, now)) {
                offer(e, new AgentSession[] {sticky}, new RoutingDecision(Trigger.STICKY,
                        "sticky: the customer's last agent", q.config.strategy(), describe(e), e.step,
                        List.of(new ScoredCandidate(sticky.id, 1, "served this customer last")), "", Map.of()), null);
            } else {
                sticky.sticky.add(e);
                e.stickyAgent = sticky;
                timers.scheduleAfter(q.stickyMillis, now + q.stickyMillis, TimerQueue.Kind.STICKY_END, e, e.queueEpoch);
            }
            return;
        }
        routeOrWait(e, trigger);
    }

    private void scheduleQueueTimers(QueueEntry e) {
        scheduleNextStep(e);
        if (e.queue.maxWaitMillis > 0) {
            timers.scheduleAfter(e.queue.maxWaitMillis, e.arrivalMillis + e.queue.maxWaitMillis, TimerQueue.Kind.MAX_WAIT, e, e.queueEpoch);
        }
    }

    private AgentSession stickyAgentFor(QueueEntry e) {
        if (e.queue.stickyMillis <= 0) {
            return null;
        }
        String id = e.preferredAgentId != null ? e.preferredAgentId
                : e.customerId != null ? lastAgentByCustomer.get(e.customerId) : null;
        AgentSession a = id == null ? null : agents.get(id);
        if (a == null || !a.loggedIn || a.pendingLogout || !a.ready || a.capacity[e.channelIndex] == 0) {
            return null;
        }
        return groups.groupFor(e).eligible(a) ? a : null;
    }

    /** Offers to the best free agent now, or files the entry in its waiting group. */
    private void routeOrWait(QueueEntry e, Trigger trigger) {
        catchUpOverflow(e);
        WaitingGroup g = groups.groupFor(e);
        if (deferring) {
            g.add(e);
            e.group = g;
            if (e.deferredTrigger == null) {
                e.deferredTrigger = trigger;
                deferredEntries.add(e);
            }
            return;
        }
        boolean complete = e.queue.strategy.offersWhenAnyoneCan();
        if (complete && skipProvablyEmptySearches && nobodyAvailableFor(g)) {
            g.add(e);
            e.group = g;
            e.nobodyAvailable = true;
            searchesSkipped++;
            return;
        }
        run.start(e, g.alternatives, now);
        Selection sel = e.queue.strategy.select(run);
        if (sel.isEmpty()) {
            g.add(e);
            e.group = g;
            e.nobodyAvailable = complete;
            return;
        }
        AgentSession[] chosen = checked(e, sel);
        RoutingDecision d = new RoutingDecision(trigger, sel.rule(), e.queue.config.strategy(), describe(e), e.step,
                sel.considered(), sel.tieBreaker(), run.exclusions());
        offer(e, chosen, d, sel);
    }

    /**
     * Whether no available agent can take work of this group, proved without a search: its head found
     * no one when it was searched (or joined under this same proof), and has excluded no agent since.
     * Sound because an agent becomes available only in {@link #settle}, after finding no work it may
     * take — and the head was such work — and an agent's skills, capacity or offers change only out of
     * the index. Saves the walk over free agents who cannot take it (most arrivals on a loaded center).
     */
    private boolean nobodyAvailableFor(WaitingGroup g) {
        QueueEntry head = g.head();
        return head != null && head.nobodyAvailable && !head.hasExclusions();
    }

    /** Takes a waiting entry out of its group and tries the free agents again. */
    private void reconsider(QueueEntry e, Trigger trigger) {
        if (e.group != null) {
            e.group.remove(e);
            e.group = null;
        }
        routeOrWait(e, trigger);
    }

    private AgentSession[] checked(QueueEntry e, Selection sel) {
        AgentSession[] out = new AgentSession[sel.agents().size()];
        int i = 0;
        for (Candidate c : sel.agents()) {
            if (!(c instanceof AgentSession a) || (a.indexedMask & (1 << e.channelIndex)) == 0 || a.pendingOffer != null
                    || e.excludes(a, now)) {
                throw new IllegalStateException("strategy '" + e.queue.config.strategy() + "' of " + e.queue
                        + " chose " + c.agentId() + ", who is not available for " + e);
            }
            out[i++] = a;
        }
        return out;
    }

    private void offer(QueueEntry e, AgentSession[] to, RoutingDecision decision, Selection selection) {
        if (e.group != null) {
            e.group.remove(e);
            e.group = null;
        }
        if (e.stickyAgent != null) {
            e.stickyAgent.sticky.remove(e);
            e.stickyAgent = null;
        }
        RoutingQueue q = e.queue;
        q.waiting.remove(e);
        q.offeredNow++;
        e.move(InteractionState.OFFERED, TRIGGER_NAMES[decision.trigger().ordinal()]);
        e.offeredTo = to;
        e.offerSeq = ++offers;
        e.offeredAtMillis = now;
        long expires = now + q.offerTimeoutMillis;
        timers.scheduleAfter(q.offerTimeoutMillis, expires, TimerQueue.Kind.OFFER_TIMEOUT, e, e.offerSeq);
        for (AgentSession a : to) {
            // The agent stays parked in the availability index (searches skip agents with an offer):
            // if the offer is withdrawn or declined, nothing has to be re-sorted.
            a.pendingOffer = e;
            publish(a, "offer ", e.id);
            emit(new OfferMade(now, e.id, a.id, q.id, expires, decision));
        }
        if (selection != null) {
            q.strategy.offered(selection);
        }
    }

    /** An agent may take work: offer it the most urgent eligible interaction, else index it as free. */
    private void settle(AgentSession a) {
        if (a.pendingOffer != null) {
            return; // ringing: parked in the index until the offer is answered or withdrawn
        }
        if (deferring) {
            if (!a.deferred) {
                a.deferred = true;
                deferredAgents.add(a);
            }
            return;
        }
        int mask = a.acceptMask();
        if (mask != 0) {
            QueueEntry sticky = stickyWork(a, mask);
            if (sticky != null) {
                catchUpOverflow(sticky);
                offer(sticky, new AgentSession[] {a}, new RoutingDecision(Trigger.STICKY, "sticky: the customer's last agent",
                        sticky.queue.config.strategy(), describe(sticky), sticky.step,
                        List.of(new ScoredCandidate(sticky.id, sticky.priority, "waiting for this agent")), "", Map.of()), null);
                return;
            }
            QueueEntry work = mostUrgentWork(a, mask);
            if (work != null) {
                List<ScoredCandidate> considered = new WorkCandidates(topWork, topFound, now);
                java.util.Arrays.fill(topWork, 0, topFound, null); // copied: held, they outlive their calls
                catchUpOverflow(work);
                offer(work, new AgentSession[] {a}, new RoutingDecision(Trigger.AGENT_AVAILABLE,
                        "most urgent eligible interaction: priority, then service-level risk, then age",
                        work.queue.config.strategy(), describe(work), work.step,
                        considered, "earlier arrival", Map.of()), null);
                return;
            }
        }
        reindex(a, mask);
    }

    private QueueEntry stickyWork(AgentSession a, int mask) {
        QueueEntry best = null;
        for (QueueEntry e : a.sticky) {
            if ((mask & (1 << e.channelIndex)) != 0 && !e.excludes(a, now) && (best == null || moreUrgent(e, best))) {
                best = e;
            }
        }
        return best;
    }

    /**
     * Across every group the agent is eligible for: the first entry that is most urgent by the stated
     * rule, or null; the runners-up stay in {@link #topWork} (as many as {@link #topFound}).
     */
    private QueueEntry mostUrgentWork(AgentSession a, int mask) {
        topFound = groups.index().mostUrgent(a, mask, now, topWork);
        return topFound == 0 ? null : topWork[0];
    }

    /** See {@link Urgency}: priority (aged), then service-level risk, then arrival. */
    private boolean moreUrgent(QueueEntry x, QueueEntry y) {
        return Urgency.moreUrgent(x, y, now);
    }

    private double effectivePriority(QueueEntry e) {
        return Urgency.effectivePriority(e, now);
    }

    private void requeue(QueueEntry e) {
        e.move(InteractionState.QUEUED, "requeue");
        e.queue.offeredNow--;
        if (e.maxWaitDue) {
            e.queue.present.remove(e);
            leaveByMaxWait(e);
            return;
        }
        e.queue.waiting.add(e);
        emit(new InteractionQueued(now, e.id, e.queue.id, e.queue.waiting.rank(e) + 1, estimatedWait(e), true));
        routeOrWait(e, Trigger.REQUEUE);
    }

    private void excludeFor(QueueEntry e, AgentSession a) {
        long until = now + config.declineReofferDelay().toMillis();
        e.exclude(a, until);
        timers.scheduleAfter(until - now, until, TimerQueue.Kind.EXCLUSION_END, e, a.ordinal);
    }

    private void withdrawOffer(AgentSession a, String reason) {
        QueueEntry e = a.pendingOffer;
        e.removeOffer(a);
        a.pendingOffer = null;
        emit(new OfferEnded(now, e.id, a.id, OfferOutcome.RESCINDED, reason));
        if (e.offeredTo.length == 0) {
            requeue(e);
        }
    }

    private void releaseSticky(AgentSession a) {
        while (!a.sticky.isEmpty()) {
            QueueEntry e = a.sticky.poll();
            e.stickyAgent = null;
            routeOrWait(e, Trigger.RECONSIDERED);
        }
    }

    private void abandon(QueueEntry e, String reason) {
        AgentSession[] ringing = e.offeredTo;
        RoutingQueue q = e.queue;
        detach(e);
        e.move(InteractionState.ABANDONED, reason);
        entries.remove(e.id);
        q.abandoned++;
        emit(new InteractionAbandoned(now, e.id, q.id, e.waited(now), reason));
        for (AgentSession a : ringing) {
            emit(new OfferEnded(now, e.id, a.id, OfferOutcome.RESCINDED, "customer left: " + reason));
            publish(a, "offer rescinded");
            settle(a);
        }
    }

    /** Takes a waiting or ringing entry out of its queue entirely (ringing agents are released, not settled). */
    private void detach(QueueEntry e) {
        RoutingQueue q = e.queue;
        if (e.group != null) {
            e.group.remove(e);
            e.group = null;
        }
        if (e.stickyAgent != null) {
            e.stickyAgent.sticky.remove(e);
            e.stickyAgent = null;
        }
        if (e.state == InteractionState.OFFERED) {
            q.offeredNow--;
            for (AgentSession a : e.offeredTo) {
                a.pendingOffer = null;
            }
            e.offeredTo = QueueEntry.NO_AGENTS;
        } else {
            q.waiting.remove(e);
        }
        q.present.remove(e);
    }

    /** Detaches every waiting entry of a queue being reconfigured, in queue order. */
    private List<QueueEntry> detachWaiting(RoutingQueue q) {
        List<QueueEntry> out = new ArrayList<>();
        for (QueueEntry e : q.present) {
            if (e.isWaiting()) {
                if (e.group != null) {
                    e.group.remove(e);
                    e.group = null;
                }
                q.waiting.remove(e);
                out.add(e);
            }
        }
        return out;
    }

    /** Puts an entry of a reconfigured queue back with its new rank, step and timers, keeping its arrival. */
    private void replace(QueueEntry e) {
        RoutingQueue q = e.queue;
        e.priority = e.explicitPriority + q.config.priority().tierPriority(e.tier);
        e.rankKey = q.rankKey(e.priority, e.arrivalMillis);
        e.queueEpoch = ++epochs;
        List<OverflowStep> steps = q.config.overflow();
        int step = 0;
        while (step < steps.size() && steps.get(step).after().toMillis() <= e.waited(now)) {
            step++;
        }
        e.step = step;
        scheduleQueueTimers(e);
        q.waiting.add(e);
        if (e.stickyAgent == null) {
            WaitingGroup g = groups.groupFor(e);
            g.add(e);
            e.group = g;
        }
    }

    private void startWrapUp(Assignment as) {
        AgentSession a = as.agent;
        as.wrappingUp = true;
        a.connectedCount--;
        a.wrapUpCount++;
        long wrap = as.queue.wrapUpMillis;
        if (wrap <= 0) {
            finishWrapUp(as);
            return;
        }
        as.wrapUpEndsMillis = now + wrap;
        timers.scheduleAfter(wrap, as.wrapUpEndsMillis, TimerQueue.Kind.WRAP_UP_END, as, 0);
        emit(new WrapUpStarted(now, as.entry.id, a.id, as.wrapUpEndsMillis));
        publish(a, "wrap-up ", as.entry.id);
    }

    private void finishWrapUp(Assignment as) {
        if (as.done) {
            return;
        }
        as.done = true;
        AgentSession a = as.agent;
        unindex(a);
        a.work.remove(as);
        a.load[as.channel]--;
        a.wrapUpCount--;
        a.recomputeBlocked(blendMasks);
        long handle = now - as.connectedAtMillis;
        a.busyMillis += handle;
        a.handled++;
        a.idleSince = now;
        as.queue.recordHandle(handle);
        QueueEntry e = as.entry;
        if (e.assignment == as && e.state == InteractionState.WRAP_UP) {
            e.move(InteractionState.DONE, "wrap-up done");
            entries.remove(e.id, e); // not the entry that came back after it (see queueTaking)
        }
        emit(new WrapUpEnded(now, e.id, a.id));
        if (a.pendingLogout && a.work.isEmpty()) {
            completeLogout(a);
            return;
        }
        publish(a, "wrap-up done");
        settle(a);
    }

    private void completeLogout(AgentSession a) {
        unindex(a);
        a.loggedIn = false;
        a.pendingLogout = false;
        a.ready = false;
        a.notReadyReason = null;
        publish(a, "logout");
    }

    private void leaveByMaxWait(QueueEntry e) {
        RoutingQueue q = e.queue;
        MaxWaitAction action = q.config.maxWaitAction();
        q.overflowedOut++;
        emit(new MaxWaitReached(now, e.id, q.id, action, q.config.maxWaitQueue(), e.waited(now)));
        if (action == MaxWaitAction.QUEUE && queues.containsKey(q.config.maxWaitQueue())) {
            if (!enqueue(e, queues.get(q.config.maxWaitQueue()), Trigger.TRANSFER)) {
                entries.remove(e.id);
            }
            return;
        }
        e.move(InteractionState.TRANSFERRED, "max wait: " + action);
        entries.remove(e.id);
    }

    // ------------------------------------------------------------------ timers

    private void fire(TimerQueue.Kind kind, Object target, long stamp) {
        switch (kind) {
            case OFFER_TIMEOUT -> offerTimedOut((QueueEntry) target, stamp);
            case WRAP_UP_END -> {
                Assignment as = (Assignment) target;
                if (!as.done) {
                    finishWrapUp(as);
                }
            }
            case OVERFLOW -> overflow((QueueEntry) target, stamp);
            case MAX_WAIT -> maxWait((QueueEntry) target, stamp);
            case STICKY_END -> {
                QueueEntry e = (QueueEntry) target;
                if (e.queueEpoch == stamp && e.stickyAgent != null) {
                    e.stickyAgent.sticky.remove(e);
                    e.stickyAgent = null;
                    routeOrWait(e, Trigger.RECONSIDERED);
                }
            }
            case EXCLUSION_END -> {
                // What changed is one agent's eligibility: if that agent is free, it picks the most
                // urgent work it can take now (maybe this interaction, maybe a more deserving one).
                ((QueueEntry) target).pruneExclusions(now);
                AgentSession a = (int) stamp < agentsByOrdinal.size() ? agentsByOrdinal.get((int) stamp) : null;
                if (a != null && a.acceptMask() != 0) {
                    settle(a);
                }
            }
        }
    }

    private void offerTimedOut(QueueEntry e, long stamp) {
        if (e.state != InteractionState.OFFERED || e.offerSeq != stamp) {
            return;
        }
        AgentSession[] ringing = e.offeredTo;
        e.offeredTo = QueueEntry.NO_AGENTS;
        int limit = config.missedOffersBeforeNotReady();
        for (AgentSession a : ringing) {
            a.pendingOffer = null;
            excludeFor(e, a);
            a.missedInARow++;
            emit(new OfferEnded(now, e.id, a.id, OfferOutcome.TIMED_OUT, "not answered in "
                    + e.queue.offerTimeoutMillis / 1000 + "s"));
            if (limit > 0 && a.missedInARow >= limit) {
                a.ready = false;
                a.notReadyReason = config.missedReasonCode();
                a.missedInARow = 0;
            }
            publish(a, "offer timed out");
        }
        requeue(e);
        for (AgentSession a : ringing) {
            if (!a.ready) {
                releaseSticky(a);
            }
            settle(a);
        }
    }

    private void overflow(QueueEntry e, long stamp) {
        if (e.queueEpoch != stamp / STEP_STAMP || e.step != stamp % STEP_STAMP || !entries.containsKey(e.id)
                || !(e.isWaiting() || e.state == InteractionState.OFFERED)) {
            return; // stale: the entry moved on, or the step was applied already by catchUpOverflow
        }
        advanceStep(e);
        if (e.isWaiting() && e.group != null) {
            reconsider(e, Trigger.OVERFLOW);
        }
    }

    /** Timer stamp for an overflow step: the queue stay and the step index, so no step applies twice. */
    private static final long STEP_STAMP = 1 << 10;

    private void scheduleNextStep(QueueEntry e) {
        List<OverflowStep> steps = e.queue.config.overflow();
        if (e.step < steps.size()) {
            long after = steps.get(e.step).after().toMillis();
            timers.scheduleAfter(after, e.arrivalMillis + after, TimerQueue.Kind.OVERFLOW, e,
                    e.queueEpoch * STEP_STAMP + e.step);
        }
    }

    /** Applies the next overflow step; a waiting entry moves to the group of its new step. */
    private void advanceStep(QueueEntry e) {
        WaitingGroup old = e.group;
        if (old != null) {
            old.remove(e);
        }
        e.step++;
        if (old != null) {
            e.group = groups.groupFor(e);
            e.group.add(e);
        }
        scheduleNextStep(e);
        emit(new InteractionOverflowed(now, e.id, e.queue.id, e.step, describe(e)));
    }

    /**
     * Applies overflow steps already due but not yet fired (several timers due in the same
     * millisecond fire one by one), so a decision never uses a stale step.
     */
    private void catchUpOverflow(QueueEntry e) {
        List<OverflowStep> steps = e.queue.config.overflow();
        while (e.step < steps.size() && e.arrivalMillis + steps.get(e.step).after().toMillis() <= now) {
            advanceStep(e);
        }
    }

    private void maxWait(QueueEntry e, long stamp) {
        if (e.queueEpoch != stamp || !entries.containsKey(e.id)) {
            return;
        }
        if (e.state == InteractionState.OFFERED) {
            e.maxWaitDue = true;
        } else if (e.isWaiting()) {
            detach(e);
            leaveByMaxWait(e);
        }
    }

    // ------------------------------------------------------------------ index and state plumbing

    private void reindex(AgentSession a, int desired) {
        int current = a.indexedMask;
        if (current == desired) {
            return;
        }
        for (int c = 0; c < AgentSession.CHANNELS; c++) {
            int bit = 1 << c;
            if ((current & bit) != 0 && (desired & bit) == 0) {
                index.remove(a, c);
            } else if ((current & bit) == 0 && (desired & bit) != 0) {
                index.add(a, c);
            }
        }
        a.indexedMask = desired;
    }

    private void unindex(AgentSession a) {
        reindex(a, 0);
    }

    private void require(AgentOrder order, int channel, int skill) {
        if (!index.isMaintained(order, channel, skill)) {
            index.require(order, channel, skill, agentsByOrdinal);
        }
    }

    /** Indexes free agents in the orders the queue's strategy walks, for the skills it routes by. */
    private void prepareIndex(RoutingQueue q) {
        for (AgentOrder order : q.strategy.orders()) {
            for (org.openucc.interaction.Channel ch : q.config.channels()) {
                for (int skill : q.requirement.skills) {
                    require(order, ch.ordinal(), skill);
                }
                for (List<RoutingQueue> step : q.stepQueues) {
                    for (RoutingQueue also : step) {
                        for (int skill : also.requirement.skills) {
                            require(order, ch.ordinal(), skill);
                        }
                    }
                }
            }
        }
    }

    private void applySkills(AgentSession a, Map<String, Integer> levels) {
        int[] ids = new int[levels.size()];
        byte[] lv = new byte[levels.size()];
        int i = 0;
        for (Map.Entry<String, Integer> s : levels.entrySet()) {
            ids[i] = skills.intern(s.getKey());
            lv[i] = (byte) Math.max(1, Math.min(SkillRegistry.MAX_LEVEL, s.getValue()));
            i++;
        }
        a.setSkills(ids, lv, skills.count());
    }

    private void publish(AgentSession a, String cause) {
        publish(a, cause, null);
    }

    /** Publishes the agent's state if it changed; the cause (text + detail, joined only if the move is illegal) explains a failure. */
    private void publish(AgentSession a, String cause, String detail) {
        AgentState s = a.displayState();
        String reason = s == AgentState.NOT_READY ? a.notReadyReason : null;
        if (s == a.publishedState && Objects.equals(reason, a.publishedReason)) {
            return;
        }
        AgentState from = a.publishedState;
        if (from != s && !AgentStateMachine.isLegal(from, s)) {
            AgentStateMachine.move(a.id, from, s, detail == null ? cause : cause + detail);
        }
        counters.move(a, from, s);
        a.publishedState = s;
        a.publishedReason = reason;
        a.stateSince = now;
        emit(new AgentStateChanged(now, a.id, from, s, reason));
    }

    private void emit(RoutingEvent event) {
        sink.accept(event);
    }

    private String describe(QueueEntry e) {
        WaitingGroup g = e.group != null ? e.group : groups.groupFor(e);
        if (g.description == null) {
            StringBuilder sb = new StringBuilder();
            for (Requirement r : g.alternatives) {
                if (!sb.isEmpty()) {
                    sb.append(" | ");
                }
                sb.append(r.describe(skills));
            }
            g.description = sb.toString();
        }
        return g.description;
    }

    long estimatedWait(QueueEntry e) {
        return e.queue.estimatedWaitMillis(e.queue.waiting.rank(e) + 1, staffed(e.queue));
    }

    int staffed(RoutingQueue q) {
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < q.requirement.skills.length; i++) {
            fewest = Math.min(fewest, counters.loggedIn(q.requirement.skills[i], q.requirement.minLevels[i]));
        }
        return fewest;
    }

    private List<List<RoutingQueue>> resolveStepQueues(QueueConfig cfg, RoutingQueue self) {
        List<List<RoutingQueue>> out = new ArrayList<>();
        for (OverflowStep s : cfg.overflow()) {
            List<RoutingQueue> qs = new ArrayList<>();
            for (String id : s.alsoQueues()) {
                RoutingQueue q = id.equals(cfg.id()) ? self : queues.get(id);
                if (q == null) {
                    throw new RoutingException("queue " + cfg.id() + ": overflow names unknown queue '" + id + "'");
                }
                if (q != self) {
                    qs.add(q);
                }
            }
            out.add(qs);
        }
        return out;
    }

    // ------------------------------------------------------------------ views

    public AgentView agentView(String agentId) {
        return views.agent(agent(agentId));
    }

    public boolean hasAgent(String agentId) {
        return agents.containsKey(agentId);
    }

    public List<AgentView> agentViews() {
        return agentsByOrdinal.stream().filter(Objects::nonNull).map(views::agent).toList();
    }

    public QueueView queueView(String queueId) {
        return views.queue(queue(queueId));
    }

    public List<QueueView> queueViews() {
        return queues.values().stream().map(views::queue).toList();
    }

    /** The interaction while the engine holds it (waiting, ringing, connected or in wrap-up). */
    public java.util.Optional<InteractionView> interactionView(String interactionId) {
        QueueEntry e = entries.get(interactionId);
        return e == null ? java.util.Optional.empty() : java.util.Optional.of(views.interaction(e));
    }

    /** What an interaction arriving in the queue now would wait (the IVR's "estimated wait" before queueing). */
    public long estimatedWaitForArrival(String queueId) {
        RoutingQueue q = queue(queueId);
        return q.estimatedWaitMillis(q.waitingCount() + 1, staffed(q));
    }

    public List<InteractionView> waitingInteractions(String queueId) {
        RoutingQueue q = queue(queueId);
        return q.present.stream().map(views::interaction).toList();
    }

    /** Every agent and why it can or cannot take the interaction: scans all agents, on request only. */
    public Explanation explain(String interactionId) {
        return views.explain(entry(interactionId));
    }

    /** Sizes of the engine's structures, for /health and debugging. */
    public EngineStats stats() {
        int loggedIn = 0;
        for (AgentSession a : agentsByOrdinal) {
            if (a != null && a.loggedIn) {
                loggedIn++;
            }
        }
        int waiting = 0;
        for (RoutingQueue q : queues.values()) {
            waiting += q.waitingCount();
        }
        return new EngineStats(agents.size(), loggedIn, queues.size(), entries.size(), waiting, groups.size(),
                timers.size(), skills.count() - 1);
    }

    /** Sizes of the engine's structures. */
    public record EngineStats(int agents, int loggedInAgents, int queues, int interactions, int waiting,
                              int waitingGroups, int pendingTimers, int skills) {
    }

    // ------------------------------------------------------------------ lookups

    AgentSession agent(String id) {
        AgentSession a = agents.get(id);
        if (a == null) {
            throw RoutingException.notFound("unknown agent '" + id + "'");
        }
        return a;
    }

    private AgentSession loggedIn(String id) {
        AgentSession a = agent(id);
        if (!a.loggedIn || a.pendingLogout) {
            throw RoutingException.conflict(a + " is not logged in");
        }
        return a;
    }

    RoutingQueue queue(String id) {
        RoutingQueue q = queues.get(id);
        if (q == null) {
            throw RoutingException.notFound("unknown queue '" + id + "'");
        }
        return q;
    }

    QueueEntry entry(String id) {
        QueueEntry e = entries.get(id);
        if (e == null) {
            throw RoutingException.notFound("unknown interaction '" + id + "' (not being routed)");
        }
        return e;
    }

    int timerCount() {
        return timers.size();
    }

    Collection<QueueEntry> allEntries() {
        return entries.values();
    }
}
