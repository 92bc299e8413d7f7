package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as a user runs it: a "door forced, no motion within 10 s" check started before a
 * SIGKILL, or before a rules edit, still raises its alarm 10 s after the door event, once.
 */
class RulesCarryOverIT {
    private static final String DOOR_EVENT = "[{\"EventType\":\"DoorForcedOpen\",\"Source\":\"LogicalID(Door,2)\"}]";

    @TempDir
    Path site;

    private static VigilProcess withAbsenceRecipeOnly(Path site) throws IOException {
        VigilProcess v = new VigilProcess(site, null, false);
        try (Stream<Path> shipped = Files.list(v.rules)) {
            for (Path f : shipped.filter(f -> f.toString().endsWith(".drl")).toList()) {
                Files.delete(f);
            }
        }
        Files.copy(VigilProcess.DIST.resolve("rules/examples/absence/absence.drl"), v.rules.resolve("absence.drl"));
        return v;
    }

    private static List<JsonNode> doorAlarms(VigilProcess v) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode a : v.get("/WebSdk/activealarms").json().at("/Rsp/Result")) {
            if (a.get("Guid").asText().equals(ShippedSite.DOOR_ALARM)) {
                out.add(a);
            }
        }
        return out;
    }

    /** Waits until the alarm shows, and says how long after {@code sinceNanos} that was. */
    private static long secondsUntilTheAlarm(VigilProcess v, long sinceNanos) {
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !doorAlarms(v).isEmpty());
        return (System.nanoTime() - sinceNanos) / 1_000_000_000L;
    }

    @Test
    void aCheckStartedBeforeAKillRaisesItsAlarmAfterTheRestart() throws Exception {
        try (VigilProcess v = withAbsenceRecipeOnly(site)) {
            v.start();
            long door = System.nanoTime();
            assertThat(v.post("/WebSdk/events/bulk", DOOR_EVENT).status()).isEqualTo(200);
            VigilProcess.sleep(2_500); // past the rules checkpoint's next write
            v.kill();
            v.start();
            assertThat(doorAlarms(v)).as("not before its 10 s are up").isEmpty();
            long after = secondsUntilTheAlarm(v, door);
            assertThat(after).isGreaterThanOrEqualTo(9);
            VigilProcess.sleep(1_500);
            assertThat(doorAlarms(v)).hasSize(1);
            assertThat(v.log()).contains("Started: 1 event(s) the rules were holding");
        }
    }

    @Test
    void aCheckStartedBeforeARulesEditRaisesItsAlarmTenSecondsAfterTheDoor() throws Exception {
        try (VigilProcess v = withAbsenceRecipeOnly(site)) {
            v.start();
            long door = System.nanoTime();
            assertThat(v.post("/WebSdk/events/bulk", DOOR_EVENT).status()).isEqualTo(200);
            // Late enough that a check started again by the edit could not be due before 15 s.
            VigilProcess.sleep(5_000);
            Path drl = v.rules.resolve("absence.drl");
            Files.writeString(drl, Files.readString(drl) + "\n// edited by the site\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> v.log().contains("Rules swapped in"));
            long after = secondsUntilTheAlarm(v, door);
            assertThat(after).isBetween(9L, 14L);
            VigilProcess.sleep(1_500);
            assertThat(doorAlarms(v)).hasSize(1);
        }
    }
}
