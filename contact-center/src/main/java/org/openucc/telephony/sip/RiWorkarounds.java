package org.openucc.telephony.sip;

import gov.nist.javax.sip.stack.SIPDialog;
import java.lang.reflect.Method;
import javax.sip.Dialog;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around a race in the jain-sip RI: when the 200 OK to an INVITE is sent from an application
 * thread and the caller's ACK arrives (on a stack thread) before the RI has finished its dialog
 * bookkeeping, the RI hands us the ACK but never marks it seen, and keeps resending the 200 OK
 * every T1 until the caller's retransmitted ACK lands (RFC 3261 §13.3.1.4 says stop at the first
 * ACK). We see the ACK on the call's owner, after the send has returned, and record it then.
 */
final class RiWorkarounds {
    private static final Logger log = LoggerFactory.getLogger(RiWorkarounds.class);
    private static final Method ACK_RECEIVED = find();

    private RiWorkarounds() {
    }

    static void ackSeen(Dialog dialog, Request ack) {
        if (ACK_RECEIVED == null || !(dialog instanceof SIPDialog d) || d.isAckSeen()) {
            return;
        }
        try {
            ACK_RECEIVED.invoke(d, ((CSeqHeader) ack.getHeader(CSeqHeader.NAME)).getSeqNumber());
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("could not mark the ACK seen: {}", e.toString());
        }
    }

    private static Method find() {
        try {
            Method m = SIPDialog.class.getDeclaredMethod("ackReceived", long.class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("jain-sip SIPDialog.ackReceived not found; 200 OKs may be resent once after a fast ACK");
            return null;
        }
    }
}
