package org.openucc.telephony.sip;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.openucc.concurrent.SerialExecutor;
import org.openucc.config.TrunkConfig;
import org.openucc.crm.PhoneNormalizer;

/**
 * The configured SIP trunks: which one carries a number (E.164 normalisation with libphonenumber in
 * the store's phone region, then the first trunk, in configuration order, whose prefixes match), which
 * one a request came from, and their registrations.
 */
final class SipTrunks {
    /** Where a call to an outside number goes: the trunk, the E.164 number, and what the carrier is sent. */
    record Route(SipTrunk trunk, String e164, String dialled) {
        String requestUri() {
            return trunk.requestUri(dialled);
        }
    }

    private final List<SipTrunk> trunks = new ArrayList<>();
    private final PhoneNormalizer numbers;
    private final Map<String, TrunkRegistration> registrationsByCallId = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param phoneRegion the region national numbers are read in ({@code store.phoneRegion})
     * @param env         where a registering trunk's {@code secretEnv} is read
     * @throws IllegalStateException when a registering trunk's secret is not in the environment
     */
    SipTrunks(List<TrunkConfig> configs, String phoneRegion, Function<String, String> env) {
        this.numbers = new PhoneNormalizer(phoneRegion);
        for (TrunkConfig c : configs) {
            String secret = null;
            if (c.register() != null) {
                secret = c.register().secret() != null ? c.register().secret()
                        : c.register().secretEnv() == null ? null : env.apply(c.register().secretEnv());
                if (secret == null || secret.isEmpty()) {
                    throw new IllegalStateException("SIP trunk " + c.id() + " registers as " + c.register().username()
                            + " but its password is missing: set the environment variable " + c.register().secretEnv());
                }
            }
            trunks.add(new SipTrunk(c, secret));
        }
    }

    boolean isEmpty() {
        return trunks.isEmpty();
    }

    /** Starts the registrations of the trunks that register (after the endpoint is listening). */
    void start(SipEndpoint endpoint, ScheduledExecutorService timers, Executor pool) {
        for (SipTrunk t : trunks) {
            if (t.config().registers()) {
                TrunkRegistration r = new TrunkRegistration(t, endpoint, timers,
                        new SerialExecutor(pool, "trunk-" + t.id()));
                t.registration = r;
                registrationsByCallId.put(r.callId(), r);
                r.start();
            }
        }
    }

    void stop() {
        trunks.forEach(t -> {
            if (t.registration != null) {
                t.registration.stop();
            }
        });
    }

    /** The registration a REGISTER response or timeout belongs to, by its Call-ID. */
    Optional<TrunkRegistration> registration(String callId) {
        return Optional.ofNullable(registrationsByCallId.get(callId));
    }

    /**
     * The trunk and Request-URI user part for a number.
     *
     * @throws IllegalArgumentException with a reason a person can act on: not a phone number, no trunk
     *                                  serves it, or a trunk's rewriting made nonsense of it
     */
    Route route(String number) {
        String raw = number.startsWith("tel:") ? number.substring(4) : number;
        String e164;
        try {
            e164 = numbers.normalize(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot dial " + number + ": " + e.getMessage());
        }
        if (trunks.isEmpty()) {
            throw new IllegalArgumentException("no SIP trunk is configured to reach " + number);
        }
        for (SipTrunk t : trunks) {
            if (t.serves(e164)) {
                return new Route(t, e164, t.dialled(e164));
            }
        }
        throw new IllegalArgumentException("no SIP trunk serves " + e164 + " (the trunks' prefixes: " + prefixes() + ")");
    }

    /** Whether {@link #route} would find a trunk for the number. */
    boolean reaches(String number) {
        if (number == null || trunks.isEmpty()) {
            return false;
        }
        try {
            route(number);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The trunk whose addresses include the source, if any. */
    Optional<SipTrunk> at(InetAddress source) {
        return trunks.stream().filter(t -> t.isSource(source)).findFirst();
    }

    /** Every trunk's source addresses (they skip the per-source caps at the door). */
    List<String> addresses() {
        return trunks.stream().flatMap(t -> t.config().addresses().stream()).toList();
    }

    /** The first registering trunk that is not registered, as a reason for /health. */
    Optional<String> degraded() {
        List<String> down = new ArrayList<>();
        trunks.forEach(t -> t.unavailable().ifPresent(down::add));
        return down.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", down) + " (calls over it fail)");
    }

    /** Per trunk: where it goes, how it is reached, its registration. */
    List<Map<String, Object>> stats() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SipTrunk t : trunks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("host", t.config().host() + ":" + t.config().port());
            m.put("transport", t.transport());
            m.put("prefixes", t.config().prefixes().isEmpty() ? List.of("any") : t.config().prefixes());
            TrunkRegistration r = t.registration;
            if (r != null) {
                m.putAll(r.stats());
            } else {
                m.put("registration", t.config().registers() ? "NOT_STARTED" : "NONE (address-based)");
            }
            out.add(m);
        }
        return out;
    }

    private String prefixes() {
        List<String> all = new ArrayList<>();
        trunks.forEach(t -> all.addAll(t.config().prefixes()));
        return String.join(", ", all);
    }
}
