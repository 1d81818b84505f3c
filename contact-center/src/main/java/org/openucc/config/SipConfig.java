package org.openucc.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The built-in SIP registrar / B2BUA and its RTP media.
 *
 * @param host              address SIP and RTP bind to (127.0.0.1: this machine only)
 * @param port              SIP port for UDP and TCP (0 picks a free one, used by tests)
 * @param transports        {@code udp}, {@code tcp} or both
 * @param realm             digest realm phones authenticate in (part of every stored HA1)
 * @param rtpPortMin        first port of the RTP range (even ports carry RTP, odd ones are left to RTCP)
 * @param rtpPortMax        last port of the RTP range
 * @param services          service numbers (DIDs) and where their calls go: an IVR flow, a queue, or both
 * @param accounts          agents' phone accounts (digest hashes)
 * @param promptDir         directory of the language's prompt files (where the default hold music is)
 * @param holdMusic         looped while an agent holds the call (a caller waiting in a queue hears
 *                          what the IVR flow plays: the built-in direct flow, ivr-scripts/flows/direct.yaml)
 * @param ringTimeout       how long an agent's phone rings before the offer counts as declined
 * @param recordingsDir     where call recordings go (null: {@code <dataDir>/recordings})
 * @param minExpires        shortest registration accepted (RFC 3261 §10.3 step 7: 423 below it)
 * @param maxExpires        registrations longer than this are shortened to it
 * @param recordCalls       whether bridged calls are recorded
 * @param requireRegisteredPhone agents are offered calls (VOICE, OUTBOUND_VOICE, CALLBACK) only while
 *                          their phone is registered here (default true); false when calls reach the
 *                          agents' phones some other way (e.g. voice interactions created through the API)
 * @param limits            what one caller may do at the SIP door: strangers, call caps, REGISTER lockout
 * @param trunks            SIP trunks to the phone network: calls to outside numbers go out over the first one
 *                          that serves the number; their addresses may call the service numbers (none: no dial-out)
 * @param transactionTimeout RFC 3261's 64*T1 (default 32 s, T1 = 500 ms) for the server's own call timers: how
 *                          long a CANCELled INVITE waits for its final response (§9.1) and our 200 OK for its
 *                          ACK (§13.3.1.4) before the leg ends anyway (jain-sip's retransmissions keep T1 = 500 ms)
 * @param mediaTimeout      an answered leg that receives no RTP this long (time on hold or with a stream that
 *                          does not send to us is not counted) is hung up as lost: the caller or phone vanished
 *                          without a BYE (default 60 s; 0: never, like Asterisk's rtptimeout)
 */
public record SipConfig(
        String host,
        int port,
        Set<String> transports,
        String realm,
        int rtpPortMin,
        int rtpPortMax,
        List<ServiceNumber> services,
        List<SipAccount> accounts,
        String promptDir,
        String holdMusic,
        Duration ringTimeout,
        String recordingsDir,
        Duration minExpires,
        Duration maxExpires,
        boolean recordCalls,
        Boolean requireRegisteredPhone,
        SipLimits limits,
        List<TrunkConfig> trunks,
        Duration transactionTimeout,
        Duration mediaTimeout) {

    public static final SipConfig DEFAULTS = new SipConfig(null, 5060, null, null, 0, 0, null, null, null, null,
            null, null, null, null, true);

    /** The default media timeout (60 s). */
    public SipConfig(String host, int port, Set<String> transports, String realm, int rtpPortMin, int rtpPortMax,
                     List<ServiceNumber> services, List<SipAccount> accounts, String promptDir, String holdMusic,
                     Duration ringTimeout, String recordingsDir, Duration minExpires, Duration maxExpires,
                     boolean recordCalls, Boolean requireRegisteredPhone, SipLimits limits, List<TrunkConfig> trunks,
                     Duration transactionTimeout) {
        this(host, port, transports, realm, rtpPortMin, rtpPortMax, services, accounts, promptDir, holdMusic,
                ringTimeout, recordingsDir, minExpires, maxExpires, recordCalls, requireRegisteredPhone, limits, trunks,
                transactionTimeout, null);
    }

    /** RFC 3261's transaction timeout (64*T1 = 32 s). */
    public SipConfig(String host, int port, Set<String> transports, String realm, int rtpPortMin, int rtpPortMax,
                     List<ServiceNumber> services, List<SipAccount> accounts, String promptDir, String holdMusic,
                     Duration ringTimeout, String recordingsDir, Duration minExpires, Duration maxExpires,
                     boolean recordCalls, Boolean requireRegisteredPhone, SipLimits limits, List<TrunkConfig> trunks) {
        this(host, port, transports, realm, rtpPortMin, rtpPortMax, services, accounts, promptDir, holdMusic,
                ringTimeout, recordingsDir, minExpires, maxExpires, recordCalls, requireRegisteredPhone, limits, trunks,
                null);
    }

    /** No trunks. */
    public SipConfig(String host, int port, Set<String> transports, String realm, int rtpPortMin, int rtpPortMax,
                     List<ServiceNumber> services, List<SipAccount> accounts, String promptDir, String holdMusic,
                     Duration ringTimeout, String recordingsDir, Duration minExpires, Duration maxExpires,
                     boolean recordCalls, Boolean requireRegisteredPhone, SipLimits limits) {
        this(host, port, transports, realm, rtpPortMin, rtpPortMax, services, accounts, promptDir, holdMusic,
                ringTimeout, recordingsDir, minExpires, maxExpires, recordCalls, requireRegisteredPhone, limits, null);
    }

    /** The door's default limits. */
    public SipConfig(String host, int port, Set<String> transports, String realm, int rtpPortMin, int rtpPortMax,
                     List<ServiceNumber> services, List<SipAccount> accounts, String promptDir, String holdMusic,
                     Duration ringTimeout, String recordingsDir, Duration minExpires, Duration maxExpires,
                     boolean recordCalls, Boolean requireRegisteredPhone) {
        this(host, port, transports, realm, rtpPortMin, rtpPortMax, services, accounts, promptDir, holdMusic,
                ringTimeout, recordingsDir, minExpires, maxExpires, recordCalls, requireRegisteredPhone, null);
    }

    /** Agents need a registered phone to be offered calls (the default). */
    public SipConfig(String host, int port, Set<String> transports, String realm, int rtpPortMin, int rtpPortMax,
                     List<ServiceNumber> services, List<SipAccount> accounts, String promptDir, String holdMusic,
                     Duration ringTimeout, String recordingsDir, Duration minExpires, Duration maxExpires,
                     boolean recordCalls) {
        this(host, port, transports, realm, rtpPortMin, rtpPortMax, services, accounts, promptDir, holdMusic,
                ringTimeout, recordingsDir, minExpires, maxExpires, recordCalls, null);
    }

    public SipConfig {
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        transports = transports == null || transports.isEmpty() ? Set.of("udp", "tcp") : Set.copyOf(transports);
        realm = realm == null || realm.isBlank() ? "openucc" : realm;
        rtpPortMin = rtpPortMin <= 0 ? 20_000 : rtpPortMin;
        rtpPortMax = rtpPortMax <= 0 ? 29_999 : rtpPortMax;
        services = services == null ? List.of() : List.copyOf(services);
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        promptDir = promptDir == null ? "ivr-scripts/prompts/en" : promptDir;
        holdMusic = holdMusic == null ? promptDir + "/hold-music.wav" : holdMusic;
        ringTimeout = ringTimeout == null ? Duration.ofSeconds(20) : ringTimeout;
        minExpires = minExpires == null ? Duration.ofSeconds(60) : minExpires;
        maxExpires = maxExpires == null ? Duration.ofHours(1) : maxExpires;
        requireRegisteredPhone = requireRegisteredPhone == null ? Boolean.TRUE : requireRegisteredPhone;
        limits = limits == null ? SipLimits.DEFAULTS : limits;
        trunks = trunks == null ? List.of() : List.copyOf(trunks);
        transactionTimeout = transactionTimeout == null ? Duration.ofSeconds(32) : transactionTimeout;
        mediaTimeout = mediaTimeout == null ? Duration.ofSeconds(60) : mediaTimeout;
    }

    /** The same SIP section with other door limits (tests, benchmarks). */
    public SipConfig withLimits(SipLimits newLimits) {
        return new SipConfig(host, port, transports, realm, rtpPortMin, rtpPortMax, services, accounts, promptDir,
                holdMusic, ringTimeout, recordingsDir, minExpires, maxExpires, recordCalls, requireRegisteredPhone,
                newLimits, trunks, transactionTimeout, mediaTimeout);
    }

    /** The same SIP section with other trunks (tests). */
    public SipConfig withTrunks(List<TrunkConfig> newTrunks) {
        return new SipConfig(host, port, transports, realm, rtpPortMin, rtpPortMax, services, accounts, promptDir,
                holdMusic, ringTimeout, recordingsDir, minExpires, maxExpires, recordCalls, requireRegisteredPhone,
                limits, newTrunks, transactionTimeout, mediaTimeout);
    }

    /** The same SIP section with agents needing a registered phone for calls, or not. */
    public SipConfig withRequireRegisteredPhone(boolean required) {
        return new SipConfig(host, port, transports, realm, rtpPortMin, rtpPortMax, services, accounts, promptDir,
                holdMusic, ringTimeout, recordingsDir, minExpires, maxExpires, recordCalls,
                required, limits, trunks, transactionTimeout, mediaTimeout);
    }

    /** The same SIP section with another transaction timeout (64*T1; tests of the timers it drives). */
    public SipConfig withTransactionTimeout(Duration timeout) {
        return new SipConfig(host, port, transports, realm, rtpPortMin, rtpPortMax, services, accounts, promptDir,
                holdMusic, ringTimeout, recordingsDir, minExpires, maxExpires, recordCalls, requireRegisteredPhone,
                limits, trunks, timeout, mediaTimeout);
    }

    /** The same SIP section with another media timeout (0: off; tests of calls whose audio stops). */
    public SipConfig withMediaTimeout(Duration timeout) {
        return new SipConfig(host, port, transports, realm, rtpPortMin, rtpPortMax, services, accounts, promptDir,
                holdMusic, ringTimeout, recordingsDir, minExpires, maxExpires, recordCalls, requireRegisteredPhone,
                limits, trunks, transactionTimeout, timeout);
    }

    /** The recordings directory, under the server's data directory unless set explicitly. */
    public String recordingsDir(String dataDir) {
        return recordingsDir != null ? recordingsDir : dataDir + "/recordings";
    }
}
