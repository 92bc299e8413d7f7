package dev.vigil.engine.journal.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.api.AlarmChange;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.alarm.AlarmReplication;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.alarm.ClusterChange;
import dev.vigil.engine.concurrent.Threads;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.store.AlarmStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's order of alarm changes: the topic {@code <events topic>-alarms}, one partition. A
 * node puts each group of its changes there (acks=all) before it stores them, with their positions
 * (an instance row only takes a change from further on); every node applies every change in the
 * topic's order, its own again silently, so every view ends as the order says. A node reads the topic
 * from where it ended before the node loaded the active alarms from the store, so no change falls
 * between. The node that runs the sinks also stores the other nodes' changes that are still not in
 * the store a few seconds after they were ordered: their node died between the two.
 */
public final class KafkaAlarmReplication implements AlarmReplication {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaAlarmReplication.class);

    private final String topic;
    private final String node;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private static final Duration REPAIR_AFTER = Duration.ofSeconds(5);
    private final KafkaClients clients;
    private final AlarmStore store;
    private final Duration deliveryTimeout;
    private final java.util.concurrent.ConcurrentLinkedQueue<Seen> unconfirmed =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.ScheduledExecutorService repairer =
            Threads.scheduler("vigil-kafka-alarm-repair");
    private volatile boolean repairing;
    private volatile java.util.function.Consumer<ClusterChange> feed;
    private volatile boolean running = true;
    private Thread thread;
    private long lastSendWarning;

    public KafkaAlarmReplication(VigilConfig.Kafka config, String node, AlarmStore store) {
        this.store = store;
        this.deliveryTimeout = config.deliveryTimeout;
        this.topic = config.topic + "-alarms";
        this.node = node;
        this.clients = new KafkaClients(config, node);
        TopicSetup.ensureSingle(clients, config, topic);
        this.producer = clients.producer();
        this.consumer = clients.reader("alarms");
        this.partition = new TopicPartition(topic, 0);
    }

    @Override
    public void beforeLoad() {
        consumer.assign(List.of(partition));
        consumer.seekToEnd(List.of(partition));
        // The position is taken lazily; take it now, before the store is read.
        consumer.position(partition);
    }

    @Override
    public void follow(AlarmService service) {
        thread = Threads.daemon("vigil-kafka-alarms", () -> apply(service));
        thread.start();
        repairer.scheduleWithFixedDelay(this::repair, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public long[] publish(List<AlarmStore.StoredChange> changes) {
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent =
                new java.util.ArrayList<>(changes.size());
        try {
            for (AlarmStore.StoredChange c : changes) {
                ObjectNode msg = AlarmStore.JSON.createObjectNode();
                msg.put("node", node);
                msg.put("kind", c.kind().name());
                msg.put("changeId", c.changeId());
                msg.put("at", c.atMillis());
                msg.put("by", c.by());
                msg.put("cause", c.causeSequence());
                msg.set("folded", AlarmStore.JSON.valueToTree(c.foldedCauses()));
                msg.set("alarm", AlarmStore.JSON.valueToTree(c.alarm()));
                byte[] key = String.valueOf(c.alarm().getInstanceId()).getBytes(StandardCharsets.UTF_8);
                sent.add(producer.send(new ProducerRecord<>(topic, 0, key, AlarmStore.JSON.writeValueAsBytes(msg))));
            }
            long[] positions = new long[changes.size()];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = sent.get(i)
                                .get(deliveryTimeout.toMillis(), TimeUnit.MILLISECONDS)
                                .offset()
                        + 1;
            }
            return positions;
        } catch (java.util.concurrent.ExecutionException e) {
            warnSend(e.getCause());
            throw new IllegalStateException(
                    "Kafka did not take the alarm change(s): " + e.getCause().getMessage(), e);
        } catch (java.util.concurrent.TimeoutException | com.fasterxml.jackson.core.JsonProcessingException e) {
            warnSend(e);
            throw new IllegalStateException("Kafka did not take the alarm change(s): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ordering alarm changes", e);
        }
    }

    private synchronized void warnSend(Throwable error) {
        long now = System.nanoTime();
        if (lastSendWarning == 0 || now - lastSendWarning > TimeUnit.MINUTES.toNanos(1)) {
            lastSendWarning = now;
            LOG.warn(
                    "Cannot put alarm changes in the cluster's order on {} ({}); they are refused, not stored"
                            + " (said once a minute)",
                    topic,
                    error.toString());
        }
    }

    private void apply(AlarmService service) {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    applyOne(service, r);
                }
            }
        } catch (WakeupException stopping) {
            // close() woke it
        } catch (RuntimeException e) {
            LOG.error("Stopped following the other nodes' alarm changes on {}: {}", topic, e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private void applyOne(AlarmService service, ConsumerRecord<byte[], byte[]> r) {
        ClusterChange c = decode(r);
        if (c == null) {
            return;
        }
        if (node.equals(c.origin())) {
            service.applyOwnEcho(c.alarm());
        } else {
            service.applyRemote(c.kind(), c.alarm(), c.atMillis(), c.changeId());
            if (repairing) {
                unconfirmed.add(new Seen(c, System.nanoTime()));
            }
        }
        java.util.function.Consumer<ClusterChange> f = feed;
        if (f != null) {
            f.accept(c);
        }
    }

    /** Another node's change, and when this node read it. */
    private record Seen(ClusterChange change, long readNanos) {}

    @Override
    public void repairStore(boolean repair) {
        repairing = repair;
        if (!repair) {
            unconfirmed.clear();
        }
    }

    /**
     * Stores the other nodes' changes that their node put in the order but has not stored a few
     * seconds later (it died in between): the order is the record, the store catches up with it.
     */
    private void repair() {
        try {
            long settled = System.nanoTime() - REPAIR_AFTER.toNanos();
            List<ClusterChange> due = new java.util.ArrayList<>();
            for (Seen s; (s = unconfirmed.peek()) != null && s.readNanos() < settled; ) {
                due.add(unconfirmed.poll().change());
            }
            if (due.isEmpty()) {
                return;
            }
            java.util.Set<Long> stored = store.storedChangeIds(
                    due.stream().map(ClusterChange::changeId).toList());
            List<ClusterChange> missing =
                    due.stream().filter(c -> !stored.contains(c.changeId())).toList();
            if (missing.isEmpty()) {
                return;
            }
            store.saveOrdered(
                    missing.stream().map(ClusterChange::stored).toList(),
                    missing.stream().mapToLong(ClusterChange::position).toArray());
            LOG.warn(
                    "Stored {} alarm change(s) that node(s) {} put in the cluster's order but did not store (stopped in"
                            + " between)",
                    missing.size(),
                    new java.util.TreeSet<>(
                            missing.stream().map(ClusterChange::origin).toList()));
        } catch (RuntimeException e) {
            LOG.warn("Cannot check the store for the other nodes' alarm changes: {}", e.getMessage());
        }
    }

    /** The change a record carries, at position offset + 1; null (and a warning) when unreadable. */
    private ClusterChange decode(ConsumerRecord<byte[], byte[]> r) {
        try {
            JsonNode msg = AlarmStore.JSON.readTree(r.value());
            List<Long> folded = new java.util.ArrayList<>();
            msg.path("folded").forEach(f -> folded.add(f.asLong()));
            return new ClusterChange(
                    AlarmChange.Kind.valueOf(msg.get("kind").asText()),
                    AlarmStore.JSON.treeToValue(msg.get("alarm"), Alarm.class),
                    msg.get("at").asLong(),
                    msg.get("changeId").asLong(),
                    r.offset() + 1,
                    msg.path("node").asText(),
                    msg.path("by").isNull() ? null : msg.path("by").asText(null),
                    msg.path("cause").asLong(0),
                    List.copyOf(folded));
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("Skipped an unreadable alarm change at {} offset {}: {}", topic, r.offset(), e.getMessage());
            return null;
        }
    }

    @Override
    public void allChangesTo(java.util.function.Consumer<ClusterChange> feed) {
        this.feed = feed;
    }

    @Override
    public boolean ordersTheCluster() {
        return true;
    }

    @Override
    public long lastPosition() {
        try (KafkaConsumer<byte[], byte[]> reader = clients.reader("alarms-end")) {
            return reader.endOffsets(List.of(partition)).get(partition);
        }
    }

    @Override
    public List<ClusterChange> changesAfter(long position, int limit) {
        List<ClusterChange> out = new java.util.ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> reader = clients.reader("alarms-backlog")) {
            reader.assign(List.of(partition));
            long end = reader.endOffsets(List.of(partition)).get(partition);
            long begin = reader.beginningOffsets(List.of(partition)).get(partition);
            if (position < begin) {
                LOG.warn(
                        "Alarm changes before position {} are no longer kept by {} (retention); a sink behind them skips them",
                        begin + 1,
                        topic);
            }
            reader.seek(partition, Math.max(position, begin));
            while (out.size() < limit && reader.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= end || out.size() >= limit) {
                        break;
                    }
                    ClusterChange c = decode(r);
                    if (c != null) {
                        out.add(c);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        repairer.shutdownNow();
        consumer.wakeup();
        if (thread != null) {
            try {
                thread.join(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(5));
    }
}
