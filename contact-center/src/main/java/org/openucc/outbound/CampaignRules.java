package org.openucc.outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.openucc.config.PhoneNumberType;
import org.openucc.crm.FieldError;
import org.openucc.crm.PhoneNormalizer;
import org.openucc.fault.InvalidInputException;

/**
 * Checks a campaign's settings and returns them normalised (caller id in E.164, names trimmed); every bad
 * field is reported at once ({@link InvalidInputException}, HTTP 400 with one entry per field).
 */
public final class CampaignRules {
    public static final int NAME_MAX = 200;
    public static final int ID_MAX = 100;
    public static final int OUTCOME_MAX = 40;
    public static final int OUTCOMES_MAX = 50;
    /** Retry delays: at least a minute, at most 30 days. */
    public static final int RETRY_MINUTES_MAX = 30 * 24 * 60;
    private static final Pattern OUTCOME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");

    private final PhoneNormalizer phones;
    private final Predicate<String> knownQueue;

    /** @param knownQueue whether a queue id is configured and takes OUTBOUND_VOICE (the campaign's answered calls) */
    public CampaignRules(PhoneNormalizer phones, Predicate<String> knownQueue) {
        this.phones = phones;
        this.knownQueue = knownQueue;
    }

    public CampaignDraft check(CampaignDraft d) {
        List<FieldError> bad = new ArrayList<>();
        String name = d.name() == null ? null : d.name().strip();
        if (name == null || name.isEmpty()) {
            bad.add(new FieldError("name", "is required"));
        } else if (name.length() > NAME_MAX) {
            bad.add(new FieldError("name", "is longer than " + NAME_MAX + " characters"));
        }
        if (d.queueId() == null || d.queueId().isBlank()) {
            bad.add(new FieldError("queueId", "is required: the queue answered calls go to"));
        } else if (!knownQueue.test(d.queueId())) {
            bad.add(new FieldError("queueId", "'" + d.queueId() + "' is not a configured queue that takes"
                    + " OUTBOUND_VOICE calls"));
        }
        if (d.mode() == null) {
            bad.add(new FieldError("mode", "is required: PREVIEW, PROGRESSIVE or PREDICTIVE"));
        }
        String callerId = null;
        if (d.callerId() != null && !d.callerId().isBlank()) {
            if (phones.typeOf(d.callerId()) == PhoneNumberType.EMERGENCY) {
                bad.add(new FieldError("callerId", "is an emergency number"));
            } else {
                callerId = phones.toE164(d.callerId()).orElse(null);
                if (callerId == null) {
                    bad.add(new FieldError("callerId", "'" + d.callerId() + "' is not a phone number"));
                }
            }
        }
        if (d.ringTimeoutSeconds() < CampaignDraft.MIN_RING_TIMEOUT_SECONDS
                || d.ringTimeoutSeconds() > CampaignDraft.MAX_RING_TIMEOUT_SECONDS) {
            bad.add(new FieldError("ringTimeoutSeconds", "must be " + CampaignDraft.MIN_RING_TIMEOUT_SECONDS + ".."
                    + CampaignDraft.MAX_RING_TIMEOUT_SECONDS + " (a number rings at least 15 s before the dialer"
                    + " gives up), not " + d.ringTimeoutSeconds()));
        }
        if (!(d.abandonLimitPercent() > 0) || d.abandonLimitPercent() > 100) {
            bad.add(new FieldError("abandonLimitPercent", "must be more than 0 and at most 100, not "
                    + d.abandonLimitPercent()));
        }
        if (d.maxAttempts() < 1 || d.maxAttempts() > CampaignDraft.MAX_ATTEMPTS_LIMIT) {
            bad.add(new FieldError("maxAttempts", "must be 1.." + CampaignDraft.MAX_ATTEMPTS_LIMIT + ", not "
                    + d.maxAttempts()));
        }
        RetrySchedule retries = d.retrySchedule() == null ? RetrySchedule.DEFAULTS : d.retrySchedule();
        checkRetries(retries, bad);
        CallingWindow window = d.window() == null ? CallingWindow.DEFAULT : d.window();
        if (window.from().getSecond() != 0 || window.from().getNano() != 0) {
            bad.add(new FieldError("window.from", "is a time of day in whole minutes (HH:mm), not " + window.from()));
        }
        if (window.to().getSecond() != 0 || window.to().getNano() != 0) {
            bad.add(new FieldError("window.to", "is a time of day in whole minutes (HH:mm), not " + window.to()));
        }
        if (!window.from().isBefore(window.to()) && !window.to().equals(java.time.LocalTime.MIDNIGHT)) {
            bad.add(new FieldError("window.to", "must be after window.from (" + window.from() + "), or 00:00 for"
                    + " the end of the day"));
        }
        if (window.days().isEmpty()) {
            bad.add(new FieldError("window.days", "needs at least one day"));
        }
        AmdMode amd = d.amdMode() == null ? AmdMode.OFF : d.amdMode();
        String message = blankToNull(d.amdMessagePromptId());
        if (amd == AmdMode.LEAVE_MESSAGE && message == null) {
            bad.add(new FieldError("amdMessagePromptId", "is required when amdMode is LEAVE_MESSAGE"));
        }
        checkLength("amdMessagePromptId", message, bad);
        String identification = blankToNull(d.identificationPromptId());
        if (d.mode() != null && d.mode().mayAbandon() && identification == null) {
            bad.add(new FieldError("identificationPromptId", "is required in " + d.mode() + " mode: an abandoned"
                    + " callee must hear who called"));
        }
        checkLength("identificationPromptId", identification, bad);
        if (!bad.isEmpty()) {
            throw new InvalidInputException(bad);
        }
        return new CampaignDraft(name, d.queueId(), d.mode(), callerId, d.ringTimeoutSeconds(),
                d.abandonLimitPercent(), d.maxAttempts(), retries, window, amd, message, identification,
                d.requireConsent());
    }

    private static void checkRetries(RetrySchedule r, List<FieldError> bad) {
        if (r.retryMinutes().size() + r.finalOutcomes().size() > OUTCOMES_MAX) {
            bad.add(new FieldError("retrySchedule", "at most " + OUTCOMES_MAX + " outcomes"));
        }
        for (Map.Entry<String, Integer> e : r.retryMinutes().entrySet()) {
            checkOutcome("retrySchedule.retryMinutes." + e.getKey(), e.getKey(), bad);
            if (e.getValue() == null || e.getValue() < 1 || e.getValue() > RETRY_MINUTES_MAX) {
                bad.add(new FieldError("retrySchedule.retryMinutes." + e.getKey(), "must be 1.." + RETRY_MINUTES_MAX
                        + " minutes"));
            }
            if (r.finalOutcomes().contains(e.getKey())) {
                bad.add(new FieldError("retrySchedule.finalOutcomes", "'" + e.getKey()
                        + "' is both retried and final; choose one"));
            }
        }
        for (String o : r.finalOutcomes()) {
            checkOutcome("retrySchedule.finalOutcomes", o, bad);
        }
    }

    private static void checkOutcome(String field, String outcome, List<FieldError> bad) {
        if (outcome == null || outcome.length() > OUTCOME_MAX || !OUTCOME.matcher(outcome).matches()) {
            bad.add(new FieldError(field, "'" + outcome + "' is not an outcome code (letters, digits, - _ . :, at most "
                    + OUTCOME_MAX + " characters)"));
        }
    }

    private static void checkLength(String field, String value, List<FieldError> bad) {
        if (value != null && value.length() > ID_MAX) {
            bad.add(new FieldError(field, "is longer than " + ID_MAX + " characters"));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
