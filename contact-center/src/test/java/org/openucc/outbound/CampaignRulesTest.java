package org.openucc.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openucc.crm.FieldError;
import org.openucc.crm.PhoneNormalizer;
import org.openucc.fault.InvalidInputException;

/** A campaign's settings: every bad field is named at once; good ones come back normalised with defaults. */
class CampaignRulesTest {
    private final CampaignRules rules = new CampaignRules(new PhoneNormalizer("DE"), CampaignFixture.QUEUES::contains);

    @Test
    void aGoodDraftComesBackNormalisedWithDefaults() {
        CampaignDraft d = new CampaignDraft("  Spring sale ", "sales", DialingMode.PREVIEW, "030 999000", 15, 3.0, 1,
                null, null, null, null, null, false);
        CampaignDraft checked = rules.check(d);
        assertThat(checked.name()).isEqualTo("Spring sale");
        assertThat(checked.callerId()).isEqualTo("+4930999000");
        assertThat(checked.window()).isEqualTo(CallingWindow.DEFAULT);
        assertThat(checked.retrySchedule()).isEqualTo(RetrySchedule.DEFAULTS);
        assertThat(checked.amdMode()).isEqualTo(AmdMode.OFF);
    }

    @Test
    void aRingTimeoutUnderFifteenSecondsIsRefused() {
        CampaignDraft d = new CampaignDraft("x", "sales", DialingMode.PREVIEW, null, 14, 3.0, 1, null, null, null, null,
                null, false);
        assertThatThrownBy(() -> rules.check(d)).isInstanceOfSatisfying(InvalidInputException.class, e ->
                assertThat(e.fields()).extracting(FieldError::field).containsExactly("ringTimeoutSeconds"));
    }

    @Test
    void everyBadFieldIsReportedAtOnce() {
        CampaignDraft d = new CampaignDraft("", "nowhere", DialingMode.PREDICTIVE, "112", 5, 0, 0,
                new RetrySchedule(Map.of("BUSY", 0, "sale", 10, "bad code!", 5), Set.of("sale")),
                new CallingWindow(LocalTime.of(20, 0), LocalTime.of(9, 0), Set.of()), AmdMode.LEAVE_MESSAGE, null,
                null, false);
        assertThatThrownBy(() -> rules.check(d)).isInstanceOfSatisfying(InvalidInputException.class, e ->
                assertThat(e.fields()).extracting(FieldError::field).containsExactlyInAnyOrder("name", "queueId",
                        "callerId", "ringTimeoutSeconds", "abandonLimitPercent", "maxAttempts",
                        "retrySchedule.retryMinutes.BUSY", "retrySchedule.finalOutcomes",
                        "retrySchedule.retryMinutes.bad code!", "window.to", "window.days", "amdMessagePromptId",
                        "identificationPromptId"));
    }

    @Test
    void previewNeedsNoIdentificationMessageButProgressiveDoes() {
        CampaignDraft preview = new CampaignDraft("x", "sales", DialingMode.PREVIEW, null, 20, 3.0, 1, null,
                new CallingWindow(LocalTime.of(9, 0), LocalTime.of(17, 0), Set.of(DayOfWeek.MONDAY)), AmdMode.OFF,
                null, null, false);
        assertThat(rules.check(preview).identificationPromptId()).isNull();
        CampaignDraft progressive = new CampaignDraft("x", "sales", DialingMode.PROGRESSIVE, null, 20, 3.0, 1, null,
                null, AmdMode.OFF, null, " ", false);
        assertThatThrownBy(() -> rules.check(progressive)).isInstanceOfSatisfying(InvalidInputException.class, e ->
                assertThat(e.fields()).extracting(FieldError::field).containsExactly("identificationPromptId"));
    }
}
