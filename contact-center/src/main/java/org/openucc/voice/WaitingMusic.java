package org.openucc.voice;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openucc.routing.RoutingService;
import org.openucc.telephony.Playback;

/**
 * What a caller of a direct service number hears while waiting (an IVR flow plays its own): the
 * greeting once answered, then hold music, interrupted every {@code announceInterval} by their
 * position and estimated wait. Runs on the voice flow's thread ({@code owner}).
 */
final class WaitingMusic {
    private final QueueFlowSettings settings;
    private final RoutingService routing;
    private final ScheduledExecutorService timers;
    private final Executor owner;

    WaitingMusic(QueueFlowSettings settings, RoutingService routing, ScheduledExecutorService timers, Executor owner) {
        this.settings = settings;
        this.routing = routing;
        this.timers = timers;
        this.owner = owner;
    }

    /** Answers, plays the greeting, then music and announcements. */
    void greetThenWait(QueuedCall qc) {
        qc.caller.answer().whenComplete((v, err) -> owner.execute(() -> {
            if (err == null && qc.stage == QueuedCall.Stage.WAITING) {
                qc.caller.play(Playback.of(settings.greeting())).whenComplete((r, e2) -> owner.execute(() ->
                        waitWithMusic(qc)));
            }
        }));
    }

    void waitWithMusic(QueuedCall qc) {
        startMusic(qc);
        scheduleAnnouncement(qc);
    }

    private boolean waiting(QueuedCall qc) {
        return qc.stage == QueuedCall.Stage.WAITING && qc.front == QueuedCall.Front.DIRECT;
    }

    private void startMusic(QueuedCall qc) {
        if (waiting(qc) && !qc.musicOn) {
            qc.musicOn = true;
            qc.caller.play(Playback.looping(settings.holdMusic()))
                    .whenComplete((r, e) -> owner.execute(() -> qc.musicOn = false));
        }
    }

    private void scheduleAnnouncement(QueuedCall qc) {
        long every = settings.announceInterval().toMillis();
        if (every <= 0 || !waiting(qc)) {
            return;
        }
        qc.announcer = timers.schedule(() -> announce(qc), every, TimeUnit.MILLISECONDS);
    }

    /** On the owner (its timer is the owner's scheduler). */
    private void announce(QueuedCall qc) {
        if (!waiting(qc)) {
            return;
        }
        routing.call(e -> e.interactionView(qc.interactionId)).whenComplete((view, err) -> owner.execute(() -> {
            if (err != null || view.isEmpty() || !waiting(qc)) {
                return;
            }
            List<Path> parts = Announcement.positionAndWait(settings.promptDir(), view.get().position(),
                    view.get().estimatedWaitMillis());
            if (parts.isEmpty()) {
                scheduleAnnouncement(qc);
                return;
            }
            qc.caller.play(new Playback(parts, false, false)).whenComplete((r, e2) -> owner.execute(() -> {
                startMusic(qc);
                scheduleAnnouncement(qc);
            }));
        }));
    }
}
