package dev.vigil.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.engine.entity.EntitiesFile;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.entity.EntityType;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFilesTest {
    @TempDir
    Path dir;

    private VigilPaths paths() {
        return new VigilPaths(dir, dir, dir.resolve("data"));
    }

    @Test
    void shippedConfigurationLoads() {
        VigilPaths shipped = new VigilPaths(Path.of("../.."), Path.of("../../conf"), dir);
        VigilConfig config = ConfigLoader.load(shipped);
        assertThat(config.http.port).isEqualTo(4590);
        assertThat(config.sinks).extracting(p -> p.type).containsExactly("jsonl-file");
        EntityRegistry entities = EntitiesFile.load(shipped.entitiesYaml());
        Entity door = entities.resolve("LogicalID(Door,1)", EntityType.Door);
        assertThat(entities.get(door.camera()).orElseThrow().name()).isEqualTo("Server room camera");
        Entity motion = entities.resolve("Motion detected", EntityType.Alarm);
        assertThat(motion.reactivationThreshold()).isEqualTo(Duration.ofSeconds(30));
        assertThat(entities.groupsOf(entities.resolve("LogicalID(User,1)", null).guid()))
                .hasSize(1);
    }

    @Test
    void overlaysInVigilDChangeOnlyTheKeysTheyNameInNameOrder() throws IOException {
        Files.writeString(dir.resolve("vigil.yaml"), """
                http:
                  port: 4590
                  workerThreads: 8
                rules:
                  batchSize: 100
                sinks:
                  - name: a
                    type: jsonl-file
                  - name: b
                    type: jsonl-file
                """);
        Files.createDirectories(dir.resolve("vigil.d"));
        Files.writeString(dir.resolve("vigil.d/10-ports.yaml"), "http:\n  port: 0\nstreaming:\n  port: 0\n");
        Files.writeString(
                dir.resolve("vigil.d/20-sinks.yaml"),
                "sinks:\n  - name: c\n    type: jsonl-file\n" + "http:\n  port: 5000\n");
        Files.writeString(dir.resolve("vigil.d/notes.txt"), "not yaml, not read");
        VigilConfig config = ConfigLoader.load(paths());
        assertThat(config.http.port).as("the later overlay wins").isEqualTo(5000);
        assertThat(config.http.workerThreads)
                .as("untouched keys of a merged object stay")
                .isEqualTo(8);
        assertThat(config.streaming.port).isZero();
        assertThat(config.rules.batchSize).isEqualTo(100);
        assertThat(config.sinks)
                .as("a list is replaced whole")
                .extracting(s -> s.name)
                .containsExactly("c");
    }

    @Test
    void aBadKeyInAnOverlayNamesThatFile() throws IOException {
        Files.createDirectories(dir.resolve("vigil.d"));
        Files.writeString(dir.resolve("vigil.d/site.yaml"), "http:\n  prot: 0\n");
        assertThatThrownBy(() -> ConfigLoader.load(paths()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("site.yaml")
                .hasMessageContaining("did you mean 'port'");
    }

    @Test
    void everyNumberAndDurationOfEverySliceCarriesAConstraint() {
        List<String> unchecked = new ArrayList<>();
        for (Class<?> slice : VigilConfig.class.getDeclaredClasses()) {
            for (Field f : slice.getFields()) {
                boolean needs = f.getType() == int.class || f.getType() == long.class || f.getType() == Duration.class;
                boolean has = f.isAnnotationPresent(Constraints.Positive.class)
                        || f.isAnnotationPresent(Constraints.AtLeast.class)
                        || f.isAnnotationPresent(Constraints.NotNegative.class)
                        || f.isAnnotationPresent(Constraints.Port.class);
                if (needs && !has) {
                    unchecked.add(slice.getSimpleName() + "." + f.getName());
                }
            }
        }
        assertThat(unchecked)
                .as("configuration keys without a constraint beside them")
                .isEmpty();
    }

    @Test
    void aValueAgainstItsConstraintIsNamedWithItsPath() throws IOException {
        Files.writeString(dir.resolve("vigil.yaml"), "sinks:\n  - name: a\n    type: t\n    backoff: 0s\n");
        assertThatThrownBy(() -> ConfigLoader.load(paths()))
                .hasMessageContaining("key 'sinks[0].backoff' must be a" + " positive duration");
        Files.writeString(dir.resolve("vigil.yaml"), "journal:\n  segmentBytes: 1000\n");
        assertThatThrownBy(() -> ConfigLoader.load(paths()))
                .hasMessageContaining("key 'journal.segmentBytes' must be" + " at least 1048576");
    }

    @Test
    void missingFileMeansDefaults() {
        assertThat(ConfigLoader.load(paths()).rules.queueCapacity).isEqualTo(200_000);
    }

    @Test
    void unknownKeyNamesFileKeyAndNearestValidName() throws IOException {
        Files.writeString(dir.resolve("vigil.yaml"), "http:\n  prot: 4590\n");
        assertThatThrownBy(() -> ConfigLoader.load(paths()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vigil.yaml")
                .hasMessageContaining("'http.prot'")
                .hasMessageContaining("did you mean 'port'")
                .hasMessageContaining("line 2");
    }

    @Test
    void badValuesNameTheKey() throws IOException {
        Files.writeString(dir.resolve("vigil.yaml"), "rules:\n  eventExpiry: soon\n");
        assertThatThrownBy(() -> ConfigLoader.load(paths())).hasMessageContaining("rules.eventExpiry");
        Files.writeString(dir.resolve("vigil.yaml"), "http:\n  port: 70000\n");
        assertThatThrownBy(() -> ConfigLoader.load(paths())).hasMessageContaining("'http.port'");
        Files.writeString(dir.resolve("vigil.yaml"), "sinks:\n  - name: a\n    type: x\n  - name: a\n    type: y\n");
        assertThatThrownBy(() -> ConfigLoader.load(paths()))
                .hasMessageContaining("sinks[1].name")
                .hasMessageContaining("twice");
        Files.writeString(dir.resolve("vigil.yaml"), "http:\n  headerTimeout: 0s\n");
        assertThatThrownBy(() -> ConfigLoader.load(paths())).hasMessageContaining("'http.headerTimeout'");
        Files.writeString(dir.resolve("vigil.yaml"), "http:\n  maxBufferedBytes: 1000\n");
        assertThatThrownBy(() -> ConfigLoader.load(paths())).hasMessageContaining("'http.maxBufferedBytes'");
        Files.writeString(dir.resolve("vigil.yaml"), "rules:\n  maxSessionFacts: -1\n");
        assertThatThrownBy(() -> ConfigLoader.load(paths())).hasMessageContaining("'rules.maxSessionFacts'");
        Files.writeString(dir.resolve("vigil.yaml"), "journal:\n  type: kafak\n");
        assertThatThrownBy(() -> ConfigLoader.load(paths()))
                .hasMessageContaining("'journal.type'")
                .hasMessageContaining("file or kafka");
        Files.writeString(dir.resolve("vigil.yaml"), "journal:\n  type: kafka\n");
        assertThatThrownBy(() -> ConfigLoader.load(paths()))
                .hasMessageContaining("'journal.kafka.bootstrapServers'")
                .hasMessageContaining("must name the brokers");
        Files.writeString(
                dir.resolve("vigil.yaml"),
                "journal:\n  type: kafka\n  kafka:\n    bootstrapServers: k:9092\n    key: zone\n");
        assertThatThrownBy(() -> ConfigLoader.load(paths())).hasMessageContaining("'journal.kafka.key'");
        Files.writeString(
                dir.resolve("vigil.yaml"),
                "journal:\n  type: kafka\n  kafka:\n    bootstrapServers: k:9092\n    partitions: 5000\n");
        assertThatThrownBy(() -> ConfigLoader.load(paths())).hasMessageContaining("at most 1024");
        Files.writeString(dir.resolve("vigil.yaml"), "http: [1, 2\n");
        assertThatThrownBy(() -> ConfigLoader.load(paths())).hasMessageContaining("vigil.yaml");
    }

    @Test
    void entitiesRefuseDuplicatesUnknownKeysAndDanglingReferences() throws IOException {
        Path f = dir.resolve("entities.yaml");
        Files.writeString(f, """
                cameras:
                  - guid: 00000001-0000-babe-0000-000000000001
                    logicalId: 1
                  - guid: 00000001-0000-babe-0000-000000000001
                    logicalId: 2
                """);
        assertThatThrownBy(() -> EntitiesFile.load(f))
                .hasMessageContaining("cameras[1].guid")
                .hasMessageContaining("duplicate of cameras[0].guid");
        Files.writeString(f, """
                cameras:
                  - guid: 00000001-0000-babe-0000-000000000001
                    logicalId: 1
                  - guid: 00000001-0000-babe-0000-000000000002
                    logicalId: 1
                """);
        assertThatThrownBy(() -> EntitiesFile.load(f)).hasMessageContaining("cameras[1].logicalId");
        Files.writeString(f, """
                cameras:
                  - guid: 00000001-0000-babe-0000-000000000001
                    logicalId: 1
                    colour: red
                """);
        assertThatThrownBy(() -> EntitiesFile.load(f)).hasMessageContaining("unknown key 'cameras[0].colour'");
        Files.writeString(f, """
                doors:
                  - guid: 00000001-0000-babe-0000-000000000001
                    logicalId: 1
                    camera: LogicalID(Camera,7)
                """);
        assertThatThrownBy(() -> EntitiesFile.load(f))
                .hasMessageContaining("doors[0].camera")
                .hasMessageContaining("no configured entity");
        Files.writeString(f, """
                cameras:
                  - guid: 00000001-0000-babe-0000-000000000001
                    logicalId: 1
                    priority: 3
                """);
        assertThatThrownBy(() -> EntitiesFile.load(f))
                .hasMessageContaining("cameras[0].priority")
                .hasMessageContaining("does not apply");
    }

    @Test
    void aNegativeBatchWindowIsRefusedNamingTheKey() throws Exception {
        java.nio.file.Files.writeString(
                dir.resolve("vigil.yaml"),
                "sinks:\n  - name: mail\n    type: smtp\n    batch: {size: 10, window: -5s}\n");
        assertThatThrownBy(() -> ConfigLoader.load(paths()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sinks[0].batch.window (line 4")
                .hasMessageContaining("'-5s' is not a duration");
    }
}
