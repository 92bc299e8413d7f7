package dev.vigil.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one key of an instance's {@code settings:} map, as a plugin's {@code start} does, with the
 * message a user needs when it is wrong: the key, what was expected, what was found
 * ({@code settings.timeout must be a duration such as 10s or 500ms, not 'ten'}).
 */
public final class Settings {
    private final Map<String, Object> values;

    public Settings(Map<String, Object> values) {
        this.values = values;
    }

    public String string(String key, String fallback) {
        Object v = values.get(key);
        return v == null ? fallback : String.valueOf(v);
    }

    public int integer(String key, int fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return v instanceof Number n
                    ? n.intValue()
                    : Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("settings." + key + " must be a number, not '" + v + "'");
        }
    }

    public boolean bool(String key, boolean fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("settings." + key + " must be true or false, not '" + v + "'");
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}. */
    public Duration duration(String key, String fallback) {
        String text = string(key, fallback).trim().toLowerCase(Locale.ROOT);
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(
                "settings." + key + " must be a duration such as 10s or 500ms, not '" + text + "'");
    }

    /** A YAML list, or one value, or a comma-separated text. */
    public List<String> list(String key) {
        Object v = values.get(key);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            l.forEach(item -> out.add(String.valueOf(item).trim()));
        } else if (v != null) {
            for (String item : v.toString().split(",")) {
                if (!item.isBlank()) {
                    out.add(item.trim());
                }
            }
        }
        return List.copyOf(out);
    }
}
