package dev.vigil.engine.journal.kafka;

import dev.vigil.engine.config.VigilConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The Kafka clients a node uses, built from {@code journal.kafka}: the user's extra properties first, Vigil's needs over them. */
final class KafkaClients {
    private final VigilConfig.Kafka config;
    private final String nodeName;

    KafkaClients(VigilConfig.Kafka config, String nodeName) {
        this.config = config;
        this.nodeName = nodeName;
    }

    private Map<String, Object> common(String role) {
        Map<String, Object> p = new HashMap<>(config.properties);
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, "vigil-" + nodeName + "-" + role);
        return p;
    }

    Map<String, Object> admin() {
        return common("admin");
    }

    /** Acknowledges only once every in-sync replica has the event; retries cannot duplicate or reorder. */
    KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> p = common("producer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // send() blocks only for metadata (fetched at open, then refreshed in the background) or a full
        // buffer (the journal bounds what is in flight well below it): never for long on a network thread.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
        long timeout = config.deliveryTimeout.toMillis();
        long request = Math.min(30_000, Math.max(500, timeout / 2));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) request);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout, request + 1));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(p);
    }

    /**
     * A member of a consumer group, for its share of the partitions only: sticky and cooperative, so a
     * node joining or leaving moves as few partitions as it can.
     */
    KafkaConsumer<byte[], byte[]> groupMember(String group, Duration sessionTimeout) {
        Map<String, Object> p = common("share");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                org.apache.kafka.clients.consumer.CooperativeStickyAssignor.class.getName());
        int session = (int) sessionTimeout.toMillis();
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, session);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(100, session / 4));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(p);
    }

    /** A reader that is told its partitions (no group): every node reads every partition. */
    KafkaConsumer<byte[], byte[]> reader(String role) {
        Map<String, Object> p = common(role);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4096);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(p);
    }
}
