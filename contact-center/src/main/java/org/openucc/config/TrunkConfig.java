package org.openucc.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A SIP trunk of the built-in stack (one entry of {@code sip.trunks}): where calls to outside numbers
 * go, and the addresses its inbound calls come from. A trunk either registers with digest credentials
 * ({@code register}) or is address-based (the carrier knows our address; no registration).
 *
 * @param id                    how logs, /health and call end reasons name it
 * @param host                  the carrier's SIP host (registrar and where INVITEs go)
 * @param port                  its SIP port (default 5060)
 * @param transport             {@code udp} (default) or {@code tcp}; must be one of {@code sip.transports}
 * @param register              registration with digest authentication; absent: an address-based trunk
 * @param addresses             the carrier's source addresses / CIDR ranges: INVITEs from them to a service
 *                              number are taken without a challenge and skip the per-source caps
 * @param callerId              the number presented on outbound calls (absent: anonymous)
 * @param allowCallerIdOverride whether a dial request's own caller ID replaces {@code callerId} (default false)
 * @param prefixes              E.164 prefixes this trunk serves (e.g. {@code +49}); empty: every number. The first
 *                              trunk in the list that serves a number carries it
 * @param rewrite               rules applied in order to the E.164 number to make what the carrier wants in the
 *                              Request-URI (e.g. {@code {match: "^\\+49", replace: "0"}})
 */
