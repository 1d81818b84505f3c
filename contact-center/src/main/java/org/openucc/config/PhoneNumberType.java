package org.openucc.config;

/**
 * What kind of line a phone number is, as far as the numbering plans tell (libphonenumber's types,
 * plus the non-geographic ranges it files under other types). Web callbacks call only the kinds
 * {@link CallbackConfig#numberTypes()} allows.
 */
public enum PhoneNumberType {
    FIXED_LINE, MOBILE, FIXED_LINE_OR_MOBILE, TOLL_FREE, VOIP,
    PREMIUM_RATE, SHARED_COST, PERSONAL_NUMBER, PAGER, UAN, VOICEMAIL,
    /** Satellite phones: +870 (Inmarsat), +881 (global mobile satellite), +882 (e.g. Thuraya): expensive to call. */
    SATELLITE,
    /** Other non-geographic international networks (+883 and the like). */
    INTERNATIONAL_NETWORK,
    /** Reaches emergency services (112, 911, …): never called back automatically. */
    EMERGENCY,
    /** A possible number outside any range the numbering plan assigns. */
    UNKNOWN
}
