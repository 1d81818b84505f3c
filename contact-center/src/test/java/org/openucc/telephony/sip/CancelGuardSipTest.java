package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openucc.telephony.CallEndedException;
import org.openucc.telephony.DialRequest;
import org.openucc.telephony.EndCause;
import org.openucc.telephony.OutboundCall;

/**
 * An outbound leg we cancel ends even when the callee never sends the INVITE's final response (487):
 * before, the leg stayed CANCELLING for ever (an INVITE client transaction that saw a 180 has no timeout),
 * so a campaign's attempt never ended, its record stayed DIALING and no DIAL_ATTEMPT was logged (seen in
 * the real-SIP campaign benchmark when sipp aborted calls on a CANCEL it did not expect).
 */
class CancelGuardSipTest {
    /** sip.transactionTimeout (64*T1; 32 s by default): short here, the guard's behaviour is the same. */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(2);
    private TelephonyRig rig;
    private Sipp callee;

    @BeforeEach
    void start() throws Exception {
        rig = new TelephonyRig(TRANSACTION_TIMEOUT);
    }

    @AfterEach
    void stop() {
        if (callee != null) {
            callee.close();
        }
        rig.close();
    }

    @Test
    void aCancelledCallWhoseCalleeNeverSends487EndsAfter64T1TheTransactionTimeout() throws Exception {
        int port = Sipp.freeUdpPort();
        callee = Sipp.start(rig.dir, "callee-no-487", "-sf", Sipp.scenario("callee-no-487.xml").toString(), "-i",
                "127.0.0.1", "-p", String.valueOf(port), "-m", "1", "-timeout", "60s");
        // Rings for 2 s, then our ring timer CANCELs; the callee answers the CANCEL, never the INVITE.
        OutboundCall out = rig.telephony.dial(new DialRequest("sip:customer@127.0.0.1:" + port, "5550100",
                Duration.ofSeconds(2)));
        Throwable err = catchThrowable(() -> out.answered().toCompletableFuture()
                .get(TRANSACTION_TIMEOUT.toMillis() + 15_000, TimeUnit.MILLISECONDS));
        assertThat(err).as("the leg must end, not wait for ever for a 487").isInstanceOf(ExecutionException.class);
        assertThat(err.getCause()).isInstanceOf(CallEndedException.class);
        CallEndedException ended = (CallEndedException) err.getCause();
        assertThat(ended.endCause()).isEqualTo(EndCause.NO_ANSWER);
        assertThat(ended.getMessage()).contains("no final response to the INVITE 2 s after the CANCEL");
        assertThat(callee.output()).as("the callee got our CANCEL").doesNotContain("Aborting");
    }
}
