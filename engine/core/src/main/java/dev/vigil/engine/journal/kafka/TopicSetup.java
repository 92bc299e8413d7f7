package dev.vigil.engine.journal.kafka;

import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.journal.JournalOpenException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the events topic exists: created with the configured partitions, replication and
 * retention, with broker append times (the ids follow them), or found as another node or an
 * administrator made it. Answers its partition count.
 */
final class TopicSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    private static final long WAIT_SECONDS = 30;

    private TopicSetup() {}

    /** A topic of one partition (one order for every reader), made when missing. */
    static void ensureSingle(KafkaClients clients, VigilConfig.Kafka config, String name) {
        try (Admin admin = Admin.create(clients.admin())) {
            NewTopic topic = new NewTopic(name, 1, config.replication)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(config.retention.toMillis())));
            try {
                admin.createTopics(List.of(topic)).all().get(WAIT_SECONDS, TimeUnit.SECONDS);
                LOG.info("Created Kafka topic {} for the alarm changes between nodes", name);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new JournalOpenException(
                            "cannot set up Kafka topic " + name + ": "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
            }
        } catch (TimeoutException e) {
            throw new JournalOpenException("Kafka at " + config.bootstrapServers + " did not answer within "
                    + WAIT_SECONDS + " s (is journal.kafka.bootstrapServers right?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalOpenException("interrupted while setting up Kafka topic " + name);
        }
    }

    static int ensure(KafkaClients clients, VigilConfig.Kafka config) {
        try (Admin admin = Admin.create(clients.admin())) {
            NewTopic topic = new NewTopic(config.topic, config.partitions, config.replication)
                    .configs(Map.of(
                            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime",
                            TopicConfig.RETENTION_MS_CONFIG, String.valueOf(config.retention.toMillis()),
                            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                                    String.valueOf(Math.max(1, Math.min(2, config.replication - 1)))));
            try {
                admin.createTopics(List.of(topic)).all().get(WAIT_SECONDS, TimeUnit.SECONDS);
                LOG.info(
                        "Created Kafka topic {} with {} partition(s), {} replica(s), events kept {}",
                        config.topic,
                        config.partitions,
                        config.replication,
                        config.retention);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            TopicDescription found = admin.describeTopics(List.of(config.topic))
                    .allTopicNames()
                    .get(WAIT_SECONDS, TimeUnit.SECONDS)
                    .get(config.topic);
            int partitions = found.partitions().size();
            if (partitions > ClusterSequence.MAX_PARTITIONS) {
                throw new JournalOpenException("Kafka topic " + config.topic + " has " + partitions
                        + " partitions; Vigil reads at most " + ClusterSequence.MAX_PARTITIONS);
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, config.topic);
            Config settings = admin.describeConfigs(List.of(resource))
                    .all()
                    .get(WAIT_SECONDS, TimeUnit.SECONDS)
                    .get(resource);
            String stamping =
                    settings.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value();
            if (!"LogAppendTime".equals(stamping)) {
                LOG.warn(
                        "Kafka topic {} stamps records with {} rather than LogAppendTime: event ids then follow the"
                                + " producing nodes' clocks, and a node with a fast clock delays every reader",
                        config.topic,
                        stamping);
            }
            return partitions;
        } catch (ExecutionException e) {
            throw new JournalOpenException(
                    "cannot set up Kafka topic " + config.topic + " at " + config.bootstrapServers + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new JournalOpenException("Kafka at " + config.bootstrapServers + " did not answer within "
                    + WAIT_SECONDS + " s (is journal.kafka.bootstrapServers right?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalOpenException("interrupted while setting up Kafka topic " + config.topic);
        }
    }
}
