package dev.vigil.api;

/**
 * One item of a batch handed to {@link EventSink#onBatch}: either a journaled event or a persisted
 * alarm change, never both.
 */
public record SinkItem(Event event, AlarmChange change) {

    public SinkItem {
        if ((event == null) == (change == null)) {
            throw new IllegalArgumentException("a sink item is either an event or an alarm change");
        }
    }

    public static SinkItem of(Event event) {
        return new SinkItem(event, null);
    }

    public static SinkItem of(AlarmChange change) {
        return new SinkItem(null, change);
    }

    public boolean isEvent() {
        return event != null;
    }

    /** The idempotency key a receiver can drop duplicates by: {@code event-<sequence>} or {@code alarm-change-<id>}. */
    public String key() {
        return event != null ? "event-" + event.getSequence() : "alarm-change-" + change.changeId();
    }
}
