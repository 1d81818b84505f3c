package org.openucc.telephony.sip;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.openucc.config.ServiceNumber;
import org.openucc.config.SipAccount;
import org.openucc.config.SipConfig;
import org.openucc.telephony.media.RecordingFiles;

/**
 * The built-in telephony of one node, for tests outside this package that share its registrations: agents' phones
 * authenticate as the agent's id with password {@code secret-<id>} (realm {@value SipRig#REALM}).
 */
public final class SipNode {
    private SipNode() {
    }

    /** Started on a free loopback port, its registrations shared through {@code shared}. */
    public static SipTelephony start(SipBindings shared, List<String> agents) throws Exception {
        Path dir = Files.createTempDirectory("openucc-sip-node");
        List<SipAccount> accounts = agents.stream()
                .map(a -> SipCredentials.account(a, a, SipRig.REALM, "secret-" + a)).toList();
        SipConfig config = new SipConfig("127.0.0.1", 0, Set.of("udp"), SipRig.REALM, 46_000, 46_999,
                List.of(new ServiceNumber(SipRig.NUMBER, "support", null)), accounts, SipRig.promptDir().toString(),
                null, Duration.ofSeconds(5), dir.resolve("recordings").toString(), Duration.ofSeconds(1),
                Duration.ofHours(1), false);
        SipTelephony telephony = new SipTelephony(config, SipCredentials.of(accounts), SipRig.promptFiles(),
                new RecordingFiles(dir.resolve("recordings"), dir.resolve("voicemail")));
        telephony.shareRegistrations(shared);
        telephony.start();
        return telephony;
    }
}
