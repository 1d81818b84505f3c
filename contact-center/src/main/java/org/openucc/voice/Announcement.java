package org.openucc.voice;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds "you are number N in the queue; your estimated waiting time is M minutes" from prompt fragments. */
final class Announcement {
    private Announcement() {
    }

    static List<Path> positionAndWait(Path dir, int position, long estimatedWaitMillis) {
        List<Path> parts = new ArrayList<>();
        if (position > 0) {
            parts.add(dir.resolve("you-are-number.wav"));
            parts.addAll(number(dir, position));
            parts.add(dir.resolve("in-the-queue.wav"));
        }
        if (estimatedWaitMillis > 0) {
            parts.add(dir.resolve("estimated-wait.wav"));
            long minutes = Math.round(estimatedWaitMillis / 60_000.0);
            if (minutes < 1) {
                parts.add(dir.resolve("less-than-a-minute.wav"));
            } else {
                parts.addAll(number(dir, minutes));
                parts.add(dir.resolve("minutes.wav"));
            }
        }
        return parts;
    }

    /** Digit by digit ("one two" for 12): short fragments that work in every language we ship. */
    static List<Path> number(Path dir, long n) {
        List<Path> out = new ArrayList<>();
        for (char c : Long.toString(n).toCharArray()) {
            out.add(dir.resolve(c + ".wav"));
        }
        return out;
    }
}
