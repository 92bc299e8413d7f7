package dev.vigil.api;

import java.util.Objects;
import java.util.UUID;

/**
 * What a plugin may know of a configured entity: enough to name it to the outside world.
 *
 * @param type the entity type's name ({@code Camera}, {@code Door}, ...)
 * @param logicalId the entity's logical id, unique within its type
 */
public record EntityInfo(UUID guid, String type, int logicalId, String name) {
    public EntityInfo {
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(type, "type");
        name = name == null ? "" : name;
    }
}
