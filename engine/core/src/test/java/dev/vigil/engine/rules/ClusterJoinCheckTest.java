package dev.vigil.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterJoinCheckTest {
    private static final String JOIN = """
            package site;
            import dev.vigil.api.Event;
            global dev.vigil.engine.rules.Alarms alarms;

            rule "Door then motion anywhere"
            when
                $d : Event(type == "DoorForcedOpen")
                $m : Event(type == "CameraMotion", this after[0s,10s] $d)
            then
                alarms.trigger("Door forced open", $d);
            end

            rule "Repeated motion of one camera"
            when
                $e : Event(type == "CameraMotion", $camera : source)
                // a comment with Event( in it is not a pattern
                Number(intValue >= 3) from accumulate(Event(type == "CameraMotion", source == $camera) over window:time(30s), count(1))
            then
                alarms.trigger("Repeated motion", $e);
            end
            """;

    @Test
    void aJoinOfOtherSourcesIsWarnedWhereItIsAndATiedOneIsNot() {
        List<RuleError> found = ClusterJoinCheck.check("join.drl", JOIN, "source");
        assertThat(found).hasSize(1);
        RuleError e = found.get(0);
        assertThat(e.warning()).isTrue();
        assertThat(e.line()).isEqualTo(8);
        assertThat(e.column()).isEqualTo(10);
        assertThat(e.message()).contains("'Door then motion anywhere'", "journal.kafka.key: property:NAME");
    }

    @Test
    void nothingIsSaidOnOneNodeOrForAPropertyKey(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertThat(ClusterJoinCheck.check("join.drl", JOIN, "property:site")).isEmpty();
        Files.writeString(dir.resolve("join.drl"), JOIN);
        assertThat(new RulesCompiler(java.time.Duration.ofMinutes(2))
                        .compile(dir)
                        .warnings())
                .noneMatch(w -> w.message().contains("other sources"));
        assertThat(new RulesCompiler(java.time.Duration.ofMinutes(2))
                        .onCluster("source")
                        .compile(dir)
                        .warnings())
                .anyMatch(w -> w.message().contains("other sources") && w.line() == 8);
    }
}
