package org.openucc.voice;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openucc.telephony.Prompt;

/** Builds "you are number N in the queue; your estimated waiting time is M minutes" from prompt fragments. */
final class Announcement {
    private Announcement() {
    }

    static List<Prompt> positionAndWait(Path dir, int position, long estimatedWaitMillis) {
        List<Prompt> parts = new ArrayList<>();
        if (position > 0) {
            parts.add(file(dir, "you-are-number.wav"));
            parts.addAll(number(dir, position));
            parts.add(file(dir, "in-the-queue.wav"));
        }
        if (estimatedWaitMillis > 0) {
            parts.add(file(dir, "estimated-wait.wav"));
            long minutes = Math.round(estimatedWaitMillis / 60_000.0);
            if (minutes < 1) {
                parts.add(file(dir, "less-than-a-minute.wav"));
            } else {
                parts.addAll(number(dir, minutes));
                parts.add(file(dir, "minutes.wav"));
            }
        }
        return parts;
    }

    /** Digit by digit ("one two" for 12): short fragments that work in every language we ship. */
    static List<Prompt> number(Path dir, long n) {
        List<Prompt> out = new ArrayList<>();
        for (char c : Long.toString(n).toCharArray()) {
            out.add(file(dir, c + ".wav"));
        }
        return out;
    }

    /** A configured file (sip.promptDir), played through the prompt catalog's file escape hatch. */
    static Prompt file(Path dir, String name) {
        return Prompt.file(dir.resolve(name).toString());
    }
}
