package org.openucc.channels;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.openucc.api.TestServer;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.SipConfig;

/**
 * The demo server for the web-channel tests: SIP on a free port (never 5060, which parallel test runs
 * share) with the prompts of the repository root (tests run in contact-center/), recording off.
 */
public final class ChannelsTestServer {
    private ChannelsTestServer() {
    }

    public static TestServer start(Path dataDir) throws Exception {
        return start(dataDir, UnaryOperator.identity());
    }

    public static TestServer start(Path dataDir, UnaryOperator<ContactCenterConfig> change) throws Exception {
        return TestServer.start(dataDir, c -> change.apply(c.withSip(forTests(c.sip()))));
    }

    static SipConfig forTests(SipConfig s) {
        return new SipConfig("127.0.0.1", 0, s.transports(), s.realm(), s.rtpPortMin(), s.rtpPortMax(), s.services(),
                s.accounts(), "../ivr-scripts/prompts/en", null, null, s.announceInterval(), s.ringTimeout(),
                s.recordingsDir(), s.minExpires(), s.maxExpires(), false);
    }
}
