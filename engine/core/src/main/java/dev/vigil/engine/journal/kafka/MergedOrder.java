package dev.vigil.engine.journal.kafka;

import dev.vigil.api.Event;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Merges the partitions' events into the one order of their {@link ClusterSequence} ids. An event
 * is released once no partition can still bring a lower id: each other partition has an event
 * waiting with a higher id, or has already shown a record (an event or a tick) with a higher id,
 * since a partition's ids only grow. A partition that has shown nothing holds everything back:
 * that is what ticks are for. A partition marked {@linkplain #exhausted exhausted} (a bounded read
 * reached its end) holds nothing back.
 *
 * <p>Every node merges the same log the same way, so they release the same events in the same
 * order with the same ids. Not thread-safe: one reader owns it.
 */
final class MergedOrder {
    private final PartitionClock[] clocks;
    private final ArrayDeque<Event>[] waiting;
    /** The highest id each partition has shown; -1 before its first record. */
    private final long[] shown;

    private final boolean[] exhausted;
    private int size;

    @SuppressWarnings("unchecked")
    MergedOrder(int partitions) {
        clocks = new PartitionClock[partitions];
        waiting = new ArrayDeque[partitions];
        shown = new long[partitions];
        exhausted = new boolean[partitions];
        Arrays.fill(shown, -1);
        for (int p = 0; p < partitions; p++) {
            clocks[p] = new PartitionClock(p);
            waiting[p] = new ArrayDeque<>();
        }
    }

    int partitions() {
        return clocks.length;
    }

    /** An event record of {@code partition}, in offset order; it waits until {@link #release} may hand it on. */
    void event(int partition, long appendMillis, Event unstamped) {
        long id = clocks[partition].stamp(appendMillis);
        shown[partition] = id;
        waiting[partition].addLast(unstamped.withSequence(id));
        size++;
    }

    /** A record of {@code partition} that carries no event (a tick): it only moves the partition's time on. */
    void tick(int partition, long appendMillis) {
        shown[partition] = clocks[partition].stamp(appendMillis);
    }

    /** The partition has nothing more to bring (a bounded read got to its end). */
    void exhausted(int partition) {
        exhausted[partition] = true;
    }

    /** Events waiting to be released. */
    int waiting() {
        return size;
    }

    /** Hands on, in id order, every event no partition can still precede; returns how many. */
    int release(Consumer<Event> out) {
        int released = 0;
        while (size > 0) {
            int lowest = -1;
            long lowestId = Long.MAX_VALUE;
            for (int p = 0; p < waiting.length; p++) {
                Event head = waiting[p].peekFirst();
                if (head != null && head.getSequence() < lowestId) {
                    lowestId = head.getSequence();
                    lowest = p;
                }
            }
            for (int p = 0; p < waiting.length; p++) {
                if (p != lowest && waiting[p].isEmpty() && !exhausted[p] && shown[p] < lowestId) {
                    return released;
                }
            }
            out.accept(waiting[lowest].pollFirst());
            size--;
            released++;
        }
        return released;
    }
}
