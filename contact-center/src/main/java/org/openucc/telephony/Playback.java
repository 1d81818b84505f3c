package org.openucc.telephony;

import java.util.List;

/**
 * What to play: prompts in order, by name; the adapter's prompt catalog finds the audio.
 *
 * @param prompts    the prompts (the IVR picks the language and builds numbers from fragments)
 * @param loop       repeat until stopped (hold music)
 * @param bargeIn    a DTMF digit interrupts the playback (the digit stays buffered)
 */
public record Playback(List<Prompt> prompts, boolean loop, boolean bargeIn) {
    public Playback {
        prompts = List.copyOf(prompts);
    }

    public static Playback of(Prompt... prompts) {
        return new Playback(List.of(prompts), false, false);
    }

    public static Playback interruptible(List<Prompt> prompts) {
        return new Playback(prompts, false, true);
    }

    public static Playback looping(Prompt music) {
        return new Playback(List.of(music), true, false);
    }
}
