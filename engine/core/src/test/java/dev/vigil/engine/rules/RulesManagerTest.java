package dev.vigil.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.engine.support.EngineRig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesManagerTest {
    @TempDir
    Path work;

    private static final String RULE = """
            package t;
            import dev.vigil.api.Event;
            global dev.vigil.engine.rules.Alarms alarms;
            rule "motion"
            when
                $e : Event(type == "CameraMotion")
            then
                alarms.trigger("%s", $e);
            end
            """;

    @Test
    void compileErrorsCarryFileLineAndColumn() throws IOException {
        Path dir = Files.createDirectories(work.resolve("r"));
        Files.writeString(dir.resolve("good.drl"), RULE.formatted("Door forced open"));
        Files.writeString(
                dir.resolve("bad.drl"),
                "package t;\nimport dev.vigil.api.Event;\nrule \"x\"\nwhen\n    Event(typo == 1)\nthen\nend\n");
        CompileResult r = new RulesCompiler(Duration.ofMinutes(10)).compile(dir);
        assertThat(r.ok()).isFalse();
        assertThat(r.errors()).isNotEmpty();
        RuleError e = r.errors().get(0);
        assertThat(e.file()).isEqualTo("bad.drl");
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.column()).isGreaterThan(0);
        assertThat(e.message()).contains("typo");
    }

    @Test
    void lintWarnsAboutSlowConstraintsAndLengthWindows() throws IOException {
        Path dir = Files.createDirectories(work.resolve("r"));
        Files.writeString(dir.resolve("slow.drl"), """
                package t;
                import dev.vigil.api.Event;
                rule "slow"
                when
                    Event(type != "CameraMotion")
                    Number() from accumulate(Event() over window:length(10), count(1))
                then
                end
                """);
        CompileResult r = new RulesCompiler(Duration.ofMinutes(10)).compile(dir);
        assertThat(r.ok()).isTrue();
        assertThat(r.warnings()).extracting(RuleError::line).contains(5, 6);
    }

    @Test
    void aMapReadOnAnEventIsReportedAsUnindexedButATemporalOperatorIsNot() throws IOException {
        Path dir = Files.createDirectories(work.resolve("map"));
        Files.writeString(dir.resolve("zones.drl"), """
                package t;
                import dev.vigil.api.Event;
                rule "zone"
                when
                    $e : Event(type == "ObjectEntered", properties["zone"] == "Z1")
                    not Event(type == "CameraMotion", this after[0s, 10s] $e)
                then
                end
                """);
        CompileResult r = new RulesCompiler(Duration.ofMinutes(10)).compile(dir);
        assertThat(r.ok()).isTrue();
        assertThat(r.warnings()).extracting(RuleError::line).containsExactly(5);
        assertThat(r.warnings().get(0).message()).contains("'properties[' on Event cannot be indexed");
    }

    @Test
    void aGuidComparedAsTextIsAnErrorThatNamesSourceId() throws IOException {
        Path dir = Files.createDirectories(work.resolve("guid"));
        Files.writeString(dir.resolve("door.drl"), """
                package t;
                import dev.vigil.api.Event;
                rule "vault"
                when
                    $e : Event(type == "DoorForcedOpen", source == "{00000001-0000-BABE-0000-000000000004}")
                    $f : Event(type == "DoorForcedOpen", sourceId == "00000001-0000-BABE-0000-000000000004")
                then
                end
                """);
        CompileResult r = new RulesCompiler(Duration.ofMinutes(10)).compile(dir);
        assertThat(r.ok()).isFalse();
        assertThat(r.errors()).extracting(RuleError::line).containsExactly(5, 6);
        assertThat(r.errors().get(0).message())
                .contains("never equals a text")
                .contains("sourceId == \"00000001-0000-babe-0000-000000000004\"");
        assertThat(r.errors().get(1).message()).contains("in lower case");
    }

    @Test
    void aRuleNamingItsCameraBySourceIdFiresForThatCameraOnly() throws Exception {
        Path dir = Files.createDirectories(work.resolve("byId"));
        Files.writeString(dir.resolve("lobby.drl"), """
                package t;
                import dev.vigil.api.Event;
                global dev.vigil.engine.rules.Alarms alarms;
                rule "lobby camera only"
                when
                    $e : Event(type == "CameraMotion", sourceId == "00000001-0000-babe-0000-000000000001")
                then
                    alarms.trigger("Motion detected", $e);
                end
                """);
        CompileResult r = new RulesCompiler(Duration.ofMinutes(10)).compile(dir);
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        try (EngineRig rig = new EngineRig(work.resolve("w"), dir, Instant.parse("2026-03-15T11:00:00Z"))) {
            rig.raise("CameraMotion", "LogicalID(Camera,2)");
            rig.raise("CameraMotion", "LogicalID(Camera,1)");
            rig.settle();
            assertThat(rig.active())
                    .extracting(a -> a.getSourceGuid().toString())
                    .containsExactly("00000001-0000-babe-0000-000000000001");
        }
    }

    @Test
    void expiryGrowsToTheLongestWindowInTheRules() throws IOException {
        assertThat(RulesCompiler.longestTemporalReach("over window:time( 1m30s ) and this after[0s, 2h] $x"))
                .isEqualTo(Duration.ofHours(2));
        Path dir = Files.createDirectories(work.resolve("r"));
        Files.writeString(dir.resolve("long.drl"), """
                package t;
                import dev.vigil.api.Event;
                rule "long window"
                when
                    Number() from accumulate(Event(type == "CameraMotion") over window:time(15m), count(1))
                then
                end
                """);
        CompileResult r = new RulesCompiler(Duration.ofMinutes(2)).compile(dir);
        assertThat(r.ok()).isTrue();
        assertThat(r.eventExpiry()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void brokenEditKeepsOldRulesRunningAndAFixSwapsIn() throws Exception {
        Path dir = Files.createDirectories(work.resolve("r"));
        Files.writeString(dir.resolve("motion.drl"), RULE.formatted("Motion detected"));
        Instant t0 = Instant.parse("2026-03-15T11:00:00Z");
        try (EngineRig rig = new EngineRig(work.resolve("w"), dir, t0);
                RulesManager manager =
                        new RulesManager(dir, new RulesCompiler(Duration.ofMinutes(10)), Clock.systemUTC())) {
            manager.initialRules();
            manager.watch(rig.rules, Duration.ofMillis(100));

            Files.writeString(
                    dir.resolve("motion.drl"),
                    RULE.formatted("Door forced open").replace("then", "then oops("));
            await().untilAsserted(() ->
                    assertThat(manager.status().lastAttempt().ok()).isFalse());
            assertThat(manager.status().running().files()).containsExactly("motion.drl");
            assertThat(manager.lastErrors().get(0).file()).isEqualTo("motion.drl");
            rig.raise("CameraMotion", "LogicalID(Camera,1)");
            await().untilAsserted(() ->
                    assertThat(rig.active()).extracting(a -> a.getAlarmName()).containsExactly("Motion detected"));

            Files.writeString(dir.resolve("motion.drl"), RULE.formatted("Door forced open"));
            await().untilAsserted(() ->
                    assertThat(manager.status().lastAttempt().ok()).isTrue());
            rig.settle();
            rig.raise("CameraMotion", "LogicalID(Camera,2)");
            await().untilAsserted(() -> assertThat(rig.active())
                    .extracting(a -> a.getAlarmName())
                    .containsExactlyInAnyOrder("Motion detected", "Door forced open"));
            assertThat(List.of(manager.status().running().ruleCount())).containsExactly(1);
        }
    }
}
