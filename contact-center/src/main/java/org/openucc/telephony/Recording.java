package org.openucc.telephony;

import java.nio.file.Path;

/** A finished recording. */
public record Recording(Path file, long durationMillis) {
}
