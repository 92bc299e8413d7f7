package dev.vigil.engine.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.api.AlarmChange;
import dev.vigil.api.AlarmState;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.entity.EntitiesFile;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.store.AlarmStore;
import dev.vigil.engine.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlarmServiceTest {
    @TempDir
    Path dir;

    private final EntityRegistry entities = EntitiesFile.load(Path.of("../../conf/entities.yaml"));
    private final Clock clock = Clock.fixed(Instant.parse("2026-03-15T11:17:23Z"), ZoneOffset.UTC);

    private UUID guid(String ref) {
        return entities.resolve(ref, null).guid();
    }

    private static <T> T get(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void instanceIdsAndStateSurviveARestart() throws Exception {
        long first;
        try (Database db = new Database(new VigilConfig.Store(), dir);
                AlarmService s = new AlarmService(new AlarmStore(db), entities, clock)) {
            first = get(s.trigger(TriggerRequest.simple(
                            guid("LogicalID(Alarm,2)"),
                            guid("LogicalID(Door,1)"),
                            "DoorForcedOpen",
                            "forced",
                            "admin")))
                    .getInstanceId();
            long second = get(s.trigger(
                            TriggerRequest.simple(guid("LogicalID(Alarm,2)"), null, "ManualAction", "", "admin")))
                    .getInstanceId();
            assertThat(second).isEqualTo(first + 1);
            get(s.acknowledge(second, null, AckType.ACK, "admin"));
        }
        try (Database db = new Database(new VigilConfig.Store(), dir);
                AlarmService s = new AlarmService(new AlarmStore(db), entities, clock)) {
            assertThat(s.active()).extracting(Alarm::getInstanceId).containsExactly(first);
            assertThat(s.active().get(0).getContext()).isEqualTo("forced");
            long third = get(s.trigger(
                            TriggerRequest.simple(guid("LogicalID(Alarm,2)"), null, "ManualAction", "", "admin")))
                    .getInstanceId();
            assertThat(third).isEqualTo(first + 2);
        }
    }

    @Test
    void acknowledgementConditionMustBeClearedUnlessForced() throws Exception {
        try (Database db = new Database(new VigilConfig.Store(), dir);
                AlarmService s = new AlarmService(new AlarmStore(db), entities, clock)) {
            List<AlarmChange.Kind> seen = new CopyOnWriteArrayList<>();
            s.addListener((change, alarm) -> seen.add(change.kind()));
            UUID door = guid("LogicalID(Door,1)");
            TriggerRequest req = new TriggerRequest(
                    guid("LogicalID(Alarm,2)"),
                    door,
                    "ManualAction",
                    "c",
                    0,
                    List.of(),
                    List.of(),
                    List.of(),
                    7,
                    true,
                    null,
                    null,
                    "admin");
            long id = get(s.trigger(req)).getInstanceId();
            assertThatThrownBy(() -> s.acknowledge(id, null, AckType.ACK, "admin"))
                    .isInstanceOf(AlarmException.class)
                    .hasMessageContaining("condition 7");
            get(s.investigate(id, null, "admin"));
            assertThat(s.active().get(0).getState()).isEqualTo(AlarmState.INVESTIGATING);
            for (var f : s.clearSourceCondition(door, 7, "admin")) {
                get(f);
            }
            Alarm acked = get(s.acknowledge(id, guid("LogicalID(Alarm,2)"), AckType.NACK, "admin"));
            assertThat(acked.getState()).isEqualTo(AlarmState.ACKNOWLEDGED);
            assertThat(acked.getAckType()).isEqualTo(AckType.NACK);
            assertThat(s.active()).isEmpty();
            assertThat(seen)
                    .containsExactly(
                            AlarmChange.Kind.TRIGGERED,
                            AlarmChange.Kind.INVESTIGATING,
                            AlarmChange.Kind.SOURCE_CONDITION_CLEARED,
                            AlarmChange.Kind.ACKNOWLEDGED);

            long forced = get(s.trigger(req)).getInstanceId();
            get(s.acknowledge(forced, null, AckType.FORCED, "admin"));
            assertThat(s.active()).isEmpty();
        }
    }

    @Test
    void refusalsNameTheProblem() throws Exception {
        try (Database db = new Database(new VigilConfig.Store(), dir);
                AlarmService s = new AlarmService(new AlarmStore(db), entities, clock)) {
            assertThatThrownBy(() -> s.acknowledge(99, null, AckType.ACK, "admin"))
                    .hasMessageContaining("alarm instance 99 is not active");
            assertThatThrownBy(
                            () -> s.trigger(TriggerRequest.simple(guid("LogicalID(Camera,1)"), null, "x", "", "admin")))
                    .hasMessageContaining("no alarm entity");
            long id = get(s.trigger(TriggerRequest.simple(guid("LogicalID(Alarm,2)"), null, "x", "", "admin")))
                    .getInstanceId();
            assertThatThrownBy(() -> s.acknowledge(id, guid("LogicalID(Alarm,1)"), AckType.ACK, "admin"))
                    .hasMessageContaining("belongs to alarm");
            assertThatThrownBy(() -> s.forward(id, List.of(guid("LogicalID(Camera,1)")), "admin"))
                    .hasMessageContaining("not a configured user");
            assertThatThrownBy(() -> s.trigger(TriggerRequest.simple(guid("LogicalID(Alarm,2)"), null, "x", "", "a")
                            .withPriority(300)))
                    .hasMessageContaining("1..255");
        }
    }
}
