package dev.vigil.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vigil.api.Event;
import dev.vigil.engine.support.EngineRig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A consequence that throws names its rule and file once a minute, and stops nothing else. */
class RuleFailuresTest {
    private static final Instant T0 = Instant.parse("2026-03-16T10:00:00Z");

    @TempDir
    Path work;

    @Test
    void aThrowingConsequenceIsLoggedOnceWithItsRuleAndTheOtherMatchesStillFire() throws Exception {
        Path rules = Files.createDirectories(work.resolve("rules"));
        Files.writeString(rules.resolve("broken.drl"), """
                package site;
                import dev.vigil.api.Event;
                global dev.vigil.engine.rules.Alarms alarms;

                rule "reads a property every event lacks"
                    salience 10
                when
                    $e : Event(type == "CameraMotion")
                then
                    String zone = $e.property("zone");
                    alarms.trigger("Motion detected", $e, zone.toUpperCase());
                end

                rule "motion raises the alarm"
                when
                    $e : Event(type == "CameraMotion")
                then
                    alarms.trigger("Motion detected", $e, "motion");
                end
                """);
        Logger logger = (Logger) LoggerFactory.getLogger(RulesEngine.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (EngineRig rig = new EngineRig(work.resolve("state"), rules, T0)) {
            List<Event> burst = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                burst.add(rig.ingest.describe("CameraMotion", "LogicalID(Camera,1)", T0, null, null, "test"));
            }
            EngineRig.await(rig.ingest.ingest(burst, System.nanoTime()));
            rig.settle();
            assertThat(rig.active()).hasSize(1);
            assertThat(rig.active().get(0).getTriggerCount()).isEqualTo(5);
        } finally {
            logger.detachAppender(logged);
        }
        List<String> failures = logged.list.stream()
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("failed"))
                .toList();
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0))
                .startsWith("Rule reads a property every event lacks (broken.drl) failed: NullPointerException")
                .contains("its other matches and the other rules go on");
        assertThat(logged.list)
                .allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
    }

    @Test
    void repeatsAreCountedIntoTheNextLineAMinuteLater() {
        long[] now = {1_000};
        RepeatedWarnings w = new RepeatedWarnings(() -> now[0]);
        assertThat(w.occurrence("x")).isEmpty();
        assertThat(w.occurrence("x")).isNull();
        assertThat(w.occurrence("y")).isEmpty();
        now[0] += RepeatedWarnings.QUIET_MILLIS;
        assertThat(w.occurrence("x")).contains("1 more time(s)");
        assertThat(w.occurrence("x")).isNull();
    }
}
