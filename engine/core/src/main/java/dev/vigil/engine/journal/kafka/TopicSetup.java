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
        withAdmin(clients, config, name, admin -> {
            NewTopic topic = new NewTopic(name, 1, config.replication)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(config.retention.toMillis())));
            if (createIfMissing(admin, topic)) {
                LOG.info("Created Kafka topic {} for the alarm changes between nodes", name);
            }
            return null;
        });
    }

    static int ensure(KafkaClients clients, VigilConfig.Kafka config) {
        return withAdmin(clients, config, config.topic, admin -> {
            NewTopic topic = new NewTopic(config.topic, config.partitions, config.replication)
                    .configs(Map.of(
                            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime",
                            TopicConfig.RETENTION_MS_CONFIG, String.valueOf(config.retention.toMillis()),
                            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                                    String.valueOf(Math.max(1, Math.min(2, config.replication - 1)))));
            if (createIfMissing(admin, topic)) {
                LOG.info(
                        "Created Kafka topic {} with {} partition(s), {} replica(s), events kept {}",
                        config.topic,
                        config.partitions,
                        config.replication,
                        config.retention);
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
        });
    }

    /** True when this call made the topic; false when it was there already. */
    private static boolean createIfMissing(Admin admin, NewTopic topic)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            admin.createTopics(List.of(topic)).all().get(WAIT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw e;
        }
    }

    private interface AdminWork<T> {
        T run(Admin admin) throws ExecutionException, TimeoutException, InterruptedException;
    }

    /** Runs {@code work} with an admin client; whatever Kafka answers wrong is a {@link JournalOpenException} naming the topic. */
    private static <T> T withAdmin(KafkaClients clients, VigilConfig.Kafka config, String topic, AdminWork<T> work) {
        try (Admin admin = Admin.create(clients.admin())) {
            return work.run(admin);
        } catch (ExecutionException e) {
            throw new JournalOpenException(
                    "cannot set up Kafka topic " + topic + " at " + config.bootstrapServers + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new JournalOpenException("Kafka at " + config.bootstrapServers + " did not answer within "
                    + WAIT_SECONDS + " s (is journal.kafka.bootstrapServers right?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalOpenException("interrupted while setting up Kafka topic " + topic);
        }
    }
}
