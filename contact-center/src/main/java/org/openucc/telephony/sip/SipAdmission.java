package org.openucc.telephony.sip;

import java.net.InetAddress;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openucc.config.ServiceNumber;
import org.openucc.config.SipLimits;
import org.openucc.limits.ConcurrencyCap;
import org.openucc.limits.RateLimiter;
import org.openucc.limits.Rejections;

/**
 * The caps an initial INVITE must pass before it becomes a call and takes an RTP port: INVITEs per
 * source address per window, calls at once per source address, and calls waiting per queue (those
 * that arrived on the queue's service numbers and have not reached an agent). Sources in
 * {@code trustedSources} (a trunk) skip the per-source caps. Every refusal is counted in
 * {@link Rejections} under door {@code sip}.
 */
final class SipAdmission {
    static final String DOOR = "sip";

    /** What {@link #admit} gives: a place in the caps, or a refusal. */
    sealed interface Admission permits Ticket, Refusal {
    }

    /** Why an INVITE is refused: status, reason phrase, the limit's name, and the Retry-After in seconds. */
    record Refusal(int status, String reason, String limit, long retryAfterSeconds) implements Admission {
    }

    /**
     * An admitted call's places in the caps; released when it reaches an agent (its waiting place) and
     * when it ends (both). Each release happens once, whichever thread calls it.
     */
    final class Ticket implements Admission {
        private final String source;
        private final String waitingKey;
        private final AtomicBoolean waiting = new AtomicBoolean(true);
        private final AtomicBoolean live = new AtomicBoolean(true);

        private Ticket(String source, String waitingKey) {
            this.source = source;
            this.waitingKey = waitingKey;
        }

        /** The caller is bridged to an agent: no longer waiting in its queue. */
        void reachedAgent() {
            if (waiting.compareAndSet(true, false) && waitingKey != null) {
                waitingByQueue.release(waitingKey);
            }
        }

        void ended() {
            reachedAgent();
            if (live.compareAndSet(true, false) && source != null) {
                callsBySource.release(source);
            }
        }
    }

    private final SipLimits limits;
    private final Rejections rejections;
    private final SourceRanges trusted;
    private final RateLimiter invites;
    private final Map<String, String> queueOfNumber = new HashMap<>();
    private final Map<String, Integer> queueMaxWaiting;
    private final ConcurrencyCap callsBySource = new ConcurrencyCap();
    private final ConcurrencyCap waitingByQueue = new ConcurrencyCap();

    /**
     * @param services        the service numbers strangers may call, and the queue each feeds
     * @param queueMaxWaiting a queue's own {@code maxWaiting} where it has one (wins over the default cap)
     */
    SipAdmission(SipLimits limits, List<ServiceNumber> services, Map<String, Integer> queueMaxWaiting,
                 Rejections rejections, InstantSource clock) {
        this(limits, services, queueMaxWaiting, rejections, clock, List.of());
    }

    /** @param trunkAddresses the SIP trunks' source addresses: trusted like {@code limits.trustedSources} */
    SipAdmission(SipLimits limits, List<ServiceNumber> services, Map<String, Integer> queueMaxWaiting,
                 Rejections rejections, InstantSource clock, List<String> trunkAddresses) {
        this.limits = limits;
        this.rejections = rejections;
        List<String> trustedSources = new java.util.ArrayList<>(limits.trustedSources());
        trustedSources.addAll(trunkAddresses);
        this.trusted = new SourceRanges(trustedSources);
        this.invites = new RateLimiter(limits.maxInvitesPerSource(), limits.inviteWindow(), clock);
        for (ServiceNumber n : services) {
            // A number without a queue of its own (an IVR flow decides) is capped on its own.
            queueOfNumber.put(n.number(), n.queue() != null ? n.queue() : "number " + n.number());
        }
        this.queueMaxWaiting = Map.copyOf(queueMaxWaiting);
    }

    /** Whether anyone may call {@code number} without authenticating. */
    boolean isServiceNumber(String number) {
        return number != null && queueOfNumber.containsKey(number);
    }

    boolean trusted(InetAddress source) {
        return trusted.contains(source);
    }

    /** Counts one new INVITE of {@code source}; a refusal if it sent too many within the window. */
    Refusal countInvite(InetAddress source) {
        if (source == null || trusted(source)) {
            return null;
        }
        String key = source.getHostAddress();
        if (invites.tryAcquire(key)) {
            return null;
        }
        return refuse(503, "Service Unavailable (too many calls from " + key + ")", "invite-rate-per-source",
                invites.retryAfterSeconds(key));
    }

    /**
     * Takes a place for a call from {@code source} to {@code number} in the per-source and per-queue caps;
     * a refusal (nothing taken) when either is full.
     */
    Admission admit(InetAddress source, String number) {
        String sourceKey = source == null || trusted(source) ? null : source.getHostAddress();
        if (sourceKey != null && !callsBySource.tryAcquire(sourceKey, limits.maxCallsPerSource())) {
            return refuse(486, "Busy Here (" + limits.maxCallsPerSource() + " calls from " + sourceKey
                    + " at once)", "calls-per-source", limits.retryAfter().toSeconds());
        }
        String queue = queueOfNumber.get(number);
        if (queue != null) {
            int cap = queueMaxWaiting.getOrDefault(queue, limits.maxWaitingPerQueue());
            if (!waitingByQueue.tryAcquire(queue, cap)) {
                if (sourceKey != null) {
                    callsBySource.release(sourceKey);
                }
                return refuse(486, "Busy Here (" + cap + " calls waiting for " + queue + ")", "waiting-per-queue",
                        limits.retryAfter().toSeconds());
            }
        }
        return new Ticket(sourceKey, queue);
    }

    /** A refusal by a limit outside this class (RTP ports, strangers, duplicates), counted the same way. */
    Refusal refuse(int status, String reason, String limit, long retryAfterSeconds) {
        rejections.count(DOOR, limit);
        return new Refusal(status, reason, limit, retryAfterSeconds);
    }

    long retryAfterSeconds() {
        return limits.retryAfter().toSeconds();
    }

    /** Calls waiting per queue and live calls per source (what /health shows of the caps). */
    Map<String, Object> stats() {
        return Map.of("waitingByQueue", waitingByQueue.snapshot(), "sourcesWithCalls", callsBySource.keys());
    }
}
