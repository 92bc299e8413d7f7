package dev.vigil.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventRetentionTest {
    @TempDir
    Path dir;

    private EventRetention analyse(String... rules) throws IOException {
        for (int i = 0; i < rules.length; i++) {
            Files.writeString(dir.resolve("r" + i + ".drl"), """
                    package p%d;
                    import dev.vigil.api.Event;
                    import dev.vigil.engine.alarm.Alarm;
                    %s
                    """.formatted(i, rules[i]));
        }
        CompileResult r = new RulesCompiler(Duration.ofMinutes(2)).compile(dir);
        assertThat(r.errors()).isEmpty();
        return r.retention();
    }

    @Test
    void shippedRulesKeepOnlyTheTypeTheEscalationWindowCounts() {
        CompileResult r = new RulesCompiler(Duration.ofMinutes(2)).compile(Path.of("../../rules"));
        assertThat(r.retention().keepsAll()).isFalse();
        assertThat(r.retention().keptTypes()).containsExactly("CameraMotion");
    }

    @Test
    void singlePatternRulesLetTheirEventsGo() throws IOException {
        EventRetention r = analyse(
                "rule a when Event(type == \"DoorForcedOpen\") then end",
                "rule b when $e : Event(type == \"ObjectEntered\", properties[\"zone\"] == \"Z1\") then end");
        assertThat(r.keepsAll()).isFalse();
        assertThat(r.keptTypes()).isEmpty();
    }

    @Test
    void joinsNotsWindowsAndTimersKeepTheirTypes() throws IOException {
        EventRetention r = analyse(
                "rule a when $d : Event(type == \"DoorOpen\") not Event(type == \"DoorClosed\", this after[0s,30s] $d) then end",
                "rule b when $e : Event(type == \"Loitering\") Alarm(sourceGuid == $e.source) then end",
                "rule c when Number() from accumulate(Event(type == \"Tampering\") over window:time(1m), count(1)) then end",
                "rule d timer (int: 5s) when Event(type == \"LprRead\") then end",
                "rule e when Event(type == \"LprHit\") over window:time(10s) then end");
        assertThat(r.keepsAll()).isFalse();
        assertThat(r.keptTypes())
                .containsExactlyInAnyOrder("DoorOpen", "DoorClosed", "Loitering", "Tampering", "LprRead", "LprHit");
    }

    @Test
    void anythingItCannotNameKeepsEveryEvent() throws IOException {
        assertThat(analyse("rule a when $e : Event() not Event(this after[0s,5s] $e) then end")
                        .keepsAll())
                .isTrue();
    }

    @Test
    void patternsOnASupertypeKeepEveryEvent() throws IOException {
        assertThat(analyse("rule a when Object() Alarm() then end").keepsAll()).isTrue();
    }

    @Test
    void logicalInsertionsKeepEveryEvent() throws IOException {
        assertThat(analyse("rule a when $e : Event(type == \"DoorOpen\") then insertLogical(\"open\"); end")
                        .keepsAll())
                .isTrue();
    }
}