public record TrunkConfig(String id, String host, Integer port, String transport, Registration register,
                          List<String> addresses, String callerId, Boolean allowCallerIdOverride,
                          List<String> prefixes, List<Rewrite> rewrite) {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern E164_PREFIX = Pattern.compile("\\+[0-9]{1,15}");
    private static final Pattern CALLER_ID = Pattern.compile("\\+?[0-9]{2,20}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,253}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._!~*'()&=+$,;?/%-]{1,64}");

    /**
     * The trunk's registration (RFC 3261 §10.2): REGISTER with digest authentication, refreshed before it expires.
     *
     * @param username  the account at the carrier
     * @param secretEnv the environment variable that holds its password (never in the file)
     * @param secret    the password written in the file: for tests and embedding only; prefer {@code secretEnv}
     * @param expires   the registration period asked for (default 1h; the carrier may grant less)
     */
    public record Registration(String username, String secretEnv, String secret, Duration expires) {
        public Registration {
            expires = expires == null ? Duration.ofHours(1) : expires;
        }
    }

    /** One rewriting rule: a regular expression and its replacement ({@code $1} for groups). */
    public record Rewrite(String match, String replace) {
        public Rewrite {
            replace = replace == null ? "" : replace;
        }
    }

    public TrunkConfig {
        port = port == null ? 5060 : port;
        transport = transport == null || transport.isBlank() ? "udp" : transport.strip().toLowerCase(java.util.Locale.ROOT);
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        allowCallerIdOverride = allowCallerIdOverride != null && allowCallerIdOverride;
        prefixes = prefixes == null ? List.of() : List.copyOf(prefixes);
        rewrite = rewrite == null ? List.of() : List.copyOf(rewrite);
    }

    /** Rules beyond shape for {@code sip.trunks}, so the loader can report them with lines. */
    public static List<ConfigViolation> validate(List<TrunkConfig> trunks, Set<String> sipTransports) {
        List<ConfigViolation> v = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < trunks.size(); i++) {
            trunks.get(i).validate("/sip/trunks/" + i, ids, sipTransports, v);
        }
        return List.copyOf(v);
    }

    private void validate(String at, Set<String> ids, Set<String> sipTransports, List<ConfigViolation> v) {
        String name = id == null ? "a trunk" : "trunk '" + id + "'";
        if (id == null || !ID.matcher(id).matches()) {
            v.add(ConfigViolation.at(id == null ? at : at + "/id", "every trunk needs an id of letters, digits, '.', '_'"
                    + " and '-' (at most 40), not " + (id == null ? "none" : "'" + id + "'")));
        } else if (!ids.add(id)) {
            v.add(ConfigViolation.at(at + "/id", "trunk id '" + id + "' is used twice"));
        }
        if (host == null || !HOST.matcher(host).matches()) {
            v.add(ConfigViolation.at(host == null ? at : at + "/host", name + " needs a host (the carrier's SIP"
                    + " address, e.g. sip.carrier.example or 203.0.113.10)" + (host == null ? "" : ", not '" + host + "'")));
        }
        if (port < 1 || port > 65_535) {
            v.add(ConfigViolation.at(at + "/port", name + ": port must be 1..65535, not " + port));
        }
        if (!transport.equals("udp") && !transport.equals("tcp")) {
            v.add(ConfigViolation.at(at + "/transport", name + ": transport '" + transport + "' is not one of udp, tcp"));
        } else if (!sipTransports.contains(transport)) {
            v.add(ConfigViolation.at(at + "/transport", name + " uses " + transport + ", which sip.transports "
                    + sipTransports + " does not listen on"));
        }
        if (register != null) {
            registration(at + "/register", name, v);
        }
        for (int j = 0; j < addresses.size(); j++) {
            String a = addresses.get(j);
            if (a == null || !SipLimits.validRange(a)) {
                v.add(ConfigViolation.at(at + "/addresses/" + j, name + ": address '" + a + "' is not an IP address or"
                        + " CIDR range (e.g. 203.0.113.10 or 203.0.113.0/28; no host names)"));
            }
        }
        if (callerId != null && !CALLER_ID.matcher(callerId).matches()) {
            v.add(ConfigViolation.at(at + "/callerId", name + ": callerId '" + callerId + "' must be a number (digits,"
                    + " optionally with a leading +, e.g. +4930123456)"));
        }
        for (int j = 0; j < prefixes.size(); j++) {
            String p = prefixes.get(j);
            if (p == null || !E164_PREFIX.matcher(p).matches()) {
                v.add(ConfigViolation.at(at + "/prefixes/" + j, name + ": prefix '" + p + "' is not an E.164 prefix"
                        + " (+ and digits, e.g. +49 or +1)"));
            }
        }
        for (int j = 0; j < rewrite.size(); j++) {
            Rewrite r = rewrite.get(j);
            String ra = at + "/rewrite/" + j;
            if (r.match() == null || r.match().isEmpty()) {
                v.add(ConfigViolation.at(ra, name + ": rewrite rule " + j + " needs a match (a regular expression)"));
                continue;
            }
            try {
                Pattern.compile(r.match()).matcher("+4930123456").replaceFirst(r.replace());
            } catch (PatternSyntaxException e) {
                v.add(ConfigViolation.at(ra + "/match", name + ": '" + r.match() + "' is not a regular expression ("
                        + e.getDescription() + ")"));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                v.add(ConfigViolation.at(ra + "/replace", name + ": replacement '" + r.replace() + "' is invalid ("
                        + e.getMessage() + ")"));
            }
        }
    }

    private void registration(String at, String name, List<ConfigViolation> v) {
        if (register.username() == null || !USER.matcher(register.username()).matches()) {
            v.add(ConfigViolation.at(register.username() == null ? at : at + "/username", name
                    + ": register needs the username of the account at the carrier"));
        }
        if (register.secretEnv() != null && !ENV_NAME.matcher(register.secretEnv()).matches()) {
            v.add(ConfigViolation.at(at + "/secretEnv", name + ": '" + register.secretEnv() + "' is not an environment"
                    + " variable name (letters, digits and _, not starting with a digit)"));
        }
        if (register.secretEnv() == null && register.secret() == null) {
            v.add(ConfigViolation.at(at, name + ": register needs secretEnv, the environment variable that holds the"
                    + " password"));
        }
        if (register.expires().compareTo(Duration.ofSeconds(10)) < 0 || register.expires().compareTo(Duration.ofDays(1)) > 0) {
            v.add(ConfigViolation.at(at + "/expires", name + ": expires must be 10s..1d, not "
                    + DurationFormat.format(register.expires())));
        }
    }

    /** Whether this trunk registers (else it is address-based). */
    public boolean registers() {
        return register != null;
    }
}
