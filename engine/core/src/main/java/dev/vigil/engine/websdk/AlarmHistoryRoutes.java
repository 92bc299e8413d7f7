package dev.vigil.engine.websdk;

import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.alarm.AlarmHistoryQuery;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.http.ApiResponse;
import dev.vigil.engine.store.AlarmStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        AlarmHistoryQuery q = AlarmHistoryQuery.parse(req::param, entities);
        return CompletableFuture.supplyAsync(() -> Envelope.ok(read(q.filter(), q.limit())), blocking);
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

    private String name(UUID guid) {
        return guid == null ? null : entities.get(guid).map(Entity::name).orElse(guid.toString());
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
