package dev.vigil.engine.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulesFileTest {
    @TempDir
    Path dir;

    @Test
    void theShippedSchedulesRunPastMidnightAndCoverWeekends() {
        Map<String, Schedule> s = SchedulesFile.load(Path.of("../../conf/schedules.yaml"));
        Schedule afterHours = s.get("after-hours");
        // 2026-01-05 is a Monday.
        assertThat(afterHours.isActive(LocalDateTime.parse("2026-01-05T17:59:59")))
                .isFalse();
        assertThat(afterHours.isActive(LocalDateTime.parse("2026-01-05T18:00:00")))
                .isTrue();
        assertThat(afterHours.isActive(LocalDateTime.parse("2026-01-06T06:59:59")))
                .isTrue(); // Tuesday morning
        assertThat(afterHours.isActive(LocalDateTime.parse("2026-01-06T07:00:00")))
                .isFalse();
        assertThat(afterHours.isActive(LocalDateTime.parse("2026-01-10T12:00:00")))
                .isTrue(); // Saturday
        assertThat(afterHours.isActive(LocalDateTime.parse("2026-01-05T06:30:00")))
                .isTrue(); // Sunday night's morning
        assertThat(s.get("weekend").isActive(LocalDateTime.parse("2026-01-09T23:00:00")))
                .isFalse();
    }

    @Test
    void datesAndExceptions() throws Exception {
        Path f = dir.resolve("schedules.yaml");
        Files.writeString(f, """
                maintenance:
                  windows:
                    - dates: [2026-12-24]
                      from: "08:00"
                      to: "12:00"
                nights:
                  windows:
                    - days: [mon, tue, wed, thu, fri, sat, sun]
                      from: "22:00"
                      to: "06:00"
                  except: [2026-12-31]
                """);
        Map<String, Schedule> s = SchedulesFile.load(f);
        assertThat(s.get("maintenance").isActive(LocalDateTime.parse("2026-12-24T09:00:00")))
                .isTrue();
        assertThat(s.get("maintenance").isActive(LocalDateTime.parse("2026-12-25T09:00:00")))
                .isFalse();
        assertThat(s.get("nights").isActive(LocalDateTime.parse("2026-12-30T23:00:00")))
                .isTrue();
        assertThat(s.get("nights").isActive(LocalDateTime.parse("2026-12-31T23:00:00")))
                .isFalse();
    }

    @Test
    void mistakesNameTheScheduleAndTheKey() throws Exception {
        Path f = dir.resolve("schedules.yaml");
        Files.writeString(f, "x:\n  windows:\n    - days: [mon, funday]\n");
        assertThatThrownBy(() -> SchedulesFile.load(f))
                .hasMessage(f + ": x: windows[1].days: 'funday' is not a day; write mon, tue, ... sun");
        Files.writeString(f, "x:\n  windows:\n    - days: [mon]\n      from: \"25:00\"\n");
        assertThatThrownBy(() -> SchedulesFile.load(f))
                .hasMessage(f + ": x: windows[1].from: '25:00' is not a time such as 07:30 or 24:00");
        Files.writeString(f, "x:\n  window:\n    - days: [mon]\n");
        assertThatThrownBy(() -> SchedulesFile.load(f)).hasMessageContaining("unknown key 'window'");
    }
}
