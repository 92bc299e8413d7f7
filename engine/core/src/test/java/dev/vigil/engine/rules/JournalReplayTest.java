package dev.vigil.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.Event;
import dev.vigil.engine.journal.FileJournal;
import dev.vigil.engine.support.EngineRig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events journaled but never seen by the rules (a crash in between) go through them at the next start. */
class JournalReplayTest {
    private static final Instant T0 = Instant.parse("2026-03-15T11:00:00Z");

    @TempDir
    Path work;

    @Test
    void journaledEventsBeyondTheCheckpointAreReplayedAtStart() throws Exception {
        Event door = Event.builder()
                .type("DoorForcedOpen")
                .source(UUID.fromString("00000002-0000-babe-0000-000000000002"))
                .sourceType("Door")
                .timestamp(T0)
                .origin("test")
                .build();
        try (FileJournal journal = new FileJournal(work.resolve("journal"), 1 << 20, 4, 64, true, 100, () -> 0)) {
            journal.append(List.of(door, door.toBuilder().type("ObjectEntered").build()))
                    .get();
        }
        Files.writeString(work.resolve("rules.checkpoint"), "0");

        try (EngineRig rig = new EngineRig(work, Path.of("../../rules"), T0)) {
            await().untilAsserted(() ->
                    assertThat(rig.active()).extracting(a -> a.getAlarmName()).containsExactly("Door forced open"));
            assertThat(rig.rules.lastProcessed()).isEqualTo(2);
        }
        assertThat(RulesEngine.readCheckpoint(work.resolve("rules.checkpoint"))).isEqualTo(2);

        // Started again: nothing left to replay, so no second alarm.
        try (EngineRig rig = new EngineRig(work, Path.of("../../rules"), T0)) {
            rig.settle();
            assertThat(rig.active()).hasSize(1);
        }
    }

    @Test
    void aReplayAfterACrashDoesNotRepeatTriggersAlreadyStored() throws Exception {
        Event door = Event.builder()
                .type("DoorForcedOpen")
                .source(UUID.fromString("00000002-0000-babe-0000-000000000002"))
                .sourceType("Door")
                .timestamp(T0)
                .origin("test")
                .build();
        Event other = door.toBuilder()
                .source(UUID.fromString("00000002-0000-babe-0000-000000000001"))
                .build();
        try (EngineRig rig = new EngineRig(work, Path.of("../../rules"), T0)) {
            rig.raise("DoorForcedOpen", "LogicalID(Door,2)");
            await().untilAsserted(() -> assertThat(rig.active()).hasSize(1));
        }
        // As after a crash: the checkpoint is behind the stored trigger, and one more event was journaled
        // (its trigger never made it to the store).
        Files.writeString(work.resolve("rules.checkpoint"), "0");
        try (FileJournal journal = new FileJournal(work.resolve("journal"), 1 << 20, 4, 64, true, 100, () -> 0)) {
            journal.append(List.of(other)).get();
        }

        try (EngineRig rig = new EngineRig(work, Path.of("../../rules"), T0)) {
            await().untilAsserted(() -> assertThat(rig.active()).hasSize(2));
            rig.settle();
            assertThat(rig.active())
                    .extracting(a -> a.getSourceGuid())
                    .containsExactlyInAnyOrder(door.getSource(), other.getSource());
        }
    }
}
