package dev.vigil.engine.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Checks every field of the configuration against the {@link Constraints} beside it, walking into
 * the slices and the lists of plugin instances, and names the first bad key with its path
 * ({@code sinks[1].queueCapacity}).
 */
final class ConfigValidator {
    private ConfigValidator() {}

    static void check(Path file, Object slice, String prefix) {
        for (Field f : slice.getClass().getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            String key = prefix.isEmpty() ? f.getName() : prefix + "." + f.getName();
            Object value = get(f, slice);
            checkField(file, f, key, value);
            if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) == null) {
                        fail(file, key + "[" + i + "]", "is empty");
                    }
                    if (isSlice(list.get(i).getClass())) {
                        check(file, list.get(i), key + "[" + i + "]");
                    }
                }
            } else if (value != null && isSlice(value.getClass())) {
                check(file, value, key);
            }
        }
    }

    private static boolean isSlice(Class<?> type) {
        return type.getEnclosingClass() == VigilConfig.class;
    }

    private static void checkField(Path file, Field f, String key, Object value) {
        if (f.isAnnotationPresent(Constraints.Port.class)) {
            int port = (Integer) value;
            if (port < 0 || port > 65535) {
                fail(file, key, port + " is not a port (0..65535; 0 picks a free one)");
            }
        }
        if (f.isAnnotationPresent(Constraints.Positive.class)) {
            if (value instanceof Duration d) {
                if (d.isNegative() || d.isZero()) {
                    fail(file, key, "must be a positive duration such as 30s");
                }
            } else if (value == null) {
                fail(file, key, "must be a positive duration such as 30s");
            } else if (((Number) value).longValue() <= 0) {
                fail(file, key, "must be greater than 0, was " + value);
            }
        }
        if (f.isAnnotationPresent(Constraints.NotNegative.class)
                && (!(value instanceof Duration d) || d.isNegative())) {
            fail(file, key, "must be a duration of 0s or longer, such as 0s or 30s");
        }
        Constraints.AtLeast atLeast = f.getAnnotation(Constraints.AtLeast.class);
        if (atLeast != null && ((Number) value).longValue() < atLeast.value()) {
            fail(file, key, atLeast.message().isEmpty() ? "must be at least " + atLeast.value() : atLeast.message());
        }
        Constraints.Matches matches = f.getAnnotation(Constraints.Matches.class);
        if (matches != null && (value == null || !value.toString().matches(matches.value()))) {
            fail(file, key, matches.message());
        }
        Constraints.NotBlank notBlank = f.getAnnotation(Constraints.NotBlank.class);
        if (notBlank != null && (value == null || value.toString().isBlank())) {
            fail(file, key, notBlank.message());
        }
    }

    private static Object get(Field f, Object owner) {
        try {
            return f.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("configuration field " + f + " is not public", e);
        }
    }

    static void fail(Path file, String key, String problem) {
        throw new ConfigException(file + ": key '" + key + "' " + problem);
    }
}
