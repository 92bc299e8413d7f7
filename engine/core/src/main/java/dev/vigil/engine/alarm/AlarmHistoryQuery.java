package dev.vigil.engine.alarm;

import dev.vigil.api.AlarmState;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.entity.EntityType;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.store.AlarmStore;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * A question about past alarm instances, read from request parameters the same way on every
 * protocol: {@code alarm} and {@code source} (GUID, {@code LogicalID(Type,N)} or name), {@code
 * state}, {@code from} / {@code to} (ISO-8601 instants, on the trigger time), {@code limit}. A blank
 * parameter is no filter; a bad one is refused naming it and what would be valid.
 */
public record AlarmHistoryQuery(AlarmStore.HistoryFilter filter, int limit) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** @param param a request parameter by name, or null when absent */
    public static AlarmHistoryQuery parse(Function<String, String> param, EntityRegistry entities) {
        return new AlarmHistoryQuery(
                new AlarmStore.HistoryFilter(
                        blank(param.apply("alarm")) ? null : alarm(param.apply("alarm"), entities),
                        blank(param.apply("source")) ? null : entity(param.apply("source"), entities),
                        blank(param.apply("state")) ? null : state(param.apply("state")),
                        millis(param.apply("from"), "from"),
                        millis(param.apply("to"), "to")),
                limit(param.apply("limit")));
    }

    private static UUID alarm(String text, EntityRegistry entities) {
        try {
            return entities.resolve(text, EntityType.Alarm).guid();
        } catch (IllegalArgumentException e) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, "alarm: " + e.getMessage());
        }
    }

    private static UUID entity(String text, EntityRegistry entities) {
        Entity e = entities.resolveAny(text);
        if (e == null) {
            throw new RefusedException(
                    ErrorCode.INVALID_VALUE,
                    "source: no entity '" + text + "' (a GUID, LogicalID(Type,N) or a name no two types share)");
        }
        return e.guid();
    }

    private static AlarmState state(String text) {
        String wanted = text.replaceAll("[\\s_-]", "").toUpperCase(Locale.ROOT);
        for (AlarmState s : AlarmState.values()) {
            if (s.name().replace("_", "").equals(wanted)
                    || Integer.toString(s.code()).equals(text.trim())) {
                return s;
            }
        }
        throw new RefusedException(
                ErrorCode.INVALID_VALUE,
                "state: '" + text + "' is none of active, acknowledged, investigating, source condition cleared");
    }

    private static Long millis(String v, String name) {
        if (blank(v)) {
            return null;
        }
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new RefusedException(
                    ErrorCode.INVALID_TIMESTAMP, name + ": '" + v + "' is not an instant (2026-11-30T08:00:00Z)");
        }
    }

    private static int limit(String text) {
        if (blank(text)) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new RefusedException(ErrorCode.INVALID_VALUE, "limit must be an integer in 1.." + MAX_LIMIT);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
