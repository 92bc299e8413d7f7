package dev.vigil.engine.journal;

import dev.vigil.api.Event;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The durable, ordered record of every accepted event. Implementations assign sequence numbers
 * in append order and complete the future only once the events are on stable storage.
 */
public interface Journal extends AutoCloseable {

    /**
     * Appends the events as one unit. The future completes with the events carrying their
     * sequence numbers, after they are durable; it fails with {@link JournalFullException} when
     * the journal cannot take more right now.
     */
    CompletableFuture<List<Event>> append(List<Event> events);

    /** The highest sequence number on disk (0 for an empty journal). */
    long lastSequence();

    /** Feeds every event with a sequence above {@code afterSequence}, in order, to {@code sink}. */
    void replay(long afterSequence, Consumer<Event> sink);

    /** Damaged regions found in the journal (their readable neighbours were kept); empty when all is well. */
    default List<JournalDamage> damage() {
        return List.of();
    }

    @Override
    void close();
}
