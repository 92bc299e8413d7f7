package dev.vigil.engine.alarm;

import java.util.List;
import java.util.UUID;

/**
 * Everything a trigger may carry. {@code priority} 0 means the alarm entity's own priority;
 * {@code ackConditionId} 0 means no acknowledgement condition.
 */
public record TriggerRequest(
        UUID alarm,
        UUID source,
        String triggerEvent,
        String context,
        int priority,
        List<UUID> attachedEntities,
        List<UUID> forwardedRecipients,
        List<String> urls,
        int ackConditionId,
        boolean userAckRequired,
        Double latitude,
        Double longitude,
        String by,
        String rule) {

    /** Without the rule: a trigger from the API or a test. */
    public TriggerRequest(
            UUID alarm,
            UUID source,
            String triggerEvent,
            String context,
            int priority,
            List<UUID> attachedEntities,
            List<UUID> forwardedRecipients,
            List<String> urls,
            int ackConditionId,
            boolean userAckRequired,
            Double latitude,
            Double longitude,
            String by) {
        this(
                alarm,
                source,
                triggerEvent,
                context,
                priority,
                attachedEntities,
                forwardedRecipients,
                urls,
                ackConditionId,
                userAckRequired,
                latitude,
                longitude,
                by,
                null);
    }

    public TriggerRequest {
        attachedEntities = attachedEntities == null ? List.of() : List.copyOf(attachedEntities);
        forwardedRecipients = forwardedRecipients == null ? List.of() : List.copyOf(forwardedRecipients);
        urls = urls == null ? List.of() : List.copyOf(urls);
    }

    public static TriggerRequest simple(UUID alarm, UUID source, String triggerEvent, String context, String by) {
        return new TriggerRequest(
                alarm, source, triggerEvent, context, 0, List.of(), List.of(), List.of(), 0, false, null, null, by);
    }

    public TriggerRequest withPriority(int newPriority) {
        return new TriggerRequest(
                alarm,
                source,
                triggerEvent,
                context,
                newPriority,
                attachedEntities,
                forwardedRecipients,
                urls,
                ackConditionId,
                userAckRequired,
                latitude,
                longitude,
                by,
                rule);
    }

    /** The rule (name and file) whose consequence asked for the trigger. */
    public TriggerRequest withRule(String firingRule) {
        return new TriggerRequest(
                alarm,
                source,
                triggerEvent,
                context,
                priority,
                attachedEntities,
                forwardedRecipients,
                urls,
                ackConditionId,
                userAckRequired,
                latitude,
                longitude,
                by,
                firingRule);
    }

    public TriggerRequest withAttached(List<UUID> entities) {
        return new TriggerRequest(
                alarm,
                source,
                triggerEvent,
                context,
                priority,
                entities,
                forwardedRecipients,
                urls,
                ackConditionId,
                userAckRequired,
                latitude,
                longitude,
                by,
                rule);
    }
}
