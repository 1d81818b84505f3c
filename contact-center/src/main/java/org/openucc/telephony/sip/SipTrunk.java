package org.openucc.telephony.sip;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.openucc.config.TrunkConfig;

/**
 * One SIP trunk at run time: which E.164 numbers it serves, how it rewrites them for the carrier, the
 * caller ID it presents, the carrier's source addresses, its credentials, and (for a registering trunk)
 * its registration.
 */
final class SipTrunk {
    /** What may stand in a Request-URI's user part after rewriting (RFC 3261 §25.1 {@code user}, no escapes). */
    private static final Pattern DIALABLE = Pattern.compile("[0-9A-Za-z*#+._-]{1,40}");
    private static final Pattern CALLER_ID = Pattern.compile("\\+?[0-9]{2,20}");

    private record Rule(Pattern match, String replace) {
    }

    private final TrunkConfig config;
    private final SourceRanges addresses;
    private final List<Rule> rules = new ArrayList<>();
    private final String secret;
    /** Null for an address-based trunk. */
    volatile TrunkRegistration registration;

    /**
     * @param secret the password for digest challenges (registration and INVITE), null if the trunk has none
     */
    SipTrunk(TrunkConfig config, String secret) {
        this.config = config;
        this.addresses = new SourceRanges(config.addresses());
        this.secret = secret;
        for (TrunkConfig.Rewrite r : config.rewrite()) {
            rules.add(new Rule(Pattern.compile(r.match()), r.replace()));
        }
    }

    String id() {
        return config.id();
    }

    TrunkConfig config() {
        return config;
    }

    String transport() {
        return config.transport();
    }

    /** Whether this trunk carries calls to the E.164 number (its prefixes; none: every number). */
    boolean serves(String e164) {
        return config.prefixes().isEmpty() || config.prefixes().stream().anyMatch(e164::startsWith);
    }

    /** The number as the carrier wants it in the Request-URI: the rewriting rules applied in order. */
    String dialled(String e164) {
        String out = e164;
        for (Rule r : rules) {
            out = r.match().matcher(out).replaceFirst(r.replace());
        }
        if (!DIALABLE.matcher(out).matches()) {
            throw new IllegalArgumentException("trunk " + id() + ": its rewrite rules turn " + e164 + " into '" + out
                    + "', which cannot be dialled");
        }
        return out;
    }

    /** RFC 3261 §19.1.1: {@code sip:<dialled>@host:port}, with the transport when it is not UDP. */
    String requestUri(String dialled) {
        String host = config.host().contains(":") && !config.host().startsWith("[") ? "[" + config.host() + "]"
                : config.host();
        return "sip:" + dialled + "@" + host + ":" + config.port()
                + (transport().equals("udp") ? "" : ";transport=" + transport());
    }

    /**
     * The caller ID to present: the dial request's own if the trunk allows an override and it is a number,
     * else the trunk's configured one (null: anonymous).
     */
    String callerId(String requested) {
        if (config.allowCallerIdOverride() && requested != null && CALLER_ID.matcher(requested.strip()).matches()) {
            return requested.strip();
        }
        return config.callerId();
    }

    boolean isSource(InetAddress source) {
        return addresses.contains(source);
    }

    boolean hasCredentials() {
        return secret != null && username() != null;
    }

    /** The account name for digest answers: the registration's username. */
    String username() {
        return config.register() == null ? null : config.register().username();
    }

    String secret() {
        return secret;
    }

    /**
     * Re-sends a challenged request with this trunk's credentials (RFC 3261 §22.2) through the RI's
     * {@link gov.nist.javax.sip.clientauthutils.AuthenticationHelper}; the caller sends the returned transaction.
     */
    javax.sip.ClientTransaction answerChallenge(SipEndpoint endpoint, javax.sip.message.Response challenge,
                                                javax.sip.ClientTransaction challenged) throws javax.sip.SipException {
        var helper = endpoint.authenticationHelper((tx, realm) -> new gov.nist.javax.sip.clientauthutils.UserCredentials() {
            @Override
            public String getUserName() {
                return username();
            }

            @Override
            public String getPassword() {
                return secret;
            }

            @Override
            public String getSipDomain() {
                return config.host();
            }
        });
        return helper.handleChallenge(challenge, challenged, endpoint.provider(), 0);
    }

    /** Whether a 401/407 says our nonce went stale (RFC 2617 §3.2.1): same credentials, fresh nonce. */
    static boolean stale(javax.sip.message.Response challenge) {
        String name = challenge.getStatusCode() == 407 ? javax.sip.header.ProxyAuthenticateHeader.NAME
                : javax.sip.header.WWWAuthenticateHeader.NAME;
        var h = challenge.getHeader(name);
        return h instanceof javax.sip.header.WWWAuthenticateHeader w && w.isStale();
    }

    /** Why calls over this trunk cannot go out now (its registration failed), or empty. */
    Optional<String> unavailable() {
        TrunkRegistration r = registration;
        return r == null ? Optional.empty() : r.failure().map(f -> "trunk " + id() + " is not registered: " + f);
    }
}
