package dev.vigil.engine.journal.kafka;

/**
 * Stamps one partition's records, in offset order, with their {@link ClusterSequence}: the broker's
 * append time, never going back (a leader on a slower clock is held at the last time seen), and an
 * index among the records of the same millisecond (the 4,097th moves on to the next millisecond).
 * Two readers starting at the same record stamp alike; a reader starting a little earlier stamps the
 * later records alike too, as long as the broker's times did not step back across its start.
 */
final class PartitionClock {
    private final int partition;
    private long millis = Long.MIN_VALUE;
    private int index;

    PartitionClock(int partition) {
        this.partition = partition;
    }

    /**
     * The id of the next record of this partition, appended at {@code appendMillis}. Every later
     * record of the partition gets a higher id.
     */
    long stamp(long appendMillis) {
        if (appendMillis > millis) {
            millis = appendMillis;
            index = 0;
        } else if (++index == ClusterSequence.INDEX_LIMIT) {
            millis++;
            index = 0;
        }
        return ClusterSequence.of(millis, partition, index);
    }
}
