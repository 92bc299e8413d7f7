package dev.vigil.engine.directory;

import dev.vigil.engine.entity.EntityType;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.store.DirectoryStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The site's custom events: user-defined event types with a unique numeric id, a name (names may
 * repeat) and the entity type that raises them. Stored, so they survive restarts.
 */
public final class CustomEventCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(CustomEventCatalog.class);
    public static final int MAX_NAME_LENGTH = 256;

    /** One custom event definition. */
    public record CustomEvent(int id, String name, EntityType sourceType, UUID owner) {}

    private final DirectoryStore store;
    private final Map<Integer, CustomEvent> byId = new ConcurrentSkipListMap<>();

    public CustomEventCatalog(DirectoryStore store) {
        this.store = store;
        for (DirectoryStore.CustomEventRow row : store.customEvents()) {
            Optional<EntityType> type = EntityType.parse(row.entityType());
            if (type.isEmpty()) {
                LOG.warn("Stored custom event {} ignored: unknown entity type '{}'", row.id(), row.entityType());
                continue;
            }
            byId.put(row.id(), new CustomEvent(row.id(), row.name(), type.get(), UUID.fromString(row.owner())));
        }
    }

    public synchronized CustomEvent add(int id, String name, String entityType, UUID owner) {
        if (id <= 0) {
            throw new RefusedException(
                    ErrorCode.INVALID_VALUE, "a custom event id must be a positive integer, was " + id);
        }
        if (name == null || name.isBlank()) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, "a custom event needs a name");
        }
        if (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw new RefusedException(
                    ErrorCode.INVALID_VALUE,
                    "a custom event name must be at most " + MAX_NAME_LENGTH
                            + " characters without control characters");
        }
        EntityType type = EntityType.parse(entityType)
                .orElseThrow(() -> new RefusedException(
                        ErrorCode.INVALID_VALUE,
                        "'" + entityType + "' is not an entity type; use one of " + List.of(EntityType.values())));
        if (byId.containsKey(id)) {
            throw new RefusedException(
                    ErrorCode.CUSTOM_EVENT_ALREADY_EXISTS,
                    "custom event id " + id + " is already used by '"
                            + byId.get(id).name() + "'; ids are unique");
        }
        CustomEvent ce = new CustomEvent(id, name.trim(), type, owner);
        store.insertCustomEvent(new DirectoryStore.CustomEventRow(id, ce.name(), type.name(), owner.toString()));
        byId.put(id, ce);
        return ce;
    }

    public synchronized void remove(int id) {
        if (!byId.containsKey(id)) {
            throw new RefusedException(ErrorCode.UNKNOWN_CUSTOM_EVENT, "no custom event with id " + id);
        }
        store.deleteCustomEvent(id);
        byId.remove(id);
    }

    public Optional<CustomEvent> find(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<CustomEvent> all() {
        return List.copyOf(byId.values());
    }

    public List<CustomEvent> raisedBy(EntityType type) {
        return byId.values().stream().filter(c -> c.sourceType() == type).toList();
    }
}
