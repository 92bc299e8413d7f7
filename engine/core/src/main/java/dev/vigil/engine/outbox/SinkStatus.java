package dev.vigil.engine.outbox;

/**
 * One running sink instance as an operator sees it.
 *
 * @param pending items in its queue now
 * @param behind whether it is re-reading the journal or store because its queue overflowed
 * @param delivered items delivered since it started; {@code failed}: attempts that failed
 * @param lastError the latest failed attempt (item and reason), or null
 * @param lastErrorAtMillis when, or 0
 * @param cursorEvent the highest journal sequence handled; {@code cursorChange}: the highest alarm change
 */
public record SinkStatus(
        String name,
        String type,
        boolean events,
        boolean alarms,
        int pending,
        boolean behind,
        long delivered,
        long failed,
        String lastError,
        long lastErrorAtMillis,
        long cursorEvent,
        long cursorChange) {}
