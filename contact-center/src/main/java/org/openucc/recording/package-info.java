/**
 * Call recordings after they are made: who may play one (supervisors any, an agent those of interactions they
 * handled), the audit of every playback in the interaction log, and the daily purge past the retention period.
 * The recordings themselves are made by the telephony adapters and indexed in the log (RECORDING_AVAILABLE);
 * this package knows them only from there. No HTTP here: the {@code api} package serves the bytes.
 */
package org.openucc.recording;
