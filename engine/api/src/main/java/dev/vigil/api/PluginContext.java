package dev.vigil.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What Vigil gives one configured source or sink instance. Implementations are thread-safe.
 */
public interface PluginContext {

    /** The instance name from {@code conf/vigil.yaml} ({@code name:}). */
    String instanceName();

    /** The instance's own {@code settings:} map from {@code conf/vigil.yaml}; never null. */
    Map<String, Object> settings();

    /** A folder under Vigil's data directory reserved for this instance; created on demand. */
    Path dataDirectory();

    /**
     * Hands an event to the ingest path. Blocks until the event is in the journal and returns
     * its sequence number. May be called from any thread.
     *
     * @throws OverloadedException when the rules queue is full; retry later, nothing was stored
     * @throws IllegalArgumentException when the event names an unknown entity or event type
     */
    long publish(Event event) throws OverloadedException;

    /**
     * Hands several events to the ingest path as one unit: one journal write for all of them, which is
     * what lets a source that receives many small messages keep up. Blocks until they are in the
     * journal and returns their sequence numbers, in order. All or nothing: on an exception none was
     * stored.
     *
     * @throws OverloadedException when the rules queue is full; retry later, nothing was stored
     * @throws IllegalArgumentException when an event names an unknown entity or event type
     */
    default long[] publishAll(List<Event> events) throws OverloadedException {
        long[] sequences = new long[events.size()];
        for (int i = 0; i < sequences.length; i++) {
            sequences[i] = publish(events.get(i));
        }
        return sequences;
    }

    /** The configured entity with this GUID (a camera's name and logical id, say), when there is one. */
    default Optional<EntityInfo> entity(UUID guid) {
        return Optional.empty();
    }

    /** Every configured entity, as entities.yaml lists them now. */
    default List<EntityInfo> entities() {
        return List.of();
    }

    /**
     * Tells operators what the instance is doing right now (waiting for a server that is away,
     * following it again); {@code GET /WebSdk/plugins} shows it as the instance's message.
     */
    default void reportStatus(String message) {}
}
