package dev.vigil.engine.journal.kafka;

import dev.vigil.api.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a stretch of the topic that is no longer in memory, in id order: every partition from a
 * little before the first wanted time up to its end when the read began, stamped and merged as the
 * live reader does. The margin lets the partition clocks settle before the first wanted id.
 */
final class TopicScan {
    private static final Logger LOG = LoggerFactory.getLogger(TopicScan.class);
    /** How far before the wanted time a read starts, so its stamps agree with the live reader's. */
    static final long MARGIN_MILLIS = 5_000;

    private TopicScan() {}

    /**
     * Visits the events with ids in ({@code after}, {@code upTo}] in order.
     *
     * @return false when the visitor stopped the read
     */
    static boolean read(
            KafkaClients clients, String topic, int partitions, long after, long upTo, Predicate<Event> visitor) {
        try (KafkaConsumer<byte[], byte[]> consumer = clients.reader("scan")) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            consumer.assign(all);
            long fromMillis = after <= 0 ? 0 : Math.max(0, ClusterSequence.millisOf(after) - MARGIN_MILLIS);
            Map<TopicPartition, Long> times = new HashMap<>();
            all.forEach(tp -> times.put(tp, fromMillis));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all);
            MergedOrder merged = new MergedOrder(partitions);
            boolean[] done = new boolean[partitions];
            int open = partitions;
            for (TopicPartition tp : all) {
                OffsetAndTimestamp start = starts.get(tp);
                long from = start == null ? ends.get(tp) : start.offset();
                consumer.seek(tp, from);
                if (from >= ends.get(tp)) {
                    merged.exhausted(tp.partition());
                    done[tp.partition()] = true;
                    open--;
                }
            }
            boolean[] stopped = {false};
            boolean[] past = {false};
            while (true) {
                if (open > 0) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        if (!done[r.partition()] && r.offset() < ends.get(new TopicPartition(topic, r.partition()))) {
                            TopicRecords.feed(
                                    r,
                                    merged,
                                    what -> LOG.warn("Skipped a record that is not a Vigil event: {}", what));
                        }
                    }
                    for (TopicPartition tp : all) {
                        if (!done[tp.partition()] && consumer.position(tp) >= ends.get(tp)) {
                            done[tp.partition()] = true;
                            merged.exhausted(tp.partition());
                            consumer.pause(List.of(tp));
                            open--;
                        }
                    }
                }
                merged.release(e -> {
                    if (stopped[0] || past[0] || e.getSequence() <= after) {
                        return;
                    }
                    if (e.getSequence() > upTo) {
                        past[0] = true;
                    } else if (!visitor.test(e)) {
                        stopped[0] = true;
                    }
                });
                if (stopped[0]) {
                    return false;
                }
                if (past[0] || (open == 0 && merged.waiting() == 0)) {
                    return true;
                }
            }
        }
    }

    /**
     * The lowest id still on the topic: 1 while no partition has lost its start to retention, else the
     * first id of the oldest time kept.
     */
    static long first(KafkaClients clients, String topic, int partitions) {
        try (KafkaConsumer<byte[], byte[]> consumer = clients.reader("first")) {
            List<TopicPartition> all = new ArrayList<>();
            Map<TopicPartition, Long> times = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                TopicPartition tp = new TopicPartition(topic, p);
                all.add(tp);
                times.put(tp, 0L);
            }
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(all);
            if (beginnings.values().stream().allMatch(o -> o == 0)) {
                return 1;
            }
            long oldest = Long.MAX_VALUE;
            for (OffsetAndTimestamp found : consumer.offsetsForTimes(times).values()) {
                if (found != null) {
                    oldest = Math.min(oldest, found.timestamp());
                }
            }
            return oldest == Long.MAX_VALUE ? 1 : ClusterSequence.firstAt(oldest);
        }
    }
}
