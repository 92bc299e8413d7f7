package dev.vigil.engine.camlytics;

import dev.vigil.api.Event;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.entity.EntityType;
import dev.vigil.engine.journal.Journal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Camlytics events are the journal's camera events: {@code event_id} is the journal sequence, so the
 * API needs no store of its own and reaches as far back as the journal keeps segments. Reads run on
 * a worker thread (they touch the disk).
 */
final class CamlyticsEvents {
    /** One matching event and the camera it came from. */
    record Found(Event event, Entity camera) {}

    private final Journal journal;
    private final EntityRegistry entities;

    CamlyticsEvents(Journal journal, EntityRegistry entities) {
        this.journal = journal;
        this.entities = entities;
    }

    /** The camera that raised an event, or null for events of other entities (doors, zones...). */
    Entity cameraOf(Event e) {
        if (!EntityType.Camera.name().equals(e.getSourceType())) {
            return null;
        }
        return entities.get(e.getSource())
                .filter(c -> c.type() == EntityType.Camera)
                .orElse(null);
    }

    /** The oldest id still in the journal: a cursor below it has lost the events in between. */
    long oldestId() {
        return journal.firstSequence();
    }

    /**
     * The events a query asks for, in its order. Ascending, it reads forward from the cursor and stops
     * at the limit. Descending without a cursor, it reads the newest part of the journal, widening
     * the window until it has the limit or reaches the oldest event.
     */
    List<Found> find(EventQuery q) {
        if (!q.descending()) {
            List<Found> out = new ArrayList<>();
            journal.scan(q.sinceId(), e -> {
                if (e.getSequence() > q.untilId()) {
                    return false;
                }
                Entity camera = cameraOf(e);
                if (camera != null && q.matches(e, camera)) {
                    out.add(new Found(e, camera));
                }
                return out.size() < q.limit();
            });
            return out;
        }
        long newest = Math.min(journal.lastSequence(), q.untilId());
        long floor = Math.max(q.sinceId(), oldestId() - 1);
        long window = Math.max(256, 4L * q.limit());
        while (true) {
            long from = Math.max(floor, newest - window);
            Deque<Found> last = newestMatches(q, from, newest);
            if (last.size() >= q.limit() || from <= floor) {
                List<Found> out = new ArrayList<>(last);
                Collections.reverse(out);
                return out;
            }
            window *= 4;
        }
    }

    private Deque<Found> newestMatches(EventQuery q, long after, long upTo) {
        Deque<Found> last = new ArrayDeque<>(q.limit() + 1);
        journal.scan(after, e -> {
            if (e.getSequence() > upTo) {
                return false;
            }
            Entity camera = cameraOf(e);
            if (camera != null && q.matches(e, camera)) {
                last.addLast(new Found(e, camera));
                if (last.size() > q.limit()) {
                    last.removeFirst();
                }
            }
            return true;
        });
        return last;
    }

    /** Counts the matching events by a key (their type, their rule) over the retained journal. */
    Map<List<String>, Long> totals(EventQuery q, java.util.function.Function<Found, List<String>> key) {
        Map<List<String>, Long> counts = new LinkedHashMap<>();
        journal.scan(q.sinceId(), e -> {
            if (e.getSequence() > q.untilId()) {
                return false;
            }
            Entity camera = cameraOf(e);
            if (camera != null && q.matches(e, camera)) {
                counts.merge(key.apply(new Found(e, camera)), 1L, Long::sum);
            }
            return true;
        });
        return counts;
    }

    /** The events of a freshly journaled batch that a waiting query asks for, in order. */
    void forEachMatch(List<Event> journaled, EventQuery q, BiConsumer<Event, Entity> match) {
        for (Event e : journaled) {
            Entity camera = cameraOf(e);
            if (camera != null && q.matches(e, camera)) {
                match.accept(e, camera);
            }
        }
    }
}
