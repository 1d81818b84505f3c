package org.openucc.ivr;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openucc.ivr.runtime.IvrJournal;
import org.openucc.ivr.runtime.IvrOutcome;
import org.openucc.routing.NewInteraction;
import org.openucc.telephony.CallInfo;

/** The journal as lines the tests read: {@code step main:welcome play}, {@code input main:main-menu 1 accepted}. */
final class RecordingJournal implements IvrJournal {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void started(String interactionId, CallInfo call, String flow, long flowsVersion) {
        lines.add("started " + flow + " v" + flowsVersion);
    }

    @Override
    public void step(String interactionId, String flow, String node, String type) {
        lines.add("step " + flow + ":" + node + " " + type);
    }

    @Override
    public void input(String interactionId, String flow, String node, String digits, String result) {
        lines.add("input " + flow + ":" + node + " " + digits + " " + result);
    }

    @Override
    public void identified(String interactionId, String customerId, String by) {
        lines.add("identified " + customerId + " by " + by);
    }

    @Override
    public void created(NewInteraction interaction, String origin) {
        lines.add("created " + interaction.id() + " " + interaction.channel() + " " + origin);
    }

    @Override
    public void recording(String interactionId, String path, long durationMillis) {
        lines.add("recording " + interactionId);
    }

    @Override
    public void finished(String interactionId, IvrOutcome outcome) {
        lines.add("finished " + outcome.kind());
    }

    List<String> steps() {
        return lines.stream().filter(l -> l.startsWith("step ")).map(l -> l.split(" ")[1]).toList();
    }
}
