package dev.vigil.engine.journal;

import dev.vigil.api.Event;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

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
    default CompletableFuture<List<Event>> append(List<Event> events) {
        CompletableFuture<List<Event>> done = new CompletableFuture<>();
        append(events, done);
        return done;
    }

    /**
     * As {@link #append(List)}, completing {@code done}, which the caller made and may have given
     * its continuations already: they then run on the journal's writer in append order, so whoever
     * they hand the events to sees them in sequence order. (Continuations attached after the call may
     * run on the caller's thread if the append was quick, and then out of order.)
     */
    void append(List<Event> events, CompletableFuture<List<Event>> done);

    /** The highest sequence number on disk (0 for an empty journal). */
    long lastSequence();

    /** Feeds every event with a sequence above {@code afterSequence}, in order, to {@code sink}. */
    void replay(long afterSequence, Consumer<Event> sink);

    /**
     * As {@link #replay}, but stops as soon as {@code visitor} returns false: a reader that wants a
     * few events after a sequence reads those, not the rest of the journal.
     */
    void scan(long afterSequence, Predicate<Event> visitor);

    /** The lowest sequence still retained (older segments were pruned); 1 when nothing was pruned. */
    long firstSequence();

    /** Damaged regions found in the journal (their readable neighbours were kept); empty when all is well. */
    default List<JournalDamage> damage() {
        return List.of();
    }

    @Override
    void close();
}
