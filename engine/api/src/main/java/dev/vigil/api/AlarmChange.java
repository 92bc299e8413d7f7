package dev.vigil.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of an alarm instance, delivered to sinks after it has been persisted.
 *
 * @param kind what happened
 * @param alarm the instance after the change
 * @param at when the change was made
 * @param changeId unique, increasing id of this change; sinks use it as an idempotency key
 */
public record AlarmChange(Kind kind, AlarmSnapshot alarm, Instant at, long changeId) {

    public AlarmChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(alarm, "alarm");
        Objects.requireNonNull(at, "at");
    }

    /** The kinds of change an alarm instance goes through. */
    public enum Kind {
        TRIGGERED,
        RETRIGGERED,
        INVESTIGATING,
        FORWARDED,
        CONTEXT_EDITED,
        SOURCE_CONDITION_CLEARED,
        ACKNOWLEDGED
    }
}
