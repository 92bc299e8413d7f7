package dev.vigil.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.AlarmState;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.entity.EntityType;
import dev.vigil.engine.support.EngineRig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DRL files shipped in rules/, driven through ingest on a pseudo clock, checked in the alarm store. */
class ShippedRulesScenarioTest {
    private static final Instant T0 = Instant.parse("2026-03-15T11:00:00Z");

    @TempDir
    Path work;

    private EngineRig rig;

    @BeforeEach
    void start() {
        rig = new EngineRig(work, Path.of("../../rules"), T0);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private List<Alarm> activeNamed(String name) {
        return rig.active().stream().filter(a -> a.getAlarmName().equals(name)).toList();
    }

    private UUID guid(String ref) {
        return rig.entities.resolve(ref, null).guid();
    }

    @Test
    void motionRaisesOneAlarmPerCameraAndMotionOffAcknowledgesIt() {
        rig.raise("CameraMotion", "LogicalID(Camera,1)");
        await().untilAsserted(() -> assertThat(activeNamed("Motion detected")).hasSize(1));
        rig.at(T0.plusSeconds(10));
        rig.raise("CameraMotion", "LogicalID(Camera,1)");
        await().untilAsserted(
                        () -> assertThat(activeNamed("Motion detected").get(0).getTriggerCount())
                                .isEqualTo(2));
        assertThat(activeNamed("Motion detected")).hasSize(1);

        rig.raise("CameraMotionOff", "LogicalID(Camera,1)");
        await().untilAsserted(() -> assertThat(activeNamed("Motion detected")).isEmpty());
        assertThat(new dev.vigil.engine.store.AlarmStore(rig.db).find(1).getState())
                .isEqualTo(AlarmState.ACKNOWLEDGED);
    }

    @Test
    void doorForcedOpenAttachesTheNearestCamera() {
        rig.raise("DoorForcedOpen", "LogicalID(Door,1)");
        await().untilAsserted(() -> assertThat(activeNamed("Door forced open")).hasSize(1));
        Alarm alarm = activeNamed("Door forced open").get(0);
        assertThat(alarm.getAttachedEntities()).containsExactly(guid("LogicalID(Camera,2)"));
        assertThat(alarm.getSourceGuid()).isEqualTo(guid("LogicalID(Door,1)"));
        assertThat(alarm.getPriority()).isEqualTo(10);
    }

    @Test
    void threeMotionsWithinThirtySecondsEscalate() {
        for (int s : new int[] {0, 8, 16}) {
            rig.at(T0.plusSeconds(s));
            rig.raise("CameraMotion", "LogicalID(Camera,3)");
        }
        await().untilAsserted(() -> assertThat(activeNamed("Repeated motion")).hasSize(1));
        Alarm escalated = activeNamed("Repeated motion").get(0);
        assertThat(escalated.getPriority()).isEqualTo(5);
        assertThat(escalated.getSourceGuid()).isEqualTo(guid("LogicalID(Camera,3)"));
    }

    @Test
    void motionsSpreadOverMinutesDoNotEscalate() {
        for (int s : new int[] {0, 40, 80, 120}) {
            rig.at(T0.plusSeconds(s));
            rig.raise("CameraMotion", "LogicalID(Camera,3)");
        }
        rig.settle();
        assertThat(activeNamed("Repeated motion")).isEmpty();
        assertThat(activeNamed("Motion detected")).isNotEmpty();
    }

    @Test
    void eventsExpireSoTheSessionStaysSmall() {
        Instant t = T0;
        for (int minute = 0; minute < 30; minute++) {
            t = T0.plus(Duration.ofMinutes(minute));
            rig.at(t);
            for (int i = 0; i < 50; i++) {
                EngineRig.await(rig.ingest.ingest(
                        rig.ingest.describe("CameraMotionOff", "LogicalID(Camera,1)", t, null, null, "test"),
                        System.nanoTime()));
            }
            rig.settle();
            // CameraMotionOff only feeds a single-pattern rule: it leaves the session once fired.
            assertThat(rig.rules.factCount())
                    .isLessThanOrEqualTo(rig.entities.ofType(EntityType.Alarm).size() * 3L);
        }
        for (int i = 0; i < 50; i++) {
            EngineRig.await(rig.ingest.ingest(
                    rig.ingest.describe("CameraMotion", "LogicalID(Camera,2)", t, null, null, "test"),
                    System.nanoTime()));
        }
        rig.settle();
        // CameraMotion feeds the escalation window: those stay until they expire.
        assertThat(rig.rules.factCount()).isGreaterThanOrEqualTo(50);
        // Past the 10-minute expiry only the active alarms are left (alarm facts arrive once persisted).
        rig.at(t.plus(Duration.ofMinutes(11)));
        await().untilAsserted(() -> {
            rig.settle();
            assertThat(rig.rules.factCount()).isEqualTo(rig.active().size());
        });
        assertThat(rig.active()).isNotEmpty();
    }
}
