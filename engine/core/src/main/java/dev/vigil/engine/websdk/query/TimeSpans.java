package dev.vigil.engine.websdk.query;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** .NET TimeSpan text as the Web SDK writes it: {@code [d.]hh:mm:ss[.fffffff]}. */
public final class TimeSpans {
    private static final Pattern SPAN =
            Pattern.compile("(?:(\\d{1,5})\\.)?(\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,7}))?");

    private TimeSpans() {}

    /** @throws IllegalArgumentException naming the expected form */
    public static Duration parse(String text) {
        Matcher m = SPAN.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a TimeSpan such as 00:00:30 or 1.02:00:00");
        }
        int hours = Integer.parseInt(m.group(2));
        int minutes = Integer.parseInt(m.group(3));
        int seconds = Integer.parseInt(m.group(4));
        if (hours > 23 || minutes > 59 || seconds > 59) {
            throw new IllegalArgumentException("'" + text + "' has hours over 23, or minutes or seconds over 59");
        }
        Duration d = Duration.ofDays(m.group(1) == null ? 0 : Long.parseLong(m.group(1)))
                .plusHours(hours)
                .plusMinutes(minutes)
                .plusSeconds(seconds);
        if (m.group(5) != null) {
            String ticks = (m.group(5) + "0000000").substring(0, 7);
            d = d.plusNanos(Long.parseLong(ticks) * 100);
        }
        return d;
    }

    /** The TimeSpan text of a duration, {@code [d.]hh:mm:ss}. */
    public static String format(Duration d) {
        long s = d.getSeconds();
        long days = s / 86_400;
        String hms = String.format("%02d:%02d:%02d", (s / 3600) % 24, (s / 60) % 60, s % 60);
        return days > 0 ? days + "." + hms : hms;
    }
}
