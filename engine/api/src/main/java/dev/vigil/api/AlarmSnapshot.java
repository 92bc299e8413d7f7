package dev.vigil.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Immutable view of one alarm instance at one moment, as sinks receive it.
 *
 * @param instanceId increasing instance id, unique across restarts
 * @param alarm GUID of the alarm entity
 * @param alarmName display name of the alarm entity
 * @param source GUID of the entity that triggered it (all zeros when none)
 * @param state current state
 * @param priority 1..255, lower is more urgent
 * @param context free text context (DynamicAlarmContent)
 * @param attachedEntities entities linked to the instance (e.g. the nearest camera)
 * @param triggerTime when the triggering event happened
 * @param creationTime when the instance was created
 * @param ackTime when acknowledged, or null
 * @param ackBy user who acknowledged (all zeros when none)
 * @param triggerCount how many triggers this instance absorbed (1 for a fresh instance)
 * @param rule the rule that triggered it, as {@code name (file.drl)}; null when an operator or an integration did
 */
public record AlarmSnapshot(
        long instanceId,
        UUID alarm,
        String alarmName,
        UUID source,
        AlarmState state,
        int priority,
        String context,
        List<UUID> attachedEntities,
        Instant triggerTime,
        Instant creationTime,
        Instant ackTime,
        UUID ackBy,
        int triggerCount,
        String rule) {

    /** Without the rule (an instance an operator or an integration triggered). */
    public AlarmSnapshot(
            long instanceId,
            UUID alarm,
            String alarmName,
            UUID source,
            AlarmState state,
            int priority,
            String context,
            List<UUID> attachedEntities,
            Instant triggerTime,
            Instant creationTime,
            Instant ackTime,
            UUID ackBy,
            int triggerCount) {
        this(
                instanceId,
                alarm,
                alarmName,
                source,
                state,
                priority,
                context,
                attachedEntities,
                triggerTime,
                creationTime,
                ackTime,
                ackBy,
                triggerCount,
                null);
    }

    public AlarmSnapshot {
        Objects.requireNonNull(alarm, "alarm");
        Objects.requireNonNull(state, "state");
        attachedEntities = List.copyOf(attachedEntities);
    }
}
