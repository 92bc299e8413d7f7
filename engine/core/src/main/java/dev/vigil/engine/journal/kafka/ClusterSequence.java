package dev.vigil.engine.journal.kafka;

/**
 * The sequence number an event gets in a cluster, the same on every node: the time the broker
 * appended it, its partition, and its place among that partition's events of the same millisecond,
 * packed into one long ({@code 41 bits of ms since 2020 | 10 bits partition | 12 bits index}).
 *
 * <p>Why not the offset: offsets count per partition, so a quiet partition's new events would carry
 * numbers below a busy one's old events, and a reader resuming "after id N" (Camlytics' {@code
 * sinceId}, a sink's cursor) would skip them. Ordering by append time, then partition, then index
 * gives one order every node computes alike from the log alone; {@link MergedOrder} releases events
 * in it. The numbers are large (about 2^59 today): JavaScript clients should read them as text.
 */
public final class ClusterSequence {
    /** 2020-01-01T00:00:00Z: the ids fit in 63 bits until 2089. */
    static final long EPOCH_MILLIS = 1_577_836_800_000L;

    static final int PARTITION_BITS = 10;
    static final int INDEX_BITS = 12;
    public static final int MAX_PARTITIONS = 1 << PARTITION_BITS;
    static final int INDEX_LIMIT = 1 << INDEX_BITS;

    private ClusterSequence() {}

    public static long of(long appendMillis, int partition, int index) {
        if (partition < 0 || partition >= MAX_PARTITIONS) {
            throw new IllegalArgumentException("partition " + partition + " is outside 0.." + (MAX_PARTITIONS - 1));
        }
        if (index < 0 || index >= INDEX_LIMIT) {
            throw new IllegalArgumentException("index " + index + " is outside 0.." + (INDEX_LIMIT - 1));
        }
        long since = Math.max(0, appendMillis - EPOCH_MILLIS);
        return (since << (PARTITION_BITS + INDEX_BITS)) | ((long) partition << INDEX_BITS) | index;
    }

    /** The append time an id was stamped with (epoch ms). */
    public static long millisOf(long id) {
        return (id >>> (PARTITION_BITS + INDEX_BITS)) + EPOCH_MILLIS;
    }

    public static int partitionOf(long id) {
        return (int) ((id >>> INDEX_BITS) & (MAX_PARTITIONS - 1));
    }

    /** The lowest id any event appended at {@code millis} or later can have. */
    public static long firstAt(long millis) {
        return of(Math.max(millis, EPOCH_MILLIS), 0, 0);
    }
}
