package org.openucc.outbound;

/**
 * A campaign's settings, as a supervisor writes them (create and replace).
 *
 * @param queueId                where answered calls go to find an agent (a configured queue)
 * @param callerId               the number the callee sees (E.164 once checked), null: the trunk's
 * @param ringTimeoutSeconds     how long a number rings before NO_ANSWER; at least 15 (regulators' minimum)
 * @param abandonLimitPercent    the most abandoned calls the pacing may cause, in % of answered calls over 30 days
 *                               (default 3, the FTC's limit)
 * @param maxAttempts            calls placed to one record at most
 * @param window                 when calls may reach the callee, in the callee's local time
 * @param amdMessagePromptId     the message left on a machine (required with {@link AmdMode#LEAVE_MESSAGE})
 * @param identificationPromptId what an abandoned callee hears (who called, how to call back); required for the
 *                               modes that may abandon ({@link DialingMode#mayAbandon()})
 * @param requireConsent         records without recorded consent are not called (FAILED "no-consent")
 */
public record CampaignDraft(String name, String queueId, DialingMode mode, String callerId, int ringTimeoutSeconds,
                            double abandonLimitPercent, int maxAttempts, RetrySchedule retrySchedule,
                            CallingWindow window, AmdMode amdMode, String amdMessagePromptId,
                            String identificationPromptId, boolean requireConsent) {
    public static final int MIN_RING_TIMEOUT_SECONDS = 15;
    public static final int MAX_RING_TIMEOUT_SECONDS = 120;
    public static final int DEFAULT_RING_TIMEOUT_SECONDS = 25;
    public static final double DEFAULT_ABANDON_LIMIT_PERCENT = 3.0;
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final int MAX_ATTEMPTS_LIMIT = 20;
}
