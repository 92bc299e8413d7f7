package dev.vigil.engine.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.AlarmChange;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.entity.EntitiesFile;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.store.AlarmStore;
import dev.vigil.engine.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hot camera's repeats fold into one stored and reported change, and lose nothing a replay needs. */
class RepeatFoldingTest {
    @TempDir
    Path dir;

    private final EntityRegistry entities = EntitiesFile.load(Path.of("../../conf/entities.yaml"));
    private final Clock clock = Clock.fixed(Instant.parse("2026-03-15T11:17:23Z"), ZoneOffset.UTC);

    private static AlarmPersister.Item item(
            long changeId, AlarmChange.Kind kind, long instance, int count, long cause) {
        Alarm.Draft d = new Alarm.Draft();
        d.instanceId = instance;
        d.alarmGuid = new UUID(3, 1);
        d.alarmName = "Motion detected";
        d.sourceGuid = new UUID(1, instance);
        d.triggerTime = Instant.EPOCH;
        d.creationTime = Instant.EPOCH;
        d.lastTriggerTime = Instant.ofEpochSecond(count);
        d.triggerCount = count;
        return new AlarmPersister.Item(
                new AlarmStore.StoredChange(changeId, kind, d.build(), 0, "rules", cause), new CompletableFuture<>());
    }

    @Test
    void runsOfRepeatsOfOneInstanceFoldIntoTheirLastKeepingEveryCause() {
        List<AlarmPersister.Item> group = List.of(
                item(1, AlarmChange.Kind.RETRIGGERED, 1, 2, 5),
                item(2, AlarmChange.Kind.RETRIGGERED, 2, 2, 6),
                item(3, AlarmChange.Kind.RETRIGGERED, 1, 3, 7),
                item(4, AlarmChange.Kind.FORWARDED, 1, 3, 0),
                item(5, AlarmChange.Kind.RETRIGGERED, 1, 4, 8),
                item(6, AlarmChange.Kind.RETRIGGERED, 1, 5, 9),
                item(7, AlarmChange.Kind.RETRIGGERED, 1, 6, 10));
        Map<AlarmPersister.Item, List<CompletableFuture<Alarm>>> folded = new IdentityHashMap<>();
        List<AlarmPersister.Item> kept = AlarmPersister.fold(group, folded);
        assertThat(kept).extracting(i -> i.change().changeId()).containsExactly(2L, 3L, 4L, 7L);
        assertThat(kept.get(1).change().foldedCauses()).containsExactly(5L);
        assertThat(kept.get(3).change().foldedCauses()).containsExactlyInAnyOrder(8L, 9L);
        assertThat(kept.get(3).change().alarm().getTriggerCount()).isEqualTo(6);
        assertThat(folded.get(kept.get(3)))
                .containsExactlyInAnyOrder(group.get(4).done(), group.get(5).done());
        assertThat(AlarmPersister.fold(List.of(group.get(0), group.get(1)), new IdentityHashMap<>()))
                .as("nothing to fold: the group as it was")
                .hasSize(2);
    }

    @Test
    void aBurstOfRepeatsIsStoredWithEveryCauseAndReportedInOrderWithTheFinalCount() throws Exception {
        UUID motion = entities.resolve("LogicalID(Alarm,1)", null).guid();
        UUID camera = entities.resolve("LogicalID(Camera,1)", null).guid();
        List<AlarmChange> reported = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Alarm>> calls = new ArrayList<>();
        try (Database db = new Database(new VigilConfig.Store(), dir);
                AlarmService s = new AlarmService(new AlarmStore(db), entities, clock)) {
            s.addListener((change, alarm) -> reported.add(change));
            for (long cause = 1; cause <= 2000; cause++) {
                calls.add(s.trigger(TriggerRequest.simple(motion, camera, "CameraMotion", "motion", "rules"), cause));
            }
            for (CompletableFuture<Alarm> c : calls) {
                c.get(20, TimeUnit.SECONDS);
            }
            assertThat(s.active()).hasSize(1);
            assertThat(s.active().get(0).getTriggerCount()).isEqualTo(2000);
            java.util.Set<String> stored = new AlarmStore(db).triggersCausedAfter(0);
            for (long cause = 1; cause <= 2000; cause++) {
                assertThat(stored).contains(AlarmStore.triggerKey(cause, motion, camera));
            }
        }
        assertThat(reported).isNotEmpty();
        assertThat(reported.get(reported.size() - 1).alarm().triggerCount()).isEqualTo(2000);
        for (int i = 1; i < reported.size(); i++) {
            assertThat(reported.get(i).changeId())
                    .isGreaterThan(reported.get(i - 1).changeId());
        }
        System.out.println("2000 triggers reported as " + reported.size() + " change(s)");
    }
}
