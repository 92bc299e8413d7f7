package dev.vigil.engine.ruletest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.engine.config.VigilConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioRunnerTest {
    static final Path RULES = Path.of("../../rules");
    static final Path ENTITIES = Path.of("../../conf/entities.yaml");

    @TempDir
    Path dir;

    private ScenarioRunner runner() {
        return new ScenarioRunner(ENTITIES, RULES, VigilConfig::new, dir.resolve("scratch"));
    }

    @Test
    void theShippedRulesPassTheirScenarios() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(RULES.resolve("tests"))) {
            files = s.sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        for (Path f : files) {
            ScenarioRunner.Result r = runner().run(Scenario.read(f));
            assertThat(r.failures()).as(RuleTestReport.line(r)).isEmpty();
            assertThat(r.checked()).isPositive();
        }
    }

    @Test
    void everyCookbookRecipePassesItsScenarios() throws Exception {
        List<Path> recipes;
        try (Stream<Path> s = Files.list(RULES.resolve("examples"))) {
            recipes = s.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(recipes).isNotEmpty();
        for (Path recipe : recipes) {
            List<Path> files;
            try (Stream<Path> s = Files.list(recipe.resolve("tests"))) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            assertThat(files).as(recipe + " has scenarios").isNotEmpty();
            ScenarioRunner r = new ScenarioRunner(ENTITIES, recipe, VigilConfig::new, dir.resolve("scratch"));
            for (Path f : files) {
                ScenarioRunner.Result result = r.run(Scenario.read(f));
                assertThat(result.failures()).as(RuleTestReport.line(result)).isEmpty();
            }
        }
    }

    @Test
    void aFailedExpectationSaysWhatHappenedInstead() throws Exception {
        Path f = dir.resolve("wrong.yaml");
        Files.writeString(f, """
                name: wrong on purpose
                steps:
                  - at: 0s
                    event: DoorForcedOpen
                    source: LogicalID(Door,2)
                  - at: 10m
                    expect: { alarm: Door forced open, priority: 1 }
                  - expect: { noAlarm: Door forced open }
                  - expect: { alarm: Motion detected }
                  - at: 11m
                    event: NoSuchEvent
                    source: LogicalID(Door,2)
                """);
        ScenarioRunner.Result r = runner().run(Scenario.read(f));
        assertThat(r.passed()).isFalse();
        assertThat(r.failures())
                .containsExactly(
                        "step 2 at 10m: expected alarm 'Door forced open', priority 1; the alarms so far: Door forced open #1"
                                + " for Loading dock door, active, priority 10, triggered at 0s, by rule Door forced open triggers an alarm with the nearest camera (door.drl), attached"
                                + " [Loading dock camera]",
                        "step 3 at 10m: expected no alarm 'Door forced open'; it was triggered: Door forced open #1 for"
                                + " Loading dock door, active, priority 10, triggered at 0s, by rule Door forced open triggers an alarm with the nearest camera (door.drl), attached"
                                + " [Loading dock camera]",
                        "step 4 at 10m: expected alarm 'Motion detected'; the alarms so far: Door forced open #1 for"
                                + " Loading dock door, active, priority 10, triggered at 0s, by rule Door forced open triggers an alarm with the nearest camera (door.drl), attached"
                                + " [Loading dock camera]",
                        r.failures().get(3));
        assertThat(r.failures().get(3))
                .startsWith("step 5 at 11m: the event NoSuchEvent from LogicalID(Door,2) was refused:");
        assertThat(RuleTestReport.line(r)).startsWith("FAIL wrong on purpose (");
    }

    @Test
    void aScenarioFileWithAMistakeIsRefusedNamingTheStep() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, """
                steps:
                  - at: 10s
                    event: CameraMotion
                    source: Lobby camera
                  - at: 5s
                    expect: { alarm: Motion detected }
                """);
        assertThatThrownBy(() -> Scenario.read(f))
                .hasMessage(f + ": step 2: at 5s is before the step above it; steps go forward in time");
        Files.writeString(f, "steps:\n  - at: ten\n    event: CameraMotion\n    source: Lobby camera\n");
        assertThatThrownBy(() -> Scenario.read(f))
                .hasMessage(f + ": step 1: at 'ten' is not a duration such as 500ms, 10s, 2m or 1h");
        Files.writeString(f, "steps:\n  - expect: { alarm: X, colour: red }\n");
        assertThatThrownBy(() -> Scenario.read(f)).hasMessageContaining("expect has no key 'colour'");
    }
}
