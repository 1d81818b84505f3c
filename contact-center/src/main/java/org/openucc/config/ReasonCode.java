package org.openucc.config;

/** Why an agent is NOT_READY (break, lunch, training, "missed" after unanswered offers). */
public record ReasonCode(String code, String label) {
}
