package dev.vigil.engine.console;

import dev.vigil.api.Event;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The console's JSON shapes: what an operator needs on screen, names resolved, times as ISO-8601. */
final class ConsoleViews {
    private final EntityRegistry entities;

    ConsoleViews(EntityRegistry entities) {
        this.entities = entities;
    }

    record EntityView(String guid, String name, String type, String streamUri) {}

    record AlarmView(
            long instanceId,
            String alarm,
            String alarmName,
            int priority,
            String state,
            EntityView source,
            String triggerEvent,
            String triggerTime,
            String lastTriggerTime,
            int triggerCount,
            String context,
            String contextBy,
            String rule,
            List<String> urls,
            List<EntityView> attached,
            List<EntityView> forwardedTo,
            String ackBy,
            String ackTime,
            String ackType,
            String investigatedBy,
            boolean userAckRequired) {}

    record EventView(long seq, String type, EntityView source, String time, String origin, Map<String, String> props) {}

    AlarmView alarm(Alarm a) {
        return new AlarmView(
                a.getInstanceId(),
                a.getAlarmGuid().toString(),
                a.getAlarmName(),
                a.getPriority(),
                a.getState().name(),
                entity(a.getSourceGuid()),
                a.getTriggerEvent(),
                text(a.getTriggerTime()),
                text(a.getLastTriggerTime()),
                a.getTriggerCount(),
                a.getContext(),
                a.getContextBy(),
                a.getRule(),
                a.getUrls(),
                a.getAttachedEntities().stream().map(this::entity).toList(),
                a.getForwardedRecipients().stream().map(this::entity).toList(),
                a.getAckBy(),
                text(a.getAckTime()),
                a.getAckType() == null ? null : a.getAckType().name(),
                a.getInvestigatedBy(),
                a.isUserAckRequired());
    }

    EventView event(Event e) {
        return new EventView(
                e.getSequence(),
                e.getType(),
                entity(e.getSource()),
                text(e.getTimestamp()),
                e.getOrigin(),
                e.getProperties());
    }

    EntityView entity(UUID guid) {
        if (guid == null) {
            return null;
        }
        return entities.get(guid)
                .map(ConsoleViews::view)
                .orElseGet(() -> new EntityView(guid.toString(), guid.toString(), null, null));
    }

    static EntityView view(Entity e) {
        return new EntityView(
                e.guid().toString(),
                e.name().isEmpty() ? e.logicalRef() : e.name(),
                e.type().name(),
                e.streamUri().isEmpty() ? null : e.streamUri());
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
