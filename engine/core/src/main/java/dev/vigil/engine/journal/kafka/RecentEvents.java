package dev.vigil.engine.journal.kafka;

import dev.vigil.api.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * The newest events released, in id order, in a fixed ring: readers that want what came after an id
 * they have seen lately (a long poll, a sink a little behind) get it from memory instead of a read
 * of the topic. One writer (the reader thread); any number of readers.
 */
final class RecentEvents {
    private final Event[] ring;
    private long added;
    /** Every event with a higher id than this is held, or not released yet. */
    private long completeAfter;

    /** @param completeAfter the ring holds every event above this id that is released from now on */
    RecentEvents(int capacity, long completeAfter) {
        ring = new Event[capacity];
        this.completeAfter = completeAfter;
    }

    synchronized void add(List<Event> inOrder) {
        for (Event e : inOrder) {
            int slot = (int) (added++ % ring.length);
            if (ring[slot] != null) {
                completeAfter = ring[slot].getSequence();
            }
            ring[slot] = e;
        }
    }

    /** Events with ids at or below this may be missing here (never read, or pushed out). */
    synchronized long completeAfter() {
        return completeAfter;
    }

    /**
     * Up to {@code max} events with ids above {@code after}, oldest first; empty when there are none;
     * null when {@code after} is below {@link #completeAfter} (the caller reads the topic up to there
     * first).
     */
    synchronized List<Event> after(long after, int max) {
        if (after < completeAfter) {
            return null;
        }
        long count = held();
        long lo = added - count;
        long hi = added;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (at(mid).getSequence() <= after) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int n = (int) Math.min(max, added - lo);
        List<Event> out = new ArrayList<>(n);
        for (long i = lo; i < lo + n; i++) {
            out.add(at(i));
        }
        return out;
    }

    private long held() {
        return Math.min(added, ring.length);
    }

    private Event at(long index) {
        return ring[(int) (index % ring.length)];
    }
}
