package dev.vigil.engine.stream;

import dev.vigil.engine.entity.EntityType;
import java.util.UUID;

/**
 * One {@code event(source,EventType)} of a subscribe or unsubscribe request: either a single
 * entity or every entity of a type (including entities added later).
 */
public record SubscriptionSpec(UUID entity, EntityType entityType, String eventType) {
    public boolean typeWide() {
        return entityType != null;
    }
}
