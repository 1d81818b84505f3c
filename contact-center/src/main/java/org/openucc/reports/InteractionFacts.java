package org.openucc.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;

/**
 * What one interaction contributes to the reports, from its events so far (in log order). Pure: the
 * same events give the same tallies, so the sums can always be rebuilt from the log.
 *
 * <p>Each entry into a queue (a QUEUED that is not a re-queue) is a segment, counted in the interval of
 * its entry: offered, then answered (with its wait) or abandoned, or left by a transfer. Each agent who
 * connected is a handling, counted in the same interval once the agent's wrap-up ended: talk (connected to
 * the end of the conversation, less hold), hold, wrap-up and transfers. The first segment also carries
 * the callback and first-contact-resolution figures.
 */
public final class InteractionFacts {
    private InteractionFacts() {
    }

    /** Who the customer is, which queue they came to, and when: what a repeat contact is matched on. */
    public record Contact(String customerId, String queueId, Instant arrivedAt) {
    }

    /** The contact, once the interaction has a customer and has entered a queue. */
    public static Optional<Contact> contact(List<LogEvent> events) {
        String customer = null;
        String queue = null;
        for (LogEvent e : events) {
            if (customer == null && e.customerId() != null) {
                customer = e.customerId();
            }
            if (queue == null && e.type() == LogEventType.QUEUED && !requeued(e)) {
                queue = e.queueId();
            }
        }
        if (customer == null || queue == null || events.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Contact(customer, queue, events.get(0).at()));
    }

    private static final class Segment {
        final String queue;
        final Instant at;
        String agent;
        boolean answered;
        long waitMillis;
        boolean abandoned;
        long abandonWaitMillis;
        int transfers;

        Segment(String queue, Instant at) {
            this.queue = queue;
            this.at = at;
        }
    }

    private static final class Handling {
        final String agent;
        final Segment segment;
        final Instant connectedAt;
        Instant talkEndedAt;
        Instant holdStartedAt;
        long holdMillis;
        int holds;
        Instant wrapStartedAt;
        long wrapMillis;
        int transfers;
        boolean done;

        Handling(String agent, Segment segment, Instant connectedAt) {
            this.agent = agent;
            this.segment = segment;
            this.connectedAt = connectedAt;
        }

        void endHold(Instant at) {
            if (holdStartedAt != null) {
                holdMillis += millis(holdStartedAt, at);
                holdStartedAt = null;
            }
        }
    }

