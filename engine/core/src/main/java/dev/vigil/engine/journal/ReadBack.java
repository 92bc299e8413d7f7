package dev.vigil.engine.journal;

import dev.vigil.api.Event;
import java.util.List;
import java.util.function.Consumer;

/**
 * A journal whose events reach the rules and the listeners by being read back from the log, not
 * from the node that accepted them: a shared log, where other nodes append too. The ingest service
 * then only appends, and takes what the journal {@linkplain #deliverTo delivers}.
 */
public interface ReadBack {
    /**
     * From now on, every event the journal reads after those it had when it opened goes to {@code
     * delivery}, in sequence order, one batch at a time, on the journal's reader thread. The delivery
     * may block to slow the reader down (the rules queue is full): the log holds the rest.
     */
    void deliverTo(Consumer<List<Event>> delivery);
}
