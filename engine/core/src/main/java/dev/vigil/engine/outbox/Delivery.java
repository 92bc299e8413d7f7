package dev.vigil.engine.outbox;

import dev.vigil.api.AlarmChange;
import dev.vigil.api.Event;

/** One item on its way to one sink: an event or an alarm change, and how often it was tried. */
record Delivery(Event event, AlarmChange change, int attempts) {

    String kind() {
        return event != null ? "event" : "alarm";
    }

    /** The idempotency key downstream systems can use to drop duplicates. */
    String key() {
        return event != null ? "event-" + event.getSequence() : "alarm-change-" + change.changeId();
    }

    Delivery retried() {
        return new Delivery(event, change, attempts + 1);
    }
}