    /**
     * @param repeated whether the customer contacted the same queue again within the repeat window (decided
     *                 across interactions, by the aggregator)
     */
    public static List<Tally> tallies(List<LogEvent> events, boolean repeated, ReportSettings settings) {
        String channel = null;
        List<String> skills = new ArrayList<>();
        String disposition = null;
        String campaign = null;
        boolean callbackKept = false;
        List<Segment> segments = new ArrayList<>();
        List<Handling> handlings = new ArrayList<>();
        Segment current = null;
        for (LogEvent e : events) {
            switch (e.type()) {
                case INTERACTION_CREATED -> {
                    channel = e.detail("channel");
                    campaign = e.detail(NewLogEvent.ATTRIBUTE_PREFIX + "campaignId");
                    e.details().keySet().stream().filter(k -> k.startsWith(NewLogEvent.SKILL_PREFIX))
                            .map(k -> k.substring(NewLogEvent.SKILL_PREFIX.length())).sorted().forEach(skills::add);
                }
                case QUEUED -> {
                    if (!requeued(e) && e.queueId() != null) {
                        current = new Segment(e.queueId(), e.at());
                        segments.add(current);
                    }
                }
                case CONNECTED -> {
                    if (current != null && e.agentId() != null) {
                        if (!current.answered && !current.abandoned) {
                            current.answered = true;
                            current.agent = e.agentId();
                            current.waitMillis = millis(current.at, e.at());
                        }
                        handlings.add(new Handling(e.agentId(), current, e.at()));
                    }
                }
                case HELD -> {
                    Handling h = talking(handlings, e.agentId());
                    if (h != null && h.holdStartedAt == null) {
                        h.holdStartedAt = e.at();
                        h.holds++;
                    }
                }
                case RESUMED -> {
                    Handling h = talking(handlings, e.agentId());
                    if (h != null) {
                        h.endHold(e.at());
                    }
                }
                case TRANSFERRED -> {
                    Handling h = e.agentId() == null ? null : talking(handlings, e.agentId());
                    if (h != null) {
                        h.transfers++;
                    } else if (current != null && !current.answered) {
                        current.transfers++;
                    }
                }
                case ENDED -> {
                    Handling h = talking(handlings, e.agentId());
                    if (h != null) {
                        h.endHold(e.at());
                        h.talkEndedAt = e.at();
                    }
                }
                case ABANDONED -> {
                    if (current != null && !current.answered && !current.abandoned) {
                        current.abandoned = true;
                        current.abandonWaitMillis = millis(current.at, e.at());
                    }
                }
                case WRAP_UP_STARTED -> {
                    Handling h = open(handlings, e.agentId());
                    if (h != null && h.wrapStartedAt == null) {
                        h.wrapStartedAt = e.at();
                    }
                }
                case WRAP_UP_ENDED -> {
                    Handling h = open(handlings, e.agentId());
                    if (h != null) {
                        if (h.talkEndedAt == null) {
                            h.endHold(e.at());
                            h.talkEndedAt = e.at();
                        }
                        if (h.wrapStartedAt != null) {
                            h.wrapMillis += millis(h.wrapStartedAt, e.at());
                        }
                        h.done = true;
                    }
                }
                case DISPOSITION -> disposition = e.detail("code");
                case CALLBACK_ATTEMPT -> callbackKept |= "ANSWERED".equals(e.detail("result"));
                default -> {
                    // IVR, offers, overflow, priority, messages: not in the reports' sums
                }
            }
        }
        List<Tally> out = new ArrayList<>();
        boolean answered = segments.stream().anyMatch(s -> s.answered);
        boolean known = contact(events).isPresent();
        List<String> skillKeys = List.copyOf(skills);
        String channelKey = channel == null ? "UNKNOWN" : channel;
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            long[] m = new long[Measure.COUNT];
            m[Measure.OFFERED.ordinal()] = 1;
            if (s.answered) {
                m[Measure.ANSWERED.ordinal()] = 1;
                m[Measure.ANSWER_WAIT_MS.ordinal()] = s.waitMillis;
                m[Measure.SL_BASE.ordinal()] = 1;
                m[Measure.ANSWERED_IN_SL.ordinal()] = settings.answeredInServiceLevel(s.queue, s.waitMillis) ? 1 : 0;
            }
            if (s.abandoned) {
                m[Measure.ABANDONED.ordinal()] = 1;
                m[Measure.ABANDON_WAIT_MS.ordinal()] = s.abandonWaitMillis;
                m[Measure.SHORT_ABANDONED.ordinal()] = settings.isShortAbandon(s.abandonWaitMillis) ? 1 : 0;
                m[Measure.SL_BASE.ordinal()] = settings.abandonCountsInServiceLevel(s.queue, s.abandonWaitMillis) ? 1 : 0;
            }
            m[Measure.TRANSFERS.ordinal()] = s.transfers;
            if (i == 0) {
                if ("CALLBACK".equals(channel)) {
                    m[Measure.CALLBACKS.ordinal()] = 1;
                    m[Measure.CALLBACKS_KEPT.ordinal()] = callbackKept ? 1 : 0;
                }
                if (answered && known) {
                    m[Measure.FCR_ELIGIBLE.ordinal()] = 1;
                    m[Measure.FCR_REPEATED.ordinal()] = repeated ? 1 : 0;
                }
            }
            out.add(new Tally(s.at, s.queue, s.agent, channelKey, skillKeys, disposition, null, campaign, m));
        }
        for (Handling h : handlings) {
            if (!h.done) {
                continue;
            }
            long[] m = new long[Measure.COUNT];
            m[Measure.HANDLED.ordinal()] = 1;
            m[Measure.TALK_MS.ordinal()] = Math.max(0, millis(h.connectedAt, h.talkEndedAt) - h.holdMillis);
            m[Measure.HOLD_MS.ordinal()] = h.holdMillis;
            m[Measure.WRAP_MS.ordinal()] = h.wrapMillis;
            m[Measure.HOLDS.ordinal()] = h.holds;
            m[Measure.TRANSFERS.ordinal()] = h.transfers;
            out.add(new Tally(h.segment.at, h.segment.queue, h.agent, channelKey, skillKeys, disposition, null, campaign, m));
        }
        return out;
    }

    /** Re-queued (after an offer ended, or restored after a restart): the same entry, not a new one. */
    static boolean requeued(LogEvent e) {
        Object r = e.details().get("requeued");
        return Boolean.TRUE.equals(r) || "true".equals(String.valueOf(r));
    }

    /** The agent's handling whose conversation is still on (or, without an agent, the only such one). */
    private static Handling talking(List<Handling> handlings, String agentId) {
        for (int i = handlings.size() - 1; i >= 0; i--) {
            Handling h = handlings.get(i);
            if (!h.done && h.talkEndedAt == null && (agentId == null || agentId.equals(h.agent))) {
                return h;
            }
        }
        return null;
    }

    /** The agent's latest handling that is not over. */
    private static Handling open(List<Handling> handlings, String agentId) {
        for (int i = handlings.size() - 1; i >= 0; i--) {
            Handling h = handlings.get(i);
            if (!h.done && h.agent.equals(agentId)) {
                return h;
            }
        }
        return null;
    }

    static long millis(Instant from, Instant to) {
        return from == null || to == null ? 0 : Math.max(0, Duration.between(from, to).toMillis());
    }
}
