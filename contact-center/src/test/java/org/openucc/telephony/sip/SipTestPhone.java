package org.openucc.telephony.sip;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A public handle on the in-process jain-sip {@link TestPhone} for harnesses outside this package
 * (the crash test in {@code org.openucc.crash}): an agent's phone that registers and answers what
 * rings, a caller that dials a service number, a customer's phone that answers callbacks.
 */
public final class SipTestPhone implements AutoCloseable {
    private final TestPhone phone;

    private SipTestPhone(TestPhone phone) {
        this.phone = phone;
    }

    /** A phone on a free loopback port that talks to the server's SIP port (0 for a phone that only answers). */
    public static SipTestPhone open(String user, int serverSipPort) throws Exception {
        return new SipTestPhone(new TestPhone(user, "127.0.0.1", serverSipPort));
    }

    /** The phone's own SIP port (UDP, 127.0.0.1). */
    public int port() {
        return phone.port;
    }

    /** REGISTER with digest auth; the final status (200 when registered). */
    public int register(String password, int expiresSeconds) throws Exception {
        return phone.register(password, expiresSeconds).getStatusCode();
    }

    /** Calls {@code number} as caller {@code fromUser}; completes with the final status of the INVITE. */
    public CompletableFuture<Integer> call(String number, String fromUser) throws Exception {
        return phone.call(number, fromUser).finalStatus;
    }

    /** How many calls rang this phone (it answers every one). */
    public int incomingCalls() {
        return phone.incoming.size();
    }

    /** Hangs up every call of this phone that is still up (BYE), without waiting for the answers. */
    public void hangUpAll() {
        for (TestPhone.Call c : phone.calls.values()) {
            if (c.dialog != null && c.finalStatus.getNow(0) == 200 && !c.bye.isDone()) {
                try {
                    c.bye().get(2, TimeUnit.SECONDS);
                } catch (Exception gone) {
                    // The server may be gone (the point of the crash test): nothing to hang up then.
                }
            }
        }
    }

    /** The RFC 4733 events (0-9, 10 = *, 11 = #, 12-15 = A-D) each call that rang this phone received, in order. */
    public java.util.List<Integer> dtmfEvents() {
        java.util.List<Integer> all = new java.util.ArrayList<>();
        for (TestPhone.Call c : phone.incoming) {
            if (!c.remoteSdps.isEmpty()) {
                all.addAll(DialOutSipTest.events(c, c.dtmfPayloadType()));
            }
        }
        return all;
    }

    /** How many calls that rang this phone were hung up by the other side (BYE received). */
    public long callsEnded() {
        return phone.incoming.stream().filter(c -> c.bye.isDone()).count();
    }

    /** How many of this phone's calls, placed or received, the other side hung up (BYE received). */
    public long callsHungUpByPeer() {
        return phone.calls.values().stream().filter(c -> c.bye.isDone()).count();
    }

    /**
     * The port of the server that sent the first INVITE that rang this phone (its top Via's sent-by), waiting up to
     * {@code seconds} for one: which node of a cluster rang it.
     */
    public int firstRingSentByPort(int seconds) throws Exception {
        TestPhone.Call c = phone.firstIncoming.get(seconds, TimeUnit.SECONDS);
        return ((javax.sip.header.ViaHeader) c.invite.getHeader(javax.sip.header.ViaHeader.NAME)).getPort();
    }

    /** Plays a tone (RTP) on every call of this phone whose far end's media is known. */
    public void startTone(double hz) {
        for (TestPhone.Call c : phone.calls.values()) {
            if (!c.remoteSdps.isEmpty()) {
                c.rtp.startTone(hz);
            }
        }
    }

    /** Audio packets louder than {@code level} that this phone's calls received. */
    public long loudAudioPackets(double level) {
        return phone.calls.values().stream().flatMap(c -> c.rtp.audio().stream()).filter(p -> p.level() > level).count();
    }

    @Override
    public void close() {
        phone.close();
    }
}
