package org.openucc.ivr.runtime;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openucc.config.BusinessHoursConfig;

/**
 * How the runtime resolves what flows name.
 *
 * @param promptsDir           the prompt library, {@code <promptsDir>/<language>/<name>.wav}: asked whether a
 *                             computed prompt name exists (the telephony's catalog plays them)
 * @param timeZone             for time functions without a calendar
 * @param calendars            business-hours calendars by id
 * @param maxStepsWithoutInput a call that passes this many nodes without waiting for the caller fails
 *                             (the validator already refuses such loops; this guards the rest)
 */
public record RuntimeSettings(Path promptsDir, ZoneId timeZone,
                              Map<String, BusinessHoursConfig> calendars, int maxStepsWithoutInput) {
    public RuntimeSettings {
        calendars = Map.copyOf(calendars);
    }

    public static Map<String, BusinessHoursConfig> byId(List<BusinessHoursConfig> calendars) {
        return calendars.stream().collect(Collectors.toMap(BusinessHoursConfig::id, Function.identity()));
    }
}
