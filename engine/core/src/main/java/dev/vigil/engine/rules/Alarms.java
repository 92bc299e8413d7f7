package dev.vigil.engine.rules;

import dev.vigil.api.Event;
import dev.vigil.engine.alarm.AckType;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.alarm.AlarmException;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.alarm.TriggerRequest;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.entity.EntityType;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code alarms} global rules call: {@code global dev.vigil.engine.rules.Alarms alarms;}.
 * Alarms are named by GUID, {@code LogicalID(Alarm,N)} or their configured name. Calls return at
 * once: the change is persisted and reported off the rules thread. A refused call (unknown alarm,
 * instance no longer active) is logged and never breaks the rule session.
 */
public final class Alarms {
    private static final Logger LOG = LoggerFactory.getLogger(Alarms.class);
    private static final String BY = "rules";
    private final AlarmService service;
    private final EntityRegistry entities;
    private final FiringRule firingRule;
    private final RepeatedWarnings repeats;

    /** @param repeats keeps a mistake that repeats on every firing to a line a minute */
    public Alarms(AlarmService service, EntityRegistry entities, FiringRule firingRule, RepeatedWarnings repeats) {
        this.service = service;
        this.entities = entities;
        this.firingRule = firingRule;
        this.repeats = repeats;
    }

    /** Logs a rule's mistake, once a minute per rule and mistake however often it fires. */
    private void warn(String problem, String detail) {
        String note = repeats.occurrence(rule() + ": " + problem);
        if (note != null) {
            LOG.warn("{} {}: {}{}", rule(), problem, detail, note);
        }
    }

    /** "rule 'X' (file.drl)" in a message, or "a rule" outside a consequence. */
    private String rule() {
        String r = firingRule.current();
        return r == null ? "A rule" : "Rule " + r;
    }

    /** Triggers {@code alarm} with {@code cause}'s source and type, at the alarm's own priority. */
    public void trigger(String alarm, Event cause) {
        trigger(alarm, cause, cause.getType() + " on " + describe(cause.getSource()), 0);
    }

    public void trigger(String alarm, Event cause, String context) {
        trigger(alarm, cause, context, 0);
    }

    /** As {@link #trigger(String, Event, String)} with an explicit priority (1 most urgent .. 255). */
    public void trigger(String alarm, Event cause, String context, int priority) {
        submit(alarm, cause, context, priority, List.of());
    }

    /** Triggers and attaches the camera configured as nearest to the cause's source (a door's {@code camera:}). */
    public void triggerWithNearestCamera(String alarm, Event cause, String context) {
        UUID camera = entities.get(cause.getSource()).map(Entity::camera).orElse(null);
        if (camera == null && !firingRule.isRebuilding()) {
            warn(
                    "triggered alarm '" + alarm + "' without a camera",
                    describe(cause.getSource()) + " has no camera configured (from " + cause + ")");
        }
        submit(alarm, cause, context, 0, camera == null ? List.of() : List.of(camera));
    }

    public void acknowledge(Alarm instance) {
        run("acknowledge", instance, () -> service.acknowledge(instance.getInstanceId(), null, AckType.ACK, BY));
    }

    /** Acknowledges every active instance of {@code alarm} raised by {@code source}: the auto-ack of a cleared condition. */
    public void acknowledgeFor(String alarm, UUID source) {
        if (firingRule.skipRepeat()) {
            return;
        }
        Entity a = resolveAlarm(alarm);
        if (a == null) {
            return;
        }
        for (Alarm instance : service.active()) {
            if (instance.getAlarmGuid().equals(a.guid())
                    && instance.getSourceGuid().equals(source)) {
                acknowledge(instance);
            }
        }
    }

    public void investigate(Alarm instance) {
        run("investigate", instance, () -> service.investigate(instance.getInstanceId(), null, BY));
    }

    public void forward(Alarm instance, String recipient) {
        run("forward", instance, () -> service.forward(instance.getInstanceId(), List.of(recipient(recipient)), BY));
    }

    /** A user or group by GUID, LogicalID(Type,N) or name, as the trigger's recipients are written. */
    private java.util.UUID recipient(String text) {
        try {
            return entities.resolve(text, null).guid();
        } catch (IllegalArgumentException notARef) {
            try {
                return entities.resolve(text, dev.vigil.engine.entity.EntityType.UserGroup)
                        .guid();
            } catch (IllegalArgumentException notAGroup) {
                return entities.resolve(text, dev.vigil.engine.entity.EntityType.User)
                        .guid();
            }
        }
    }

    public void editContext(Alarm instance, String context) {
        run("edit the context of", instance, () -> service.editContext(instance.getInstanceId(), null, context, BY));
    }

    private void submit(String alarm, Event cause, String context, int priority, List<UUID> attached) {
        if (firingRule.skipRepeat()) {
            return;
        }
        Entity a = resolveAlarm(alarm);
        if (a == null) {
            return;
        }
        try {
            TriggerRequest req = TriggerRequest.simple(a.guid(), cause.getSource(), cause.getType(), context, BY)
                    .withPriority(priority)
                    .withAttached(attached)
                    .withRule(firingRule.current());
            service.trigger(req, cause.getSequence()).exceptionally(t -> {
                LOG.error("Alarm '{}' from {} was not stored: {}", alarm, cause, t.getMessage());
                return null;
            });
        } catch (AlarmException e) {
            warn("could not trigger alarm '" + alarm + "'", e.getMessage() + " (from " + cause + ")");
        }
    }

    private Entity resolveAlarm(String alarm) {
        try {
            return entities.resolve(alarm, EntityType.Alarm);
        } catch (IllegalArgumentException e) {
            warn("names an alarm that is not configured", e.getMessage());
            return null;
        }
    }

    private void run(String what, Alarm instance, Runnable action) {
        if (firingRule.skipRepeat()) {
            return;
        }
        try {
            action.run();
        } catch (AlarmException | IllegalArgumentException e) {
            warn("could not " + what + " an alarm", "instance " + instance.getInstanceId() + ": " + e.getMessage());
        }
    }

    private String describe(UUID guid) {
        return entities.get(guid).map(Entity::name).orElse(guid.toString());
    }
}
