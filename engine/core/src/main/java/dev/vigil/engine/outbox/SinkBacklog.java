package dev.vigil.engine.outbox;

import dev.vigil.api.Event;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where a sink that fell behind reads what it missed: the alarm changes in the store and the events
 * in the journal, after its cursor. Both are durable, so falling behind never loses anything.
 */
interface SinkBacklog {
    /** Up to {@code limit} stored alarm changes after {@code position} (see {@link Delivery#changePosition}), oldest first. */
    List<Delivery> changesAfter(long position, int limit);

    /** Every durable journaled event after {@code sequence}, in order; stops early when {@code feed} says so. */
    void eventsAfter(long sequence, Consumer<Event> feed);
}
