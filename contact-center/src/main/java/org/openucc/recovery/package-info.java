/**
 * Recovery after a restart (or on a standby node taking over): {@link org.openucc.recovery.RecoveryPlan}
 * is a pure function of the interaction log that says what must come back into the ACD and what must be
 * closed; {@link org.openucc.recovery.RecoveryComponent} reads the log, carries the plan out at start-up
 * through the routing port and reports it in {@code /health}.
 */
package org.openucc.recovery;
