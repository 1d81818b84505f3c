package org.openucc.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the SIP door lets one caller do (section {@code sip.limits}). Strangers (callers that did not
 * authenticate as one of {@code sip.accounts}) may only call the service numbers; the caps below are
 * checked before a call takes an RTP port, and every refusal carries Retry-After.
 *
 * @param trustedSources              addresses or CIDR ranges exempt from the per-source limits (the SIP
 *                                    trunk or SBC all customer calls come from), e.g. {@code 203.0.113.10}
 *                                    or {@code 10.0.0.0/8}
 * @param maxCallsPerSource           inbound calls one address may have at once (beyond: 486 Busy Here)
 * @param maxInvitesPerSource         new INVITEs one address may send per {@code inviteWindow} (beyond: 503)
 * @param inviteWindow                the window of {@code maxInvitesPerSource}
 * @param maxWaitingPerQueue          calls that arrived on a queue's service numbers and have not reached an
 *                                    agent yet (beyond: 486); a queue's own {@code maxWaiting} wins when set
 * @param retryAfter                  the Retry-After sent with 486/503 refusals (call caps, RTP ports out)
 * @param maxRegisterFailuresPerUser  wrong answers to the digest challenge for one user name from one
 *                                    address before that pair is locked out (the real phone elsewhere is not)
 * @param maxRegisterFailuresPerSource wrong answers from one address, whatever the user names, before the
 *                                    address is locked out
 * @param registerLockout             the first lockout; each further one of the same user/address doubles
 * @param registerLockoutMax          the longest lockout (equal to {@code registerLockout}: a fixed lockout)
 */
public record SipLimits(
        List<String> trustedSources,
        int maxCallsPerSource,
        int maxInvitesPerSource,
        Duration inviteWindow,
        int maxWaitingPerQueue,
        Duration retryAfter,
        int maxRegisterFailuresPerUser,
        int maxRegisterFailuresPerSource,
        Duration registerLockout,
        Duration registerLockoutMax) {

    public static final SipLimits DEFAULTS = new SipLimits(null, 0, 0, null, 0, null, 0, 0, null, null);

    private static final Pattern CIDR = Pattern.compile("[0-9A-Fa-f.:]+(/[0-9]{1,3})?");

    public SipLimits {
        trustedSources = trustedSources == null ? List.of() : List.copyOf(trustedSources);
        maxCallsPerSource = maxCallsPerSource == 0 ? 30 : maxCallsPerSource;
        maxInvitesPerSource = maxInvitesPerSource == 0 ? 60 : maxInvitesPerSource;
        inviteWindow = inviteWindow == null ? Duration.ofSeconds(10) : inviteWindow;
        maxWaitingPerQueue = maxWaitingPerQueue == 0 ? 200 : maxWaitingPerQueue;
        retryAfter = retryAfter == null ? Duration.ofSeconds(30) : retryAfter;
        maxRegisterFailuresPerUser = maxRegisterFailuresPerUser == 0 ? 5 : maxRegisterFailuresPerUser;
        maxRegisterFailuresPerSource = maxRegisterFailuresPerSource == 0 ? 20 : maxRegisterFailuresPerSource;
        registerLockout = registerLockout == null ? Duration.ofMinutes(1) : registerLockout;
        registerLockoutMax = registerLockoutMax == null ? Duration.ofHours(1) : registerLockoutMax;
    }

    /** Rules beyond shape, under {@code /sip/limits}, so the loader can report them with lines. */
    public List<ConfigViolation> validate() {
        List<ConfigViolation> v = new ArrayList<>();
        for (int i = 0; i < trustedSources.size(); i++) {
            String s = trustedSources.get(i);
            if (s == null || !validRange(s)) {
                v.add(ConfigViolation.at("/sip/limits/trustedSources/" + i, "trusted source '" + s
                        + "' is not an IP address or CIDR range (e.g. 203.0.113.10 or 10.0.0.0/8)"));
            }
        }
        range(v, "maxCallsPerSource", maxCallsPerSource, 1, 1_000_000);
        range(v, "maxInvitesPerSource", maxInvitesPerSource, 1, 1_000_000);
        range(v, "maxWaitingPerQueue", maxWaitingPerQueue, 1, 1_000_000);
        range(v, "maxRegisterFailuresPerUser", maxRegisterFailuresPerUser, 1, 10_000);
        range(v, "maxRegisterFailuresPerSource", maxRegisterFailuresPerSource, 1, 1_000_000);
        positive(v, "inviteWindow", inviteWindow);
        positive(v, "retryAfter", retryAfter);
        positive(v, "registerLockout", registerLockout);
        positive(v, "registerLockoutMax", registerLockoutMax);
        if (registerLockoutMax.compareTo(registerLockout) < 0) {
            v.add(ConfigViolation.at("/sip/limits/registerLockoutMax", "registerLockoutMax ("
                    + DurationFormat.format(registerLockoutMax) + ") must not be shorter than registerLockout ("
                    + DurationFormat.format(registerLockout) + ")"));
        }
        return List.copyOf(v);
    }

    /** A literal address or CIDR range (no host names: a trust list must not depend on DNS). */
    static boolean validRange(String s) {
        if (!CIDR.matcher(s).matches()) {
            return false;
        }
        int slash = s.indexOf('/');
        try {
            InetAddress a = InetAddress.getByName(slash < 0 ? s : s.substring(0, slash));
            int bits = a.getAddress().length * 8;
            return slash < 0 || Integer.parseInt(s.substring(slash + 1)) <= bits;
        } catch (java.io.IOException | NumberFormatException e) {
            return false;
        }
    }

    private static void positive(List<ConfigViolation> v, String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            v.add(ConfigViolation.at("/sip/limits/" + key, key + " must be longer than 0"));
        }
    }

    private static void range(List<ConfigViolation> v, String key, int value, int min, int max) {
        if (value < min || value > max) {
            v.add(ConfigViolation.at("/sip/limits/" + key, key + " must be " + min + ".." + max + ", not " + value));
        }
    }
}
