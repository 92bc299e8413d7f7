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
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alarm changes between the nodes of a cluster, through the topic {@code <events topic>-alarms}
 * (one partition: one order for every node). Each node sends the changes it made once they are
 * stored, and applies the others' in the topic's order, skipping its own. A node reads the topic from
 * where it ended before the node loaded the active alarms from the store, so no change falls between.
 */
public final class KafkaAlarmReplication implements AlarmReplication {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaAlarmReplication.class);

    private final String topic;
    private final String node;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final KafkaClients clients;
    private volatile java.util.function.Consumer<ClusterChange> feed;
    private volatile boolean running = true;
    private Thread thread;
    private long lastSendWarning;

    public KafkaAlarmReplication(VigilConfig.Kafka config, String node) {
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
    }

    @Override
    public void onAlarmChange(AlarmChange change, Alarm alarm) {
        ObjectNode msg = AlarmStore.JSON.createObjectNode();
        msg.put("node", node);
        msg.put("kind", change.kind().name());
        msg.put("changeId", change.changeId());
        msg.put("at", change.at().toEpochMilli());
        msg.set("alarm", AlarmStore.JSON.valueToTree(alarm));
        byte[] value;
        try {
            value = AlarmStore.JSON.writeValueAsBytes(msg);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.error("Cannot encode alarm change {} for the other nodes: {}", change.changeId(), e.getMessage());
            return;
        }
        byte[] key = String.valueOf(alarm.getInstanceId()).getBytes(StandardCharsets.UTF_8);
        try {
            producer.send(new ProducerRecord<>(topic, 0, key, value), (sent, error) -> {
                if (error != null) {
                    warnSend(error);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            warnSend(e);
        }
    }

    private synchronized void warnSend(Throwable error) {
        long now = System.nanoTime();
        if (lastSendWarning == 0 || now - lastSendWarning > TimeUnit.MINUTES.toNanos(1)) {
            lastSendWarning = now;
            LOG.warn(
                    "Cannot send alarm changes to the other nodes through {} ({}); they see them at their next start"
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
        if (!node.equals(originOf(r))) {
            service.applyRemote(c.kind(), c.alarm(), c.atMillis(), c.changeId());
        }
        java.util.function.Consumer<ClusterChange> f = feed;
        if (f != null) {
            f.accept(c);
        }
    }

    private static String originOf(ConsumerRecord<byte[], byte[]> r) {
        try {
            return AlarmStore.JSON.readTree(r.value()).path("node").asText();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** The change a record carries, at position offset + 1; null (and a warning) when unreadable. */
    private ClusterChange decode(ConsumerRecord<byte[], byte[]> r) {
        try {
            JsonNode msg = AlarmStore.JSON.readTree(r.value());
            return new ClusterChange(
                    AlarmChange.Kind.valueOf(msg.get("kind").asText()),
                    AlarmStore.JSON.treeToValue(msg.get("alarm"), Alarm.class),
                    msg.get("at").asLong(),
                    msg.get("changeId").asLong(),
                    r.offset() + 1);
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
