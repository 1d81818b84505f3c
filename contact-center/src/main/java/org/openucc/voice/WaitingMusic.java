package org.openucc.voice;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openucc.telephony.Playback;
import org.openucc.telephony.Prompt;

/**
 * What a caller of a direct service number hears while waiting (an IVR flow plays its own): the
 * greeting once answered, then hold music, interrupted every {@code announceInterval} by their
 * position and estimated wait. Every step runs on the call's owner; timers only post to it.
 */
final class WaitingMusic {
    private final QueueFlowSettings settings;
    private final VoiceAcd acd;
    private final ScheduledExecutorService timers;

    WaitingMusic(QueueFlowSettings settings, VoiceAcd acd, ScheduledExecutorService timers) {
        this.settings = settings;
        this.acd = acd;
        this.timers = timers;
    }

    /** Answers, plays the greeting, then music and announcements. */
    void greetThenWait(VoiceCall c) {
        c.customer.answer().whenComplete((v, err) -> c.execute(() -> {
            if (err == null && c.stage() != CallStage.ENDED && !c.stage().talking()) {
                c.customer.play(Playback.of(Prompt.file(settings.greeting().toString()))).whenComplete((r, e2) -> c.execute(() ->
                        waitWithMusic(c)));
            }
        }));
    }

    void waitWithMusic(VoiceCall c) {
        startMusic(c);
        scheduleAnnouncement(c);
    }

    private void startMusic(VoiceCall c) {
        if (c.waitingWithMusic() && !c.musicOn) {
            c.musicOn = true;
            c.customer.play(Playback.looping(Prompt.file(settings.holdMusic().toString())))
                    .whenComplete((r, e) -> c.execute(() -> c.musicOn = false));
        }
    }

    private void scheduleAnnouncement(VoiceCall c) {
        long every = settings.announceInterval().toMillis();
        if (every <= 0 || !c.waitingWithMusic()) {
            return;
        }
        if (c.announcer != null) {
            c.announcer.cancel(false);
        }
        try {
            c.announcer = timers.schedule(() -> c.execute(() -> announce(c)), every, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            c.announcer = null;
        }
    }

    private void announce(VoiceCall c) {
        if (!c.waitingWithMusic()) {
            return;
        }
        acd.view(c.interactionId).whenComplete((view, err) -> c.execute(() -> {
            if (err != null || view.isEmpty() || !c.waitingWithMusic()) {
                return;
            }
            List<Prompt> parts = Announcement.positionAndWait(settings.promptDir(), view.get().position(),
                    view.get().estimatedWaitMillis());
            if (parts.isEmpty()) {
                scheduleAnnouncement(c);
                return;
            }
            c.customer.play(new Playback(parts, false, false)).whenComplete((r, e2) -> c.execute(() -> {
                startMusic(c);
                scheduleAnnouncement(c);
            }));
        }));
    }
}
