package org.openucc;

import org.openucc.config.ContactCenterConfig;
import org.openucc.config.IvrConfig;
import org.openucc.config.SipConfig;

/**
 * The shipped demo configuration adjusted for a test JVM, whose working directory is
 * {@code contact-center/}: SIP on a free port, prompts and flows read from the repository root.
 */
public final class TestConfigs {
    private TestConfigs() {
    }

    /** The demo's SIP section on a free port, its prompts found from {@code contact-center/}. */
    public static SipConfig sipOnFreePort(SipConfig s) {
        return new SipConfig(s.host(), 0, s.transports(), s.realm(), s.rtpPortMin(), s.rtpPortMax(),
                s.services(), s.accounts(), "../" + s.promptDir(), null, null, s.announceInterval(), s.ringTimeout(),
                null, s.minExpires(), s.maxExpires(), s.recordCalls());
    }

    /** The demo's IVR section with the repository's flows and prompts, not watched. */
    public static IvrConfig ivrFromRepository(IvrConfig i) {
        return new IvrConfig("../" + i.flowsPath(), "../" + i.promptsPath(), i.languages(), i.defaultLanguage(),
                i.holdMusic(), i.timeZone(), i.voicemailDir(), false);
    }

    /** Both of the above. */
    public static ContactCenterConfig runnableFromTests(ContactCenterConfig c) {
        return c.withSip(sipOnFreePort(c.sip())).withIvr(ivrFromRepository(c.ivr()));
    }
}
