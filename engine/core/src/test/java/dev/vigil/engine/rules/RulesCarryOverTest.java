package dev.vigil.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.AlarmChange;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.support.EngineRig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the rules were tracking survives a rules edit, a restart and a crash: events inside their
 * windows, pending timers, facts rules inserted, and timers over alarms counting from the trigger.
 */
class RulesCarryOverTest {
    private static final Instant T0 = Instant.parse("2026-03-16T21:00:00Z");
    private static final String DOOR = "Loading dock door";
    private static final String DOOR_CAMERA = "Loading dock camera";

    @TempDir
    Path work;

    private Path recipe(String name) throws IOException {
        Path dir = Files.createDirectories(work.resolve("rules-" + name));
        try (Stream<Path> files = Files.list(Path.of("../../rules/examples", name))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".drl")).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    private static void edit(EngineRig rig, Path rules) throws IOException {
        // An edit that changes nothing the rules do: what is tested is the new session, not new behaviour.
        Path any;
        try (Stream<Path> files = Files.list(rules)) {
            any = files.filter(f -> f.toString().endsWith(".drl")).findFirst().orElseThrow();
        }
        Files.writeString(any, Files.readString(any) + "\n// edited\n");
        CompileResult compiled = new RulesCompiler(Duration.ofMinutes(10)).compile(rules);
        assertThat(compiled.errors()).isEmpty();
        rig.rules.swap(compiled);
        rig.settle();
    }

    private static List<Alarm> named(EngineRig rig, String alarm) {
        return rig.active().stream().filter(a -> a.getAlarmName().equals(alarm)).toList();
    }

    @Test
    void aNoMotionCheckStartedBeforeARulesEditFiresTenSecondsAfterTheDoorEvent() throws Exception {
        Path rules = recipe("absence");
        try (EngineRig rig = new EngineRig(work.resolve("state"), rules, T0)) {
            rig.raise("DoorForcedOpen", DOOR);
            rig.at(T0.plusSeconds(4));
            edit(rig, rules);
            rig.at(T0.plusMillis(9_900));
            assertThat(named(rig, "Door forced open")).isEmpty();
            rig.at(T0.plusSeconds(11));
            assertThat(named(rig, "Door forced open")).hasSize(1);
            assertThat(named(rig, "Door forced open").get(0).getTriggerCount()).isEqualTo(1);
        }
    }

    @Test
    void motionAfterARulesEditStillCancelsTheCheckTheDoorStartedBeforeIt() throws Exception {
        Path rules = recipe("absence");
        try (EngineRig rig = new EngineRig(work.resolve("state"), rules, T0)) {
            rig.raise("DoorForcedOpen", DOOR);
            rig.at(T0.plusSeconds(4));
            edit(rig, rules);
            rig.at(T0.plusSeconds(6));
            rig.raise("CameraMotion", DOOR_CAMERA);
            rig.at(T0.plusSeconds(30));
            assertThat(named(rig, "Door forced open")).isEmpty();
        }
    }

    @Test
    void aNoMotionCheckStraddlingARestartFiresOnTime() throws Exception {
        Path rules = recipe("absence");
        try (EngineRig rig = new EngineRig(work.resolve("state"), rules, T0)) {
            rig.raise("DoorForcedOpen", DOOR);
            rig.at(T0.plusSeconds(3));
        }
        try (EngineRig rig = new EngineRig(work.resolve("state"), rules, T0.plusSeconds(5))) {
            assertThat(named(rig, "Door forced open")).isEmpty();
            rig.at(T0.plusSeconds(11));
            assertThat(named(rig, "Door forced open")).hasSize(1);
        }
    }

    @Test
    void motionJournaledJustBeforeACrashCancelsTheCheckAtTheNextStart() throws Exception {
        Path rules = recipe("absence");
        Path state = work.resolve("state");
        String checkpointAfterTheDoor;
        try (EngineRig rig = new EngineRig(state, rules, T0)) {
            rig.raise("DoorForcedOpen", DOOR);
            rig.at(T0.plusSeconds(2));
            checkpointAfterTheDoor = "1 " + T0.plusSeconds(2).toEpochMilli() + " 0";
            rig.at(T0.plusSeconds(3));
            rig.raise("CameraMotion", DOOR_CAMERA);
        }
        // As after a crash: the checkpoint still says the rules stopped after the door event.
        Files.writeString(state.resolve("rules.checkpoint"), checkpointAfterTheDoor);
        try (EngineRig rig = new EngineRig(state, rules, T0.plusSeconds(20))) {
            rig.at(T0.plusSeconds(40));
            assertThat(named(rig, "Door forced open")).isEmpty();
        }
    }

