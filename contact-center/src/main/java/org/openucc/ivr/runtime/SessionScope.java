package org.openucc.ivr.runtime;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.openucc.config.BusinessHoursConfig;
import org.openucc.ivr.expr.Scope;
import org.openucc.ivr.expr.Values;

/**
 * Expressions of one call see its variables, the business-hours calendars, the clock and the queue
 * figures fetched for the node being evaluated.
 */
final class SessionScope implements Scope {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private final IvrSession session;
    private final IvrPorts ports;
    private final RuntimeSettings settings;

    SessionScope(IvrSession session, IvrPorts ports, RuntimeSettings settings) {
        this.session = session;
        this.ports = ports;
        this.settings = settings;
    }

    @Override
    public Object variable(String name) {
        return session.variables.get(name);
    }

    @Override
    public Object call(String function, List<Object> args) {
        String first = args.isEmpty() ? null : Values.text(args.get(0));
        switch (function) {
            case "open":
                return calendar(first).isOpen(ports.clock().instant());
            case "holiday":
                return calendar(first).isHoliday(ports.clock().instant());
            case "waiting":
                return BigDecimal.valueOf(figures(first).waiting());
            case "estimatedWait":
                return BigDecimal.valueOf(figures(first).estimatedWaitMillis() / 1000);
            default:
                break;
        }
        ZonedDateTime now = ports.clock().instant().atZone(first == null ? settings.timeZone() : zone(first));
        return switch (function) {
            case "hour" -> BigDecimal.valueOf(now.getHour());
            case "minute" -> BigDecimal.valueOf(now.getMinute());
            case "weekday" -> now.getDayOfWeek().name();
            case "time" -> now.format(HH_MM);
            case "today" -> now.toLocalDate().toString();
            default -> throw new IllegalArgumentException("unknown function " + function);
        };
    }

    private BusinessHoursConfig calendar(String id) {
        BusinessHoursConfig c = settings.calendars().get(id);
        if (c == null) {
            throw new IllegalArgumentException("there is no business-hours calendar '" + id + "'");
        }
        return c;
    }

    private ZoneId zone(String calendarId) {
        return calendar(calendarId).timeZone();
    }

    private IvrRouting.QueueFigures figures(String queue) {
        IvrRouting.QueueFigures f = session.figures.get(queue);
        if (f == null) {
            throw new IllegalArgumentException("no figures for queue '" + queue + "'");
        }
        return f;
    }
}
