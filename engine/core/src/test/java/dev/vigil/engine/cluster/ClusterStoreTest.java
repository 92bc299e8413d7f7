package dev.vigil.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.store.ClusterIdStore;
import dev.vigil.engine.store.Database;
import dev.vigil.engine.store.RulesCheckpointStore;
import dev.vigil.engine.store.RulesCheckpointStore.PartitionMark;
import dev.vigil.engine.support.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the shared store a cluster adds, on a real PostgreSQL. */
class ClusterStoreTest {
    private static PostgresServer pg;

    @TempDir
    Path data;

    @BeforeAll
    static void startServer() {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (pg != null) {
            pg.close();
        }
    }

    private Database open() {
        VigilConfig.Store config = new VigilConfig.Store();
        config.url = pg.url();
        config.user = pg.user();
        return new Database(config, data);
    }

    @Test
    void nodesTakeUniqueAlarmIdsAboveThoseAlreadyStored() throws Exception {
        try (Database db = open()) {
            try (Connection c = db.connection();
                    Statement s = c.createStatement()) {
                s.execute("DROP SEQUENCE IF EXISTS vigil_alarm_instance_seq");
                s.execute("DROP SEQUENCE IF EXISTS vigil_alarm_change_seq");
                s.execute("DELETE FROM alarm_change");
                s.execute("DELETE FROM alarm_instance");
                // A single node wrote instance 41 before the site became a cluster.
                s.execute("INSERT INTO alarm_instance (instance_id, alarm_guid, state, doc) VALUES (41, 'a', 0, '{}')");
            }
            SharedAlarmIds a = new SharedAlarmIds(new ClusterIdStore(db));
            SharedAlarmIds b = new SharedAlarmIds(new ClusterIdStore(db));
            Set<Long> instances = ConcurrentHashMap.newKeySet();
            Set<Long> changes = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (SharedAlarmIds node : List.of(a, b, a, b)) {
                done.add(pool.submit(() -> {
                    long last = 0;
                    for (int i = 0; i < 200; i++) {
                        long id = node.nextInstanceId();
                        assertThat(instances.add(id)).isTrue();
                        long change = node.nextChangeId();
                        assertThat(changes.add(change)).isTrue();
                        assertThat(id).isGreaterThan(last);
                        last = id;
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertThat(instances).hasSize(800).allMatch(id -> id > 41);
            assertThat(changes).hasSize(800);
        }
    }

    @Test
    void partitionCheckpointsAreReadByTheNextOwnerAndStaleOnesLeftOutOfTheLag() {
        try (Database db = open()) {
            RulesCheckpointStore store = new RulesCheckpointStore(db);
            store.write("t", List.of(0, 1), new PartitionMark(100, 5_000, 90), 250, "node-a", 10_000);
            store.write("t", List.of(2), new PartitionMark(70, 4_000, 60), 30_000, "node-b", 1_000);
            store.write("t", List.of(1), new PartitionMark(120, 6_000, 110), 0, "node-c", 11_000);
            store.write("other", List.of(0), new PartitionMark(1, 1, 1), 0, "node-x", 11_000);
            assertThat(store.read("t", Set.of(0, 1, 2, 3)))
                    .containsEntry(0, new PartitionMark(100, 5_000, 90))
                    .containsEntry(1, new PartitionMark(120, 6_000, 110))
                    .containsEntry(2, new PartitionMark(70, 4_000, 60))
                    .doesNotContainKey(3);
            // node-b last wrote at 1,000: a dead node's lag is not the cluster's.
            assertThat(store.behind("t", 5_000)).containsOnlyKeys(0, 1).containsEntry(0, 250L);
            assertThat(new HashSet<>(store.behind("t", 0).keySet())).containsExactlyInAnyOrder(0, 1, 2);
        }
    }

    @Test
    void aClusterOnH2IsRefusedWithWhatItNeeds(@TempDir Path h2) {
        try (Database db = new Database(new VigilConfig.Store(), h2)) {
            assertThatThrownBy(() -> new ClusterIdStore(db)).hasMessageContaining("PostgreSQL");
        }
    }
}
