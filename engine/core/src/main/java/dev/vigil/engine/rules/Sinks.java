package dev.vigil.engine.rules;

import dev.vigil.api.Event;

/**
 * The {@code sinks} global: {@code global dev.vigil.engine.rules.Sinks sinks;}. Hands an event to
 * one configured sink by instance name; returns at once (delivery runs on the sink's own thread).
 */
public interface Sinks {
    void send(String sinkName, Event event);

    /** A ticket for every send so far; {@link #isSent} says when they are all kept (the rules checkpoint waits). */
    default long sendTicket() {
        return 0;
    }

    default boolean isSent(long ticket) {
        return true;
    }
}
