package dev.vigil.engine.websdk;

import dev.vigil.api.AlarmState;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.entity.EntityType;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.http.ApiResponse;
import dev.vigil.engine.store.AlarmStore;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code GET /WebSdk/alarms/history}: past and present alarm instances, newest first, each with its
 * changes (what, when, by whom, which rule), filtered by {@code alarm}, {@code source} (GUID,
 * LogicalID or name), {@code state}, and trigger time {@code from} / {@code to}; {@code limit} 1..1000.
 */
final class AlarmHistoryRoutes {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final AlarmStore store;
    private final EntityRegistry entities;
    private final Executor blocking;

    record ChangeView(long changeId, String kind, String at, String by, String rule) {}

    record InstanceView(
            long instanceId,
            String alarm,
            String alarmName,
            String source,
            String sourceName,
            String state,
            int priority,
            String triggerTime,
            int triggerCount,
            String context,
            String rule,
            String ackTime,
            String ackBy,
            List<String> forwardedTo,
            List<ChangeView> changes) {}

    AlarmHistoryRoutes(AlarmStore store, EntityRegistry entities, Executor blocking) {
        this.store = store;
        this.entities = entities;
        this.blocking = blocking;
    }

    CompletableFuture<ApiResponse> history(ApiRequest req, Map<String, String> params) {
        AlarmStore.HistoryFilter filter = new AlarmStore.HistoryFilter(
                req.param("alarm") == null ? null : alarm(req.param("alarm")),
                req.param("source") == null ? null : entity(req.param("source")),
                req.param("state") == null ? null : state(req.param("state")),
                millis(req, "from"),
                millis(req, "to"));
        int limit = limit(req.param("limit"));
        return CompletableFuture.supplyAsync(() -> Envelope.ok(read(filter, limit)), blocking);
    }

    private List<InstanceView> read(AlarmStore.HistoryFilter filter, int limit) {
        List<Alarm> instances = store.history(filter, limit);
        Map<Long, List<ChangeView>> changes = new LinkedHashMap<>();
        for (AlarmStore.HistoryLine l :
                store.changesOf(instances.stream().map(Alarm::getInstanceId).toList())) {
            changes.computeIfAbsent(l.instanceId(), k -> new ArrayList<>())
                    .add(new ChangeView(
                            l.changeId(),
                            l.kind().name(),
                            Instant.ofEpochMilli(l.atMillis()).toString(),
                            l.by(),
                            l.rule()));
        }
        return instances.stream()
                .map(a -> new InstanceView(
                        a.getInstanceId(),
                        a.getAlarmGuid().toString(),
                        a.getAlarmName(),
                        a.getSourceGuid() == null ? null : a.getSourceGuid().toString(),
                        name(a.getSourceGuid()),
                        a.getState().name(),
                        a.getPriority(),
                        text(a.getTriggerTime()),
                        a.getTriggerCount(),
                        a.getContext(),
                        a.getRule(),
                        text(a.getAckTime()),
                        a.getAckBy(),
                        a.getForwardedRecipients().stream().map(this::name).toList(),
                        changes.getOrDefault(a.getInstanceId(), List.of())))
                .toList();
    }

    private UUID alarm(String text) {
        try {
            return entities.resolve(text, EntityType.Alarm).guid();
        } catch (IllegalArgumentException e) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, "alarm: " + e.getMessage());
        }
    }

    private UUID entity(String text) {
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

    private static Long millis(ApiRequest req, String name) {
        String v = req.param(name);
        if (v == null) {
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
        if (text == null) {
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

    private String name(UUID guid) {
        return guid == null ? null : entities.get(guid).map(Entity::name).orElse(guid.toString());
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
