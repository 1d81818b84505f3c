package org.openucc.telephony;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Record the caller (voicemail).
 *
 * @param file       WAV file to write
 * @param maxLength  stop after this long
 * @param silenceEnd stop after this much silence (null: only on max length, '#' or hang-up)
 * @param beep       play a beep first
 */
public record RecordRequest(Path file, Duration maxLength, Duration silenceEnd, boolean beep) {
}
