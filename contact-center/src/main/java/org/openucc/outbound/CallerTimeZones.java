package org.openucc.outbound;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The callee's local time zones from their number (libphonenumber's prefix data): one for most numbers,
 * several where a prefix spans zones (a US area code on a zone line, a country with many zones and
 * non-geographic mobiles). A calling window must be open in all of them; a number whose zone is unknown
 * is called in the center's zone.
 */
public final class CallerTimeZones {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private final ZoneId centerZone;

    public CallerTimeZones(ZoneId centerZone) {
        this.centerZone = centerZone;
    }

    public ZoneId centerZone() {
        return centerZone;
    }

    /** The zones of an E.164 number, comma-separated and sorted; empty when unknown. */
    public String zonesOf(String e164) {
        if (e164 == null) {
            return "";
        }
        List<String> ids;
        try {
            ids = PhoneNumberToTimeZonesMapper.getInstance().getTimeZonesForNumber(UTIL.parse(e164, "ZZ"));
        } catch (NumberParseException e) {
            return "";
        }
        TreeSet<String> zones = new TreeSet<>();
        for (String id : ids) {
            if (!id.equals(PhoneNumberToTimeZonesMapper.getUnknownTimeZone()) && isZone(id)) {
                zones.add(id);
            }
        }
        return String.join(",", zones);
    }

    /** Whether {@code window} is open at {@code now} in every one of {@code zones} (the center's zone if empty). */
    public boolean isOpen(CallingWindow window, String zones, Instant now) {
        for (ZoneId zone : zones(zones)) {
            if (!window.isOpen(now, zone)) {
                return false;
            }
        }
        return true;
    }

    /** The zones of a stored zones text; the center's zone if it names none. */
    public List<ZoneId> zones(String zones) {
        List<ZoneId> out = new ArrayList<>();
        if (zones != null) {
            for (String id : zones.split(",")) {
                if (!id.isBlank() && isZone(id.strip())) {
                    out.add(ZoneId.of(id.strip()));
                }
            }
        }
        if (out.isEmpty()) {
            out.add(centerZone);
        }
        return out;
    }

    private static boolean isZone(String id) {
        try {
            ZoneId.of(id);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
