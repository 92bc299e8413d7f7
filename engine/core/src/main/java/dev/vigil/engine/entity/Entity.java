package dev.vigil.engine.entity;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One configured entity. Fields that do not apply to a type are empty: {@code streamUri} for
 * cameras, {@code camera} (the nearest camera) for doors, {@code priority}, {@code recipients}
 * and {@code reactivationThreshold} for alarms, {@code members} for user groups.
 */
public record Entity(
        UUID guid,
        EntityType type,
        int logicalId,
        String name,
        String streamUri,
        UUID camera,
        int priority,
        List<UUID> recipients,
        Duration reactivationThreshold,
        List<UUID> members) {

    public Entity {
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(type, "type");
        name = name == null ? "" : name;
        streamUri = streamUri == null ? "" : streamUri;
        recipients = List.copyOf(recipients);
        members = List.copyOf(members);
        reactivationThreshold = reactivationThreshold == null ? Duration.ZERO : reactivationThreshold;
    }

    /** {@code LogicalID(Type,N)} as the Web SDK writes it. */
    public String logicalRef() {
        return "LogicalID(" + type + "," + logicalId + ")";
    }
}
