package org.openucc.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PhoneNormalizerTest {
    private final PhoneNormalizer de = new PhoneNormalizer("DE");
    private final PhoneNormalizer us = new PhoneNormalizer("US");

    @ParameterizedTest
    @ValueSource(strings = {"030123456", "030 123456", "(030) 12 34 56", "030/123-456", "+49 30 123456",
        "+49 (0)30 123456", "0049 30 123456", "+4930123456", "tel:+49-30-123456", " 030 123 456 "})
    void everyGermanWayOfWritingOneNumberGivesOneE164(String typed) {
        assertThat(de.normalize(typed)).isEqualTo("+4930123456");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(212) 555-0123", "212.555.0123", "1 212 555 0123", "+1 212-555-0123", "011 1 212 555 0123"})
    void usNumbersUseTheUsRegion(String typed) {
        assertThat(us.normalize(typed)).isEqualTo("+12125550123");
    }

    @Test
    void aNumberWithCountryCodeIsTheSameInEveryRegion() {
        assertThat(us.normalize("+49 30 123456")).isEqualTo(de.normalize("030 123456"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "anonymous", "12", "+999 1234567", "0301234567890123456789"})
    void whatCannotBeANumberIsRefusedWithAReason(String typed) {
        assertThatThrownBy(() -> de.normalize(typed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching(".*(empty|not a phone number|wrong length|too).*");
        assertThat(de.toE164(typed)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"030 12, +493012", "0049 40, +4940", "+1 212, +1212", "40 55, +494055", "'(0151) 2', +491512"})
    void typedBeginningsBecomeE164Prefixes(String typed, String prefix) {
        assertThat(de.searchPrefix(typed)).contains(prefix);
    }

    @Test
    void anUnknownRegionIsRefusedAtStart() {
        assertThatThrownBy(() -> new PhoneNormalizer("XX")).hasMessageContaining("XX");
    }

    @Test
    void emailsAreTrimmedAndLowerCasedAndMustHaveOneAt() {
        assertThat(EmailAddresses.normalize("  Anna.Schmidt@Example.COM ")).isEqualTo("anna.schmidt@example.com");
        assertThatThrownBy(() -> EmailAddresses.normalize("anna@@x")).hasMessageContaining("@");
        assertThatThrownBy(() -> EmailAddresses.normalize("anna schmidt@x.example")).hasMessageContaining("space");
        assertThat(EmailAddresses.normalizeOrNull("no-at-sign")).isNull();
    }

    @ParameterizedTest
    @CsvSource({"030 123456, FIXED_LINE", "+49 151 12345678, MOBILE", "0900 1234567, PREMIUM_RATE",
        "+1 900 555 1234, PREMIUM_RATE", "+881 612345678, SATELLITE", "+882 1612345, SATELLITE",
        "+870 772345678, SATELLITE", "+883 123456789, INTERNATIONAL_NETWORK", "+800 12345678, TOLL_FREE",
        "+44 70 1234 5678, PERSONAL_NUMBER", "112, EMERGENCY", "110, EMERGENCY", "not a number, UNKNOWN"})
    void numbersAreTypedByWhatTheyReach(String typed, org.openucc.config.PhoneNumberType type) {
        assertThat(de.typeOf(typed)).isEqualTo(type);
    }

    @Test
    void emergencyNumbersAreThoseOfTheRegionTheyAreDialledIn() {
        assertThat(us.typeOf("911")).isEqualTo(org.openucc.config.PhoneNumberType.EMERGENCY);
        assertThat(us.typeOf("112")).isEqualTo(org.openucc.config.PhoneNumberType.EMERGENCY);
        assertThat(de.typeOf("+1 212 555 0123")).isNotEqualTo(org.openucc.config.PhoneNumberType.EMERGENCY);
    }
}
