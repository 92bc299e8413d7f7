package dev.vigil.engine.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code conf/schedules.yaml}: named schedules for rules.
 *
 * <pre>
 * after-hours:
 *   windows:
 *     - days: [mon, tue, wed, thu, fri]
 *       from: "18:00"
 *       to: "07:00"            # past midnight: until 07:00 the next morning
 *     - days: [sat, sun]       # all day
 *     - dates: [2026-12-24]    # a date of its own
 *       from: "12:00"
 *   except: [2026-12-25]       # dates the schedule does not apply
 * </pre>
 *
 * A mistake is an {@link IllegalArgumentException} naming the file, the schedule and the key.
 */
public final class SchedulesFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> SCHEDULE_KEYS = Set.of("windows", "except");
    private static final Set<String> WINDOW_KEYS = Set.of("days", "dates", "from", "to");

    private SchedulesFile() {}

    /** The schedules in {@code file}; none when it does not exist. */
    public static Map<String, Schedule> load(Path file) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not readable YAML: " + e.getMessage());
        }
        Map<String, Schedule> out = new LinkedHashMap<>();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return out;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(file + ": a map of schedule names, e.g. after-hours: {windows: [...]}");
        }
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), schedule(file + ": " + e.getKey(), e.getKey(), e.getValue()));
        }
        return out;
    }

    private static Schedule schedule(String where, String name, JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException(where + ": a schedule is a map with windows (and except)");
        }
        unknownKeys(where, n, SCHEDULE_KEYS);
        List<Schedule.Window> windows = new ArrayList<>();
        int i = 0;
        for (JsonNode w : n.path("windows")) {
            i++;
            String at = where + ": windows[" + i + "]";
            unknownKeys(at, w, WINDOW_KEYS);
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (JsonNode d : w.path("days")) {
                days.add(day(at + ".days", d.asText()));
            }
            Set<LocalDate> dates = dates(at + ".dates", w.path("dates"));
            if (days.isEmpty() && dates.isEmpty()) {
                throw new IllegalArgumentException(at + ": name days (mon..sun) or dates (2026-12-24)");
            }
            LocalTime from = time(at + ".from", w.path("from").asText("00:00"));
            LocalTime to = time(at + ".to", w.path("to").asText("24:00"));
            windows.add(new Schedule.Window(days, dates, from, to));
        }
        if (windows.isEmpty()) {
            throw new IllegalArgumentException(where + ": windows is missing or empty");
        }
        return new Schedule(name, List.copyOf(windows), dates(where + ": except", n.path("except")));
    }

    private static void unknownKeys(String where, JsonNode n, Set<String> known) {
        n.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                throw new IllegalArgumentException(
                        where + ": unknown key '" + k + "'; the keys are " + String.join(", ", known));
            }
        });
    }

    private static DayOfWeek day(String where, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.name().toLowerCase(Locale.ROOT);
            if (full.equals(t) || full.substring(0, 3).equals(t)) {
                return d;
            }
        }
        throw new IllegalArgumentException(where + ": '" + text + "' is not a day; write mon, tue, ... sun");
    }

    private static Set<LocalDate> dates(String where, JsonNode list) {
        Set<LocalDate> out = new HashSet<>();
        for (JsonNode d : list) {
            try {
                out.add(LocalDate.parse(d.asText().trim()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(where + ": '" + d.asText() + "' is not a date such as 2026-12-24");
            }
        }
        return out;
    }

    private static LocalTime time(String where, String text) {
        if (text.trim().equals("24:00")) {
            return LocalTime.MAX;
        }
        try {
            return LocalTime.parse(text.trim().length() == 4 ? "0" + text.trim() : text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": '" + text + "' is not a time such as 07:30 or 24:00");
        }
    }
}
