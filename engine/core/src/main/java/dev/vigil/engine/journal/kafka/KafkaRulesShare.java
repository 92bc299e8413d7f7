package dev.vigil.engine.journal.kafka;

import dev.vigil.api.Event;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.concurrent.Threads;
import dev.vigil.engine.rules.RulesShare;
import dev.vigil.engine.store.RulesCheckpointStore;
import dev.vigil.engine.store.RulesCheckpointStore.PartitionMark;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's share of the rules on a cluster: the partitions that Kafka's consumer group {@code
 * vigil-rules.<topic>} assigns it. The group member reads nothing (its partitions stay paused: the
 * journal's reader brings every event); it only takes part in the assignment and keeps its place by
 * polling. Partition checkpoints live in the shared store, so a partition's next owner starts where
 * the last one had got.
 */
public final class KafkaRulesShare implements RulesShare {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRulesShare.class);

    private final KafkaJournal journal;
    private final RulesCheckpointStore store;
    private final String node;
    private final Duration sessionTimeout;
    private final Set<Integer> assigned = new TreeSet<>();
    private final Duration maxLag;
    private final java.util.concurrent.ScheduledExecutorService lagCheck = Threads.scheduler("vigil-kafka-lag");
    private volatile String pressure;
    private volatile boolean running = true;
    private KafkaConsumer<byte[], byte[]> member;
    private Thread thread;

    public KafkaRulesShare(
            KafkaJournal journal, RulesCheckpointStore store, String node, Duration sessionTimeout, Duration maxLag) {
        this.maxLag = maxLag;
        lagCheck.scheduleWithFixedDelay(this::checkLag, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        this.journal = journal;
        this.store = store;
        this.node = node;
        this.sessionTimeout = sessionTimeout;
    }

    @Override
    public int partitionOf(Event e) {
        return ClusterSequence.partitionOf(e.getSequence());
    }

    @Override
    public int partitionOf(Alarm a) {
        // Where Kafka's default partitioner sends events keyed by the alarm's source.
        byte[] key = String.valueOf(a.getSourceGuid()).getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % journal.partitions();
    }

    @Override
    public boolean assigned() {
        return true;
    }

    @Override
    public Map<Integer, PartitionMark> marks(Set<Integer> partitions, long windowMillis) {
        Map<Integer, PartitionMark> found = new HashMap<>(store.read(journal.topic(), partitions));
        long windowStart = ClusterSequence.firstAt(System.currentTimeMillis() - windowMillis) - 1;
        for (int p : partitions) {
            found.putIfAbsent(p, new PartitionMark(windowStart, 0, windowStart));
        }
        return found;
    }

    @Override
    public void save(Set<Integer> partitions, PartitionMark mark, long behindMillis) {
        store.write(journal.topic(), partitions, mark, behindMillis, node, System.currentTimeMillis());
    }

    @Override
    public long waitedMillis(Event e) {
        return System.currentTimeMillis() - ClusterSequence.millisOf(e.getSequence());
    }

    @Override
    public String pressure() {
        return pressure;
    }

    /** Reads how far behind every node's rules are, so that any node refuses events while one is too far behind. */
    private void checkLag() {
        try {
            long now = System.currentTimeMillis();
            Map<Integer, Long> behind = store.behind(journal.topic(), now - 2 * sessionTimeout.toMillis());
            List<Integer> late = behind.entrySet().stream()
                    .filter(e -> e.getValue() > maxLag.toMillis())
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList();
            pressure = late.isEmpty()
                    ? null
                    : "the rules of partition(s) " + late + " are "
                            + behind.get(late.get(0)) / 1000 + " s behind (journal.kafka.maxRulesLag is "
                            + maxLag.toSeconds() + " s)";
        } catch (RuntimeException e) {
            // The store is checked by its own probe; an unknown lag refuses nothing.
            pressure = null;
        }
    }

    @Override
    public synchronized void join(Consumer<Set<Integer>> assignments) {
        member = journal.groupMember("vigil-rules." + journal.topic(), sessionTimeout);
        member.subscribe(List.of(journal.topic()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                change(partitions, false, assignments);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                member.pause(partitions);
                change(partitions, true, assignments);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                change(partitions, false, assignments);
            }
        });
        thread = Threads.daemon("vigil-kafka-rules-share", this::stayInGroup);
        thread.start();
    }

    private void change(Collection<TopicPartition> partitions, boolean gained, Consumer<Set<Integer>> assignments) {
        if (partitions.isEmpty()) {
            return;
        }
        for (TopicPartition tp : partitions) {
            if (gained) {
                assigned.add(tp.partition());
            } else {
                assigned.remove(tp.partition());
            }
        }
        LOG.info(
                "Kafka {} partition(s) {} of {}: this node's rules now run {}",
                gained ? "assigned" : "took back",
                partitions.stream().map(TopicPartition::partition).sorted().toList(),
                journal.topic(),
                assigned);
        assignments.accept(Set.copyOf(assigned));
    }

    private void stayInGroup() {
        try {
            while (running) {
                // Paused partitions return nothing; the poll keeps the membership and runs the callbacks.
                member.poll(Duration.ofMillis(200));
            }
        } catch (WakeupException stopping) {
            // leave() woke it
        } catch (RuntimeException e) {
            LOG.error("This node left the rules' consumer group of {}: {}", journal.topic(), e.toString());
        } finally {
            member.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public synchronized void leave() {
        running = false;
        lagCheck.shutdownNow();
        if (member != null) {
            member.wakeup();
            try {
                thread.join(6_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
