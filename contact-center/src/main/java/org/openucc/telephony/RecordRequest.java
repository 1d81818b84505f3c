package org.openucc.telephony;

import java.time.Duration;

/**
 * Record the caller (voicemail).
 *
 * @param recording  what to call the recording; the adapter decides where it goes
 * @param maxLength  stop after this long
 * @param silenceEnd stop after this much silence (null: only on max length, '#' or hang-up)
 * @param beep       play a beep first
 */
public record RecordRequest(RecordingHandle recording, Duration maxLength, Duration silenceEnd, boolean beep) {
}
