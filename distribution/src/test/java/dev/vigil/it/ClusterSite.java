package dev.vigil.it;

import dev.vigil.engine.support.KafkaBroker;
import dev.vigil.engine.support.PostgresServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Vigil nodes of one cluster on this machine: each a daemon process with its own site folder, all
 * on one Kafka topic and one PostgreSQL database, as docs/cluster.md sets them up.
 */
final class ClusterSite implements AutoCloseable {
    final KafkaBroker kafka;
    final PostgresServer pg;
    final List<VigilProcess> nodes = new ArrayList<>();
    private final Path root;
    private final String topic;
    /** The site every node is given (null: the shipped one). */
    String entities;

    ClusterSite(Path root, String topic) throws Exception {
        this.root = root;
        this.topic = topic;
        this.pg = PostgresServer.start();
        this.kafka = KafkaBroker.start();
    }

    /** A node, configured but not started. */
    VigilProcess node(String extraYaml) {
        VigilProcess v = new VigilProcess(root.resolve("node-" + nodes.size()), extraYaml, false);
        v.overlay(
                "60-cluster",
                "store:\n  url: \"" + pg.url() + "\"\n  user: \"" + pg.user() + "\"\n"
                        + "journal:\n  type: kafka\n  kafka:\n    bootstrapServers: \"" + kafka.bootstrap()
                        + "\"\n    topic: " + topic
                        + "\n    partitions: 6\n    tickInterval: 50ms\n    sessionTimeout: 3s\n");
        if (entities != null) {
            try {
                java.nio.file.Files.writeString(v.conf.resolve("entities.yaml"), entities);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        nodes.add(v);
        return v;
    }

    @Override
    public void close() {
        for (VigilProcess v : nodes) {
            v.close();
        }
        kafka.close();
        pg.close();
    }
}
