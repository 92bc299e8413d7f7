package dev.vigil.plugins.mqtt;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** Reading one key of an instance's {@code settings:} map, with messages that name the key. */
final class Settings {
    private Settings() {}

    static String string(Map<String, Object> s, String key, String fallback) {
        Object v = s.get(key);
        return v == null ? fallback : String.valueOf(v);
    }

    static int integer(Map<String, Object> s, String key, int fallback) {
        Object v = s.get(key);
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

    static boolean bool(Map<String, Object> s, String key, boolean fallback) {
        Object v = s.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("settings." + key + " must be true or false, not '" + v + "'");
    }

    static Duration duration(Map<String, Object> s, String key, String fallback) {
        String text = string(s, key, fallback).trim().toLowerCase(Locale.ROOT);
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
}
