package org.openucc.telephony;

import java.nio.file.Path;
import java.util.List;

/**
 * What to play: 8 kHz WAV files in order.
 *
 * @param prompts    the files (the IVR resolves language and builds numbers from fragments)
 * @param loop       repeat until stopped (hold music)
 * @param bargeIn    a DTMF digit interrupts the playback (the digit stays buffered)
 */
public record Playback(List<Path> prompts, boolean loop, boolean bargeIn) {
    public Playback {
        prompts = List.copyOf(prompts);
    }

    public static Playback of(Path... prompts) {
        return new Playback(List.of(prompts), false, false);
    }

    public static Playback interruptible(List<Path> prompts) {
        return new Playback(prompts, false, true);
    }

    public static Playback looping(Path music) {
        return new Playback(List.of(music), true, false);
    }
}
