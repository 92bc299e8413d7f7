package dev.vigil.engine.outbox;

import dev.vigil.api.AlarmChange;
import dev.vigil.api.Event;

/**
 * One item on its way to one sink: an event or an alarm change, and how often it was tried.
 * {@code fromRule} marks an event a rule sent with {@code sinks.send}: it is not part of the journal
 * stream the sink's cursor follows, so it neither moves nor is skipped by that cursor.
 */
record Delivery(Event event, AlarmChange change, int attempts, boolean fromRule) {

    Delivery(Event event, AlarmChange change, int attempts) {
        this(event, change, attempts, false);
    }

    static Delivery ofEvent(Event e) {
        return new Delivery(e, null, 0, false);
    }

    static Delivery ofChange(AlarmChange c) {
        return new Delivery(null, c, 0, false);
    }

    static Delivery sentByRule(Event e) {
        return new Delivery(e, null, 0, true);
    }

    String kind() {
        return event != null ? "event" : "alarm";
    }

    /** The idempotency key downstream systems can use to drop duplicates. */
    String key() {
        return event != null ? "event-" + event.getSequence() : "alarm-change-" + change.changeId();
    }

    Delivery retried() {
        return new Delivery(event, change, attempts + 1, fromRule);
    }
}
