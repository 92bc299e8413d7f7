package dev.vigil.engine.outbox;

import dev.vigil.api.AlarmChange;
import dev.vigil.api.Event;
import dev.vigil.api.SinkItem;

/**
 * One item on its way to one sink: an event or an alarm change, and how often it was tried.
 * {@code fromRule} marks an item outside the journal stream the sink's cursor follows (an event a
 * rule sent with {@code sinks.send}, a dead letter retried): it neither moves nor is skipped by that
 * cursor. {@code sendId}, when not 0, is the stored row of a rule's send, forgotten once handled.
 */
record Delivery(Event event, AlarmChange change, int attempts, boolean fromRule, long sendId, long position) {

    Delivery(Event event, AlarmChange change, int attempts) {
        this(event, change, attempts, false, 0, 0);
    }

    Delivery(Event event, AlarmChange change, int attempts, boolean fromRule) {
        this(event, change, attempts, fromRule, 0, 0);
    }

    Delivery(Event event, AlarmChange change, int attempts, boolean fromRule, long sendId) {
        this(event, change, attempts, fromRule, sendId, 0);
    }

    /**
     * Where an alarm change stands in the order the sink's cursor follows: its change id on one node,
     * its place in the cluster's order of changes on a cluster.
     */
    long changePosition() {
        return position != 0 ? position : change.changeId();
    }

    static Delivery ofChange(AlarmChange c, long position) {
        return new Delivery(null, c, 0, false, 0, position);
    }

    static Delivery ofEvent(Event e) {
        return new Delivery(e, null, 0, false);
    }

    static Delivery ofChange(AlarmChange c) {
        return new Delivery(null, c, 0, false);
    }

    static Delivery sentByRule(Event e, long sendId) {
        return new Delivery(e, null, 0, true, sendId);
    }

    Delivery withAttempts(int n) {
        return new Delivery(event, change, n, fromRule, sendId, position);
    }

    String kind() {
        return event != null ? "event" : "alarm";
    }

    /** The idempotency key downstream systems can use to drop duplicates. */
    String key() {
        return event != null ? "event-" + event.getSequence() : "alarm-change-" + change.changeId();
    }

    SinkItem item() {
        return event != null ? SinkItem.of(event) : SinkItem.of(change);
    }

    Delivery retried() {
        return new Delivery(event, change, attempts + 1, fromRule, sendId, position);
    }
}
