package org.openucc.telephony.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.ServerResponseInterface;
import java.util.Properties;
import javax.sip.PeerUnavailableException;

/**
 * The jain-sip RI's stack, except for one thing: a response whose branch is an RFC 3261 one (magic cookie
 * {@code z9hG4bK}) and that no client transaction has under that branch goes straight to the dialog layer,
 * as the RI sends it after its search. The RI first compares it with every client transaction in its table
 * (SIPTransactionStack.newSIPServerResponse: a linear scan, lower-casing two strings per transaction), which
 * for such a branch cannot match: a client transaction matches an RFC 3261 response only by that branch and
 * the CSeq method (RFC 3261 §17.1.3), and that is its key in the table. Such responses are the
 * retransmissions of a 200 OK whose INVITE transaction has ended (§13.2.2.4) and late responses; under
 * overload they multiply (every peer retransmits) while the table holds thousands of transactions, and the
 * scan was 12 % of the server's CPU in a profile at 100 calls/s on a starved machine
 * (benchmarks/SIP-LOAD.md, 2026-12-07): the slower the server, the more it had to scan.
 */
final class ResponseMatchingStack extends SipStackImpl {
    private static final String COOKIE = "z9hg4bk"; // SIPConstants.BRANCH_MAGIC_COOKIE_LOWER_CASE

    ResponseMatchingStack(Properties properties) throws PeerUnavailableException {
        super(properties);
    }

    @Override
    public ServerResponseInterface newSIPServerResponse(SIPResponse response, MessageChannel channel) {
        String key = response.getTransactionId();
        if (key == null || !key.regionMatches(true, 0, COOKIE, 0, COOKIE.length()) || findTransaction(key, false) != null) {
            return super.newSIPServerResponse(response, channel); // found (or a pre-RFC 3261 branch): the RI's way
        }
        SIPMessageValve valve = sipMessageValve;
        if (valve != null && !valve.processResponse(response, channel)) {
            return null;
        }
        return sipMessageFactory.newSIPServerResponse(response, channel);
    }
}