    @Test
    void aCountingWindowKeepsItsEventsAcrossARulesEditAndARestart() throws Exception {
        Path rules = Path.of("../../rules");
        Path copy = Files.createDirectories(work.resolve("rules"));
        try (Stream<Path> files = Files.list(rules)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".drl")).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Path state = work.resolve("state");
        try (EngineRig rig = new EngineRig(state, copy, T0)) {
            rig.raise("CameraMotion", DOOR_CAMERA);
            rig.at(T0.plusSeconds(5));
            edit(rig, copy);
            rig.raise("CameraMotion", DOOR_CAMERA);
            rig.at(T0.plusSeconds(8));
        }
        try (EngineRig rig = new EngineRig(state, copy, T0.plusSeconds(10))) {
            assertThat(named(rig, "Repeated motion")).isEmpty();
            rig.raise("CameraMotion", DOOR_CAMERA);
            assertThat(named(rig, "Repeated motion")).hasSize(1);
        }
    }

    @Test
    void aTimerOverAnAlarmCountsFromTheTriggerAcrossARulesEditAndARestart() throws Exception {
        Path rules = recipe("forward-unacknowledged");
        Path state = work.resolve("state");
        List<AlarmChange.Kind> changes = new CopyOnWriteArrayList<>();
        try (EngineRig rig = new EngineRig(state, rules, T0)) {
            rig.raise("DoorForcedOpen", DOOR);
            rig.at(T0.plusSeconds(60));
            edit(rig, rules);
            rig.at(T0.plusSeconds(90));
        }
        try (EngineRig rig = new EngineRig(state, rules, T0.plusSeconds(100))) {
            rig.alarms.addListener((change, alarm) -> changes.add(change.kind()));
            rig.at(T0.plusSeconds(119));
            assertThat(named(rig, "Door forced open").get(0).getForwardedRecipients())
                    .isEmpty();
            rig.at(T0.plusSeconds(121));
            assertThat(named(rig, "Door forced open").get(0).getForwardedRecipients())
                    .hasSize(1);
        }
        // Started again after the forward: it is not made a second time.
        try (EngineRig rig = new EngineRig(state, rules, T0.plusSeconds(300))) {
            rig.alarms.addListener((change, alarm) -> changes.add(change.kind()));
            rig.at(T0.plusSeconds(400));
        }
        assertThat(changes).containsExactly(AlarmChange.Kind.FORWARDED);
    }

    @Test
    void anOperatorEditingTheContextDoesNotRestartTheTimer() throws Exception {
        Path rules = recipe("forward-unacknowledged");
        try (EngineRig rig = new EngineRig(work.resolve("state"), rules, T0)) {
            rig.raise("DoorForcedOpen", DOOR);
            rig.at(T0.plusSeconds(60));
            Alarm alarm = named(rig, "Door forced open").get(0);
            EngineRig.await(rig.alarms.editContext(alarm.getInstanceId(), null, "guard on the way", "operator"));
            rig.settle();
            rig.at(T0.plusSeconds(121));
            assertThat(named(rig, "Door forced open").get(0).getForwardedRecipients())
                    .hasSize(1);
        }
    }

    @Test
    void aCooldownAFiringInsertedStillHoldsAfterARulesEdit() throws Exception {
        Path rules = recipe("cooldown");
        try (EngineRig rig = new EngineRig(work.resolve("state"), rules, T0)) {
            rig.raise("DoorForcedOpen", DOOR);
            rig.at(T0.plusSeconds(10));
            edit(rig, rules);
            rig.at(T0.plusSeconds(20));
            rig.raise("DoorForcedOpen", DOOR);
            rig.at(T0.plusSeconds(30));
            assertThat(named(rig, "Door forced open")).hasSize(1);
            // After the cooldown, the next event raises the alarm again.
            rig.at(T0.plusSeconds(70));
            rig.raise("DoorForcedOpen", DOOR);
            assertThat(named(rig, "Door forced open")).hasSize(2);
        }
    }
}
