package dev.vigil.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each file's own errors, at the line and column of the mistake, one per mistake. */
class RulesCompilerErrorsTest {
    private static final String BROKEN = """
            package site;
            import dev.vigil.api.Event;
            global dev.vigil.engine.rules.Alarms alarms;
            rule "broken"
            when
                $e : Event(type == "DoorForcedOpen"
            then
                alarms.trigger("Door forced open", $e);
            end
            """;
    private static final String DECLARES = """
            package site;
            declare Seen
                door : java.util.UUID
            end
            """;
    private static final String USES_SEEN = """
            package site;
            import dev.vigil.api.Event;

            rule "first time a door is forced"
            when
                $e : Event(type == "DoorForcedOpen", $d : source)
                not Seen(door == $d)
            then
                insert(new Seen($d));
            end
            """;

    @TempDir
    Path dir;

    private List<RuleError> errors() {
        return new RulesCompiler(Duration.ofMinutes(2))
                .compile(dir).errors().stream().filter(e -> !e.warning()).toList();
    }

    @Test
    void aSyntaxErrorIsReportedInItsFileOnlyNotInTheNeighboursThatDeclareOrUseTypes() throws Exception {
        Files.writeString(dir.resolve("a-broken.drl"), BROKEN);
        Files.writeString(dir.resolve("b-uses.drl"), USES_SEEN);
        Files.writeString(dir.resolve("c-declares.drl"), DECLARES.replace("package site;", "package site;\n"));
        List<RuleError> errors = errors();
        assertThat(errors).extracting(RuleError::file).containsOnly("a-broken.drl");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).line()).isEqualTo(7);
        assertThat(errors.get(0).message()).contains("mismatched input 'then'");
    }

    @Test
    void eachErrorOfAConsequenceIsReportedAtItsCallNamingTheRule() throws Exception {
        Files.writeString(dir.resolve("send.drl"), """
                package site;
                import dev.vigil.api.Event;
                global dev.vigil.engine.rules.Sinks sinks;

                rule "pages the guard"
                when
                    $e : Event(type == "DoorForcedOpen")
                then
                    String note = "forced";
                    sinks.sendd("pager", $e);
                    new Missing(note);
                end
                """);
        List<RuleError> errors = errors();
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).message())
                .isEqualTo("in the consequence of rule 'pages the guard': The method sendd(String, Event) is"
                        + " undefined for the type Sinks");
        assertThat(errors.get(0).line()).isEqualTo(10);
        assertThat(errors.get(0).column()).isEqualTo(11);
        assertThat(errors.get(1).message()).contains("Missing cannot be resolved to a type");
        assertThat(errors.get(1).line()).isEqualTo(11);
        assertThat(errors.get(1).column()).isEqualTo(9);
    }

    @Test
    void validFilesTogetherStillCompile() throws Exception {
        Files.writeString(dir.resolve("b-uses.drl"), USES_SEEN);
        Files.writeString(dir.resolve("c-declares.drl"), DECLARES);
        assertThat(errors()).isEmpty();
    }
}
