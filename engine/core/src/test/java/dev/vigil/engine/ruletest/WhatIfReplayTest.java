package dev.vigil.engine.ruletest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.api.Event;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.journal.FileJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Candidate rules over journaled events, beside the live rules: what they add, miss and change. */
class WhatIfReplayTest {
    private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");
    private static final UUID SERVER_ROOM_DOOR = UUID.fromString("00000002-0000-babe-0000-000000000001");
    private static final UUID LOADING_DOCK_CAMERA = UUID.fromString("00000001-0000-babe-0000-000000000003");

    @TempDir
    Path work;

    private Path journal;
    private Path live;
    private Path candidate;
    private WhatIf whatIf;

    private static Event event(String type, UUID source, String sourceType, Instant at) {
        return Event.builder()
                .type(type)
                .source(source)
                .sourceType(sourceType)
                .timestamp(at)
                .origin("test")
                .build();
    }

    @BeforeEach
    void journalAndRules() throws Exception {
        journal = work.resolve("data/journal");
        List<Event> events = new ArrayList<>();
        events.add(event("DoorForcedOpen", SERVER_ROOM_DOOR, "Door", T0));
        for (int i = 0; i < 3; i++) {
            events.add(event("CameraMotion", LOADING_DOCK_CAMERA, "Camera", T0.plusSeconds(60 + 5 * i)));
        }
        events.add(event("DoorForcedOpen", SERVER_ROOM_DOOR, "Door", T0.plusSeconds(3600)));
        try (FileJournal j = new FileJournal(journal, 1 << 20, 4, 64, false, 100, () -> 0)) {
            for (Event e : events) {
                j.append(List.of(e)).get();
            }
        }
        live = Path.of("../../rules").toAbsolutePath();
        candidate = Files.createDirectories(work.resolve("candidate"));
        try (Stream<Path> files = Files.list(live)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".drl")).toList()) {
                Files.copy(f, candidate.resolve(f.getFileName()));
            }
        }
        whatIf = new WhatIf(Path.of("../../conf/entities.yaml"), VigilConfig::new, work.resolve("scratch"));
    }

    @Test
    void runsOfRepeatsAreComparedFoldedWhateverThePersisterGroupedTogether() {
        WhatIf.Action trig = new WhatIf.Action(T0, "TRIGGERED", "Repeated motion", "Dock", "p5", "r");
        WhatIf.Action again = new WhatIf.Action(T0, "RETRIGGERED", "Repeated motion", "Dock", "p5", "r");
        WhatIf.Action other = new WhatIf.Action(T0, "RETRIGGERED", "Motion detected", "Dock", "p50", "m");
        WhatIf.Action ack = new WhatIf.Action(T0, "ACKNOWLEDGED", "Repeated motion", "Dock", "", null);
        // As reported one by one, and as a persister group that folded the run would have reported it.
        assertThat(WhatIf.foldRepeats(List.of(trig, again, other, again, ack, again, again)))
                .containsExactly(trig, other, again, ack, again);
        assertThat(WhatIf.foldRepeats(List.of(trig, other, again, ack, again)))
                .containsExactly(trig, other, again, ack, again);
    }

    @Test
    void theSameRulesDoTheSame() {
        WhatIfReplay.Report r =
                WhatIfReplay.run(whatIf, journal, Instant.EPOCH, T0.plusSeconds(7200), live, candidate, 1000);
        assertThat(r.events()).isEqualTo(5);
        assertThat(r.live().actions()).extracting(WhatIf.Action::kind).contains("TRIGGERED");
        assertThat(r.diff().identical()).as(WhatIfReplay.text(r)).isTrue();
        assertThat(r.diff().same()).isEqualTo(r.live().actions().size());
    }

    @Test
    void aRemovedRuleShowsWhatItWouldMissAndAChangedOneWhatChanges() throws Exception {
        Files.delete(candidate.resolve("escalation.drl"));
        Path door = candidate.resolve("door.drl");
        Files.writeString(
                door,
                Files.readString(door)
                        .replace(
                                "alarms.triggerWithNearestCamera(\"Door forced open\", $e, \"Door forced open\");",
                                "alarms.trigger(\"Door forced open\", $e, \"Door forced open\", 1);"));
        WhatIfReplay.Report r =
                WhatIfReplay.run(whatIf, journal, Instant.EPOCH, T0.plusSeconds(7200), live, candidate, 1000);
        String text = WhatIfReplay.text(r);
        assertThat(r.diff().missing())
                .as(text)
                .extracting(WhatIf.Action::subject)
                .containsOnly("Repeated motion");
        assertThat(r.diff().changed()).as(text).isNotEmpty().allSatisfy(c -> {
            assertThat(c.candidate().subject()).isEqualTo("Door forced open");
            assertThat(c.candidate().detail()).startsWith("priority 1");
        });
        assertThat(text)
                .contains("- ")
                .contains("~ ")
                .contains("Repeated motion")
                .contains("priority 1");
    }

    @Test
    void theTimeRangeLimitsTheEventsAndAnOversizedRangeIsRefused() {
        WhatIfReplay.Report r =
                WhatIfReplay.run(whatIf, journal, T0.plusSeconds(3000), T0.plusSeconds(7200), live, candidate, 1000);
        assertThat(r.events()).isEqualTo(1);
        assertThatThrownBy(() -> WhatIfReplay.events(journal, Instant.EPOCH, T0.plus(Duration.ofDays(1)), 3))
                .isInstanceOf(WhatIfReplay.TooManyEvents.class)
                .hasMessageContaining("more than 3 events");
    }

    @Test
    void candidateRulesThatDoNotCompileAreReportedAndNothingRuns() throws Exception {
        Files.writeString(candidate.resolve("broken.drl"), "package x;\nrule \"r\" when then end end\n");
        WhatIfReplay.Report r =
                WhatIfReplay.run(whatIf, journal, Instant.EPOCH, T0.plusSeconds(7200), live, candidate, 1000);
        assertThat(r.candidate().errors()).isNotEmpty();
        assertThat(WhatIfReplay.text(r)).contains("do not compile");
    }
}
