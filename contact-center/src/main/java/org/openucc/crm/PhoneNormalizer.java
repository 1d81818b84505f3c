package org.openucc.crm;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.ShortNumberInfo;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;
import java.util.Set;
import org.openucc.config.PhoneNumberType;

/**
 * Turns phone numbers as people and phone systems write them ({@code 030 123456},
 * {@code +49 (30) 12-34-56}, {@code 0049 30 123456}, {@code tel:+4930123456}) into E.164
 * ({@code +4930123456}), so one number is stored and looked up one way. Numbers without a country
 * code are read in the configured default region.
 */
public final class PhoneNormalizer {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** Shorter national numbers are service or extension numbers, not a customer's line. */
    private static final int MIN_DIGITS = 4;
    /** Country calling codes of satellite networks, which libphonenumber files as MOBILE or VOIP. */
    private static final Set<Integer> SATELLITE_CODES = Set.of(870, 881, 882);
    /** Other non-geographic network codes. */
    private static final Set<Integer> NETWORK_CODES = Set.of(883, 888);
    /** The international premium rate service code (ITU-T E.164 +979). */
    private static final int INTERNATIONAL_PREMIUM_RATE = 979;
    private final String defaultRegion;

    /** @param defaultRegion ISO 3166 region for national numbers, e.g. DE or US */
    public PhoneNormalizer(String defaultRegion) {
        if (defaultRegion == null || !UTIL.getSupportedRegions().contains(defaultRegion)) {
            throw new IllegalArgumentException("phone region '" + defaultRegion + "' is not a region libphonenumber"
                    + " knows; use a two-letter ISO 3166 code such as DE, US or GB");
        }
        this.defaultRegion = defaultRegion;
    }

    public String defaultRegion() {
        return defaultRegion;
    }

    /** The E.164 form, or empty if this cannot be a phone number (for lookups: unknown caller). */
    public Optional<String> toE164(String raw) {
        try {
            return Optional.of(normalize(raw));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The E.164 form; fails with a reason a person can act on. Accepts any number of a possible
     * length for its country rather than only currently allocated ranges: caller ids and old customer
     * data must not be refused because a numbering plan changed.
     */
    public String normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("phone number is empty");
        }
        PhoneNumber number;
        try {
            number = UTIL.parse(raw.strip(), defaultRegion);
        } catch (NumberParseException e) {
            throw new IllegalArgumentException("'" + raw + "' is not a phone number (" + reason(e) + ")");
        }
        if (String.valueOf(number.getNationalNumber()).length() < MIN_DIGITS) {
            throw new IllegalArgumentException("'" + raw + "' is too short for a customer's phone number");
        }
        if (!UTIL.isPossibleNumber(number)) {
            throw new IllegalArgumentException("'" + raw + "' has the wrong length for a number in "
                    + regionOf(number));
        }
        return UTIL.format(number, PhoneNumberFormat.E164);
    }

    /**
     * What kind of line the number a person typed reaches: {@link PhoneNumberType#EMERGENCY} when it
     * dials emergency services where it is dialled (112, 911, 110 in DE…), satellite and other
     * non-geographic networks by their country code, else the numbering plan's type; UNKNOWN when it
     * is not in an assigned range (or not a number at all).
     */
    public PhoneNumberType typeOf(String raw) {
        if (raw == null || raw.isBlank()) {
            return PhoneNumberType.UNKNOWN;
        }
        String typed = raw.strip();
        if (!typed.startsWith("+") && !typed.startsWith("00")
                && ShortNumberInfo.getInstance().connectsToEmergencyNumber(typed, defaultRegion)) {
            return PhoneNumberType.EMERGENCY;
        }
        PhoneNumber number;
        try {
            number = UTIL.parse(typed, defaultRegion);
        } catch (NumberParseException e) {
            return PhoneNumberType.UNKNOWN;
        }
        String region = UTIL.getRegionCodeForNumber(number);
        if (region != null && !"001".equals(region) && ShortNumberInfo.getInstance()
                .connectsToEmergencyNumber(UTIL.getNationalSignificantNumber(number), region)) {
            return PhoneNumberType.EMERGENCY;
        }
        int code = number.getCountryCode();
        if (SATELLITE_CODES.contains(code)) {
            return PhoneNumberType.SATELLITE;
        }
        if (NETWORK_CODES.contains(code)) {
            return PhoneNumberType.INTERNATIONAL_NETWORK;
        }
        if (code == INTERNATIONAL_PREMIUM_RATE) {
            return PhoneNumberType.PREMIUM_RATE;
        }
        return switch (UTIL.getNumberType(number)) {
            case FIXED_LINE -> PhoneNumberType.FIXED_LINE;
            case MOBILE -> PhoneNumberType.MOBILE;
            case FIXED_LINE_OR_MOBILE -> PhoneNumberType.FIXED_LINE_OR_MOBILE;
            case TOLL_FREE -> PhoneNumberType.TOLL_FREE;
            case PREMIUM_RATE -> PhoneNumberType.PREMIUM_RATE;
            case SHARED_COST -> PhoneNumberType.SHARED_COST;
            case VOIP -> PhoneNumberType.VOIP;
            case PERSONAL_NUMBER -> PhoneNumberType.PERSONAL_NUMBER;
            case PAGER -> PhoneNumberType.PAGER;
            case UAN -> PhoneNumberType.UAN;
            case VOICEMAIL -> PhoneNumberType.VOICEMAIL;
            case UNKNOWN -> PhoneNumberType.UNKNOWN;
        };
    }

    /**
     * The E.164 prefix that the start of a number someone is typing stands for, for prefix search:
     * {@code 030 12} (region DE) becomes {@code +493012}, {@code 0049 30} becomes {@code +4930},
     * {@code +1 212} stays {@code +1212}. Empty if there are no digits.
     */
    public Optional<String> searchPrefix(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String t = typed.strip();
        String digits = t.replaceAll("[^0-9]", "");
        if (digits.isEmpty()) {
            return Optional.empty();
        }
        if (t.startsWith("+")) {
            return Optional.of("+" + digits);
        }
        int countryCode = UTIL.getCountryCodeForRegion(defaultRegion);
        // International dialling prefix: 00 in most of the world, 011 in the North American plan.
        if (digits.startsWith("00")) {
            return Optional.of("+" + digits.substring(2));
        }
        if (countryCode == 1 && digits.startsWith("011")) {
            return Optional.of("+" + digits.substring(3));
        }
        String national = UTIL.getNddPrefixForRegion(defaultRegion, true);
        if (national != null && !national.isEmpty() && digits.startsWith(national)) {
            digits = digits.substring(national.length());
        }
        return Optional.of("+" + countryCode + digits);
    }

    private static String regionOf(PhoneNumber number) {
        String region = UTIL.getRegionCodeForNumber(number);
        return region == null ? "country code +" + number.getCountryCode() : region;
    }

    private String reason(NumberParseException e) {
        return switch (e.getErrorType()) {
            case INVALID_COUNTRY_CODE -> "unknown country code";
            case NOT_A_NUMBER -> "not a number";
            case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "too short";
            case TOO_LONG -> "too long";
        };
    }
}
