package org.openucc;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openucc.config.BusinessHoursConfig;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.IvrConfig;
import org.openucc.config.SipConfig;
import org.openucc.config.TimeRange;

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
                s.services(), s.accounts(), "../" + s.promptDir(), null, s.ringTimeout(),
                null, s.minExpires(), s.maxExpires(), s.recordCalls(), s.requireRegisteredPhone(), s.limits());
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

    /**
     * The config with every calendar open around the clock, no holidays: queues with business hours
     * take work whenever a test runs. Tests of closed hours set their own calendars.
     */
    public static ContactCenterConfig alwaysOpen(ContactCenterConfig c) {
        Map<DayOfWeek, List<TimeRange>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            week.put(d, List.of(new TimeRange(LocalTime.MIN, LocalTime.MAX)));
        }
        return withCalendars(c, c.businessHours().stream()
                .map(b -> new BusinessHoursConfig(b.id(), b.timeZone(), week, Set.of())).toList());
    }

    /** The config with these business-hours calendars instead of its own. */
    public static ContactCenterConfig withCalendars(ContactCenterConfig c, List<BusinessHoursConfig> calendars) {
        return new ContactCenterConfig(c.server(), c.routing(), c.skills(), c.queues(), c.agents(), c.reasonCodes(),
                c.dispositions(), calendars, c.store(), c.sip(), c.users(), c.api(), c.ivr(), c.channels(), c.metrics(),
                c.asterisk(), c.reports(), c.recordings());
    }
}
