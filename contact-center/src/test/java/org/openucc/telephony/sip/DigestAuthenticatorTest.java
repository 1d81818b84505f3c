package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DigestAuthenticatorTest {
    final DigestAuthenticator auth = new DigestAuthenticator("openucc",
            SipCredentials.of(List.of(SipCredentials.account("ann", "201", "openucc", "pw"))));

    @Test
    void storesOnlyTheHa1AndAcceptsTheRightResponseWithQopAuth() {
        assertThat(SipCredentials.ha1("201", "openucc", "pw")).hasSize(32).doesNotContain("pw");
        String nonce = nonce();
        String ha1 = SipCredentials.ha1("201", "openucc", "pw");
        String ha2 = SipCredentials.md5Hex("REGISTER:sip:127.0.0.1");
        String response = SipCredentials.md5Hex(ha1 + ":" + nonce + ":00000001:abc:auth:" + ha2);
        var ok = auth.verify("REGISTER", new DigestAuthenticator.Answer("201", "openucc", nonce, "sip:127.0.0.1",
                response, "auth", "00000001", "abc", "MD5"));
        assertThat(ok).isInstanceOfSatisfying(DigestAuthenticator.Outcome.Accepted.class,
                a -> assertThat(a.credential().agentId()).isEqualTo("ann"));
    }

    @Test
    void refusesWrongPasswordsForeignNoncesAndUnknownUsers() {
        String nonce = nonce();
        String ha2 = SipCredentials.md5Hex("REGISTER:sip:127.0.0.1");
        String wrong = SipCredentials.md5Hex(SipCredentials.ha1("201", "openucc", "guess") + ":" + nonce + ":" + ha2);
        assertThat(auth.verify("REGISTER", new DigestAuthenticator.Answer("201", "openucc", nonce, "sip:127.0.0.1", wrong,
                null, null, null, null))).isEqualTo(new DigestAuthenticator.Outcome.Rejected("wrong password"));
        String forged = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        String right = SipCredentials.md5Hex(SipCredentials.ha1("201", "openucc", "pw") + ":" + forged + ":" + ha2);
        assertThat(auth.verify("REGISTER", new DigestAuthenticator.Answer("201", "openucc", forged, "sip:127.0.0.1", right,
                null, null, null, null))).isEqualTo(new DigestAuthenticator.Outcome.Rejected("nonce not issued by us"));
        assertThat(auth.verify("REGISTER", new DigestAuthenticator.Answer("999", "openucc", nonce, "sip:127.0.0.1", right,
                null, null, null, null))).isEqualTo(new DigestAuthenticator.Outcome.Rejected("unknown user"));
    }

    private String nonce() {
        Matcher m = Pattern.compile("nonce=\"([^\"]+)\"").matcher(auth.challenge(false));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
