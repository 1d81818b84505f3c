package org.openucc.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openucc.auth.Caller;
import org.openucc.config.Role;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;

/** Who may play a recording, what counts as a playback, and when the daily purge runs next. */
class RecordingRulesTest {
    private static final Instant T = Instant.parse("2026-03-28T12:00:00Z");

    private static LogEvent event(long id, LogEventType type, String agentId) {
        return new LogEvent(id, T, type, "int-1", agentId, null, null, null, Map.of());
    }

    @Test
    void supervisorsPlayAnyAgentsOnlyWhatTheyAcceptedOrWereConnectedTo() {
        List<LogEvent> timeline = List.of(event(1, LogEventType.OFFERED, "carol"),
                event(2, LogEventType.OFFER_DECLINED, "carol"), event(3, LogEventType.OFFERED, "bob"),
                event(4, LogEventType.OFFER_ACCEPTED, "bob"), event(5, LogEventType.CONNECTED, "bob"));
        assertThat(RecordingAccess.mayPlay(new Caller("bob", Role.AGENT, "bob"), timeline)).isTrue();
        assertThat(RecordingAccess.mayPlay(new Caller("carol", Role.AGENT, "carol"), timeline))
                .as("offered and declined is not handled").isFalse();
        assertThat(RecordingAccess.mayPlay(new Caller("alice", Role.AGENT, "alice"), timeline)).isFalse();
        assertThat(RecordingAccess.mayPlay(new Caller("boss", Role.SUPERVISOR, null), timeline)).isTrue();
        assertThat(RecordingAccess.mayPlay(new Caller("root", Role.ADMIN, null), List.of())).isTrue();
        assertThat(RecordingAccess.mayPlay(new Caller("nobody", Role.AGENT, null), timeline)).isFalse();
    }

    @Test
    void aPlaybackIsARequestFromTheFirstByte() {
        assertThat(RecordingPlayback.startsPlayback(0)).isTrue();
        assertThat(RecordingPlayback.startsPlayback(44)).isFalse();
    }

    @Test
    void thePurgeRunsAtItsLocalTimeTodayOrTomorrowAcrossDaylightSavingChanges() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // 12:00 UTC on Saturday 28 March is 13:00 in Berlin: today's 03:00 is past, tomorrow's comes after the
        // clocks go forward (03:00 CEST = 01:00 UTC on Sunday 29 March): 13 hours, not 14.
        assertThat(RecordingPurge.untilNext(T, LocalTime.of(3, 0), berlin)).isEqualTo(Duration.ofHours(13));
        assertThat(RecordingPurge.untilNext(T, LocalTime.of(14, 0), berlin)).isEqualTo(Duration.ofHours(1));
        assertThat(RecordingPurge.untilNext(Instant.parse("2026-03-28T02:00:00Z"), LocalTime.of(3, 0), berlin))
                .as("exactly at the time: the next day's").isEqualTo(Duration.ofHours(23));
    }
}
