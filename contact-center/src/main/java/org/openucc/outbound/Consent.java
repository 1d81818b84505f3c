package org.openucc.outbound;

import java.time.Instant;

/**
 * The callee's recorded consent to be called: where it came from (a web form, a signed contract, a call
 * recording id) and when it was given.
 */
public record Consent(String source, Instant givenAt) {
}
