package dev.vigil.engine.site;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

/**
 * A named schedule: windows of local time on days of the week or on dates, minus dates it does not
 * apply (holidays). A window whose {@code to} is not after its {@code from} runs past midnight into
 * the next day ("22:00" to "06:00"); one with neither covers the whole day.
 */
public record Schedule(String name, List<Window> windows, Set<LocalDate> except) {

    /** @param days empty when the window names dates; {@code to} of {@link LocalTime#MAX} is "24:00" */
    public record Window(Set<DayOfWeek> days, Set<LocalDate> dates, LocalTime from, LocalTime to) {
        boolean startsOn(LocalDate d) {
            return days.contains(d.getDayOfWeek()) || dates.contains(d);
        }

        boolean covers(LocalDateTime t) {
            LocalTime time = t.toLocalTime();
            if (to.isAfter(from)) {
                return startsOn(t.toLocalDate()) && !time.isBefore(from) && time.isBefore(to);
            }
            // Past midnight: the evening of a listed day, or the morning after one.
            return (startsOn(t.toLocalDate()) && !time.isBefore(from))
                    || (startsOn(t.toLocalDate().minusDays(1)) && time.isBefore(to));
        }
    }

    public boolean isActive(LocalDateTime t) {
        if (except.contains(t.toLocalDate())) {
            return false;
        }
        for (Window w : windows) {
            if (w.covers(t)) {
                return true;
            }
        }
        return false;
    }
}
