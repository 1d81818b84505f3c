package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openucc.config.BusinessHoursConfig;
import org.openucc.config.ClosedAction;
import org.openucc.config.QueueConfig;
import org.openucc.config.TimeRange;
import org.openucc.interaction.Channel;
import org.openucc.routing.RoutingEvent.InteractionQueued;
import org.openucc.routing.RoutingEvent.InteractionRejected;

/** A queue's business hours apply at arrival, on every channel, in the calendar's own time zone. */
class BusinessHoursTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** Monday 2026-12-07, 03:00 in Berlin (02:00 UTC): the office is closed. */
    private static final ZonedDateTime MONDAY_3AM = ZonedDateTime.of(2026, 12, 7, 3, 0, 0, 0, BERLIN);
    private static final BusinessHoursConfig OFFICE = new BusinessHoursConfig("office", BERLIN,
            Map.of(DayOfWeek.MONDAY, List.of(new TimeRange(LocalTime.of(8, 0), LocalTime.of(20, 0))),
                    DayOfWeek.THURSDAY, List.of(new TimeRange(LocalTime.of(8, 0), LocalTime.of(20, 0)))),
            Set.of(LocalDate.of(2026, 12, 24)));

    private final EngineHarness h = harnessAt(MONDAY_3AM);

    private static EngineHarness harnessAt(ZonedDateTime at) {
        EngineHarness h = new EngineHarness();
        h.clock.advanceMillis(at.toInstant().toEpochMilli() - h.clock.millis());
        h.engine.upsertCalendar(OFFICE);
        return h;
    }

    private static QueueConfig queue(String id, ClosedAction whenClosed, String closedQueue) {
        return QueueConfig.of(id, Set.of(Channel.VOICE, Channel.CHAT, Channel.EMAIL, Channel.CALLBACK), Map.of("s", 1))
                .withBusinessHours("office", whenClosed, closedQueue);
    }

    @Test
    void callsAndChatsArrivingAt3amAreRejectedAsClosedWithTheCalendarNamed() {
        h.queue(queue("support", null, null)).readyAgent("ann", Map.of("s", 5));

        for (Channel channel : List.of(Channel.VOICE, Channel.CHAT, Channel.EMAIL, Channel.CALLBACK)) {
            var refusal = h.engine.addInteraction(NewInteraction.of("i-" + channel, channel, "support"));
            assertThat(refusal).as(channel.name()).get().extracting(InteractionRejected::reason)
                    .isEqualTo("closed: outside business hours of office");
        }
        assertThat(h.of(InteractionRejected.class)).hasSize(4)
                .allSatisfy(r -> assertThat(r.reason()).isEqualTo("closed: outside business hours of office"));
        assertThat(h.offers()).isEmpty();
        assertThat(h.of(InteractionQueued.class)).isEmpty();
        assertThat(h.engine.interactionView("i-CHAT")).isEmpty();
        assertThat(h.engine.queueView("support").rejected()).isEqualTo(4);
    }

    @Test
    void atOpeningTimeTheSameQueueTakesTheCallAndAnAgentGetsIt() {
        h.queue(queue("support", null, null)).readyAgent("ann", Map.of("s", 5));
        h.call("night", "support");
        h.advance(Duration.ofHours(5)); // 08:00 Berlin: open

        assertThat(h.engine.addInteraction(NewInteraction.of("morning", Channel.VOICE, "support"))).isEmpty();
        assertThat(h.offeredTo("morning")).isEqualTo("ann");
    }

    @Test
    void theCalendarsTimeZoneAndHolidaysDecideNotTheServers() {
        // 07:30 UTC on a Monday is 08:30 in Berlin: open, although 07:30 would be closed in UTC.
        EngineHarness monday = harnessAt(ZonedDateTime.of(2026, 12, 7, 7, 30, 0, 0, ZoneId.of("UTC")));
        monday.queue(queue("support", null, null));
        assertThat(monday.engine.addInteraction(NewInteraction.of("c1", Channel.VOICE, "support"))).isEmpty();

        // Thursday 2026-12-24 at noon: an opening day, but a holiday.
        EngineHarness christmasEve = harnessAt(ZonedDateTime.of(2026, 12, 24, 12, 0, 0, 0, BERLIN));
        christmasEve.queue(queue("support", null, null));
        assertThat(christmasEve.engine.addInteraction(NewInteraction.of("c2", Channel.VOICE, "support"))).isPresent();
    }

    @Test
    void whenClosedQueueLetsTheInteractionWaitForTheMorning() {
        h.queue(queue("email", ClosedAction.QUEUE, null));

        assertThat(h.engine.addInteraction(NewInteraction.of("mail", Channel.EMAIL, "email"))).isEmpty();
        assertThat(h.engine.interactionView("mail").orElseThrow().position()).isEqualTo(1);
    }

    @Test
    void whenClosedOverflowSendsTheArrivalToTheOtherQueue() {
        h.queue(QueueConfig.of("night-desk", Set.of(Channel.VOICE), Map.of("night", 1)))
                .queue(queue("support", ClosedAction.OVERFLOW, "night-desk"))
                .readyAgent("nora", Map.of("night", 3));

        assertThat(h.engine.addInteraction(NewInteraction.of("call", Channel.VOICE, "support"))).isEmpty();
        assertThat(h.lastOffer().queueId()).isEqualTo("night-desk");
        assertThat(h.offeredTo("call")).isEqualTo("nora");

        // A channel the other queue does not take is refused, and says why.
        assertThat(h.engine.addInteraction(NewInteraction.of("chat", Channel.CHAT, "support"))).get()
                .extracting(InteractionRejected::reason).isEqualTo(
                        "closed: outside business hours of office (queue night-desk does not take CHAT)");
    }

    @Test
    void aQueueWithoutBusinessHoursIsAlwaysOpen() {
        h.queue(QueueConfig.of("hotline", Set.of(Channel.VOICE), Map.of()));
        assertThat(h.engine.addInteraction(NewInteraction.of("call", Channel.VOICE, "hotline"))).isEmpty();
    }
}
