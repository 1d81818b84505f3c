/**
 * Outbound campaigns as data: a {@link org.openucc.outbound.Campaign} (settings in
 * {@link org.openucc.outbound.CampaignDraft}, checked by {@link org.openucc.outbound.CampaignRules}), its calling list
 * of {@link org.openucc.outbound.CampaignRecord}s, the do-not-call lists, and the record chooser. Everything goes
 * through {@link org.openucc.outbound.CampaignService} ({@code StoreServices.campaigns()}); it blocks (JDBC), so
 * call it from worker threads, never from an event loop or the ACD's thread.
 *
 * <h2>For the campaign runtime (the dialing loop)</h2>
 * <ol>
 *   <li><b>Start, pause, stop.</b> Register a {@link org.openucc.outbound.CampaignStateListener} with
 *       {@code addListener}; the REST API's {@code POST /api/campaigns/{id}/start|pause|stop} only move the stored
 *       state (legal moves in {@link org.openucc.outbound.CampaignState}, else 409) and then tell the listeners,
 *       after the commit, on the request's worker thread: hand the work to the runtime's own thread. When the list
 *       is used up, the runtime calls {@code finish(id)} (RUNNING → FINISHED).</li>
 *   <li><b>At start-up</b>, for every campaign that is RUNNING or PAUSED, call {@code recoverDialing(id)} before
 *       dialing: records left DIALING by a crash go back to PENDING (the interrupted attempt still counts).</li>
 *   <li><b>Choosing.</b> {@code nextToDial(id, now, max)} returns up to {@code max} records and has already moved
 *       them to DIALING with {@code attempts + 1}: due (PENDING, {@code nextAttemptAt <= now}), the calling window
 *       open in every time zone of the callee's number ({@link org.openucc.outbound.CallerTimeZones}), not on a
 *       do-not-call list (checked again here), consent present if required, attempts left; oldest due first.
 *       Atomic: two threads or nodes never get the same record. It returns an empty list when the campaign is not
 *       RUNNING. Preview: {@code max = 1} per agent asking for a record; progressive: one per free agent;
 *       predictive: as many as the pacing says. Dial {@code record.phone()} (E.164) with the campaign's caller id,
 *       ring timeout ({@code >= 15 s}) and AMD mode.</li>
 *   <li><b>Every attempt ends with exactly one</b> {@code recordOutcome(recordId, outcome, detail, now)}:
 *       {@code BUSY}, {@code NO_ANSWER}, {@code MACHINE}, {@code FAILED} (trunk failure; put the cause in
 *       {@code detail}), {@code ABANDONED} (answered, no agent within 2 s, identification message played), or the
 *       agent's disposition code after the wrap-up (e.g. {@code sale}, {@code callback-later}). The campaign's
 *       {@link org.openucc.outbound.RetrySchedule} decides: PENDING again after a delay, DONE (a final disposition) or
 *       FAILED (a final dialer outcome, or {@code max-attempts}). An agent's own callback time:
 *       {@code recordOutcome(..., retryAt)}. A record not DIALING answers {@code StateConflictException}.</li>
 *   <li><b>Skipping</b> a preview record: record the agent's skip as a disposition (e.g. {@code skipped}); list it in
 *       the schedule's {@code retryMinutes} to call it later, or in {@code finalOutcomes} to drop it.</li>
 *   <li><b>Live figures.</b> {@code figures(id, now)}: records by state, due now, waiting for their window (due but
 *       the callee's window is closed: they stay PENDING), failed by reason, done by disposition. Dialed, answered,
 *       abandoned and machine rates come from the interaction log, which the runtime writes.</li>
 * </ol>
 *
 * <h2>Lists</h2>
 * Every row given to a campaign (CSV via {@link org.openucc.outbound.ListCsv}, JSON rows, or customers from a CRM
 * query with their primary phone) becomes a record: PENDING, or FAILED with a reason code
 * ({@code invalid-number}, {@code emergency-number}, {@code duplicate}, {@code dnc:<list>}, {@code no-consent},
 * {@code missing-column}, {@code invalid-consent}, {@code value-too-long}) and reported row by row in a
 * {@link org.openucc.outbound.ListImportReport}. Numbers are stored as given and in E.164 with the callee's time
 * zones.
 *
 * <h2>Do-not-call</h2>
 * Lists of E.164 numbers ({@link org.openucc.outbound.DoNotCallEntry}): {@code internal}, imported lists by name
 * (e.g. a national registry), and {@code campaign:<id>} for one campaign. A number on any of them (its campaign's
 * own list included) is never dialed: checked when added to a campaign and again by the chooser.
 */
package org.openucc.outbound;
