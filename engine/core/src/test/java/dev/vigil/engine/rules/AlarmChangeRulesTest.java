package dev.vigil.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.engine.alarm.AckType;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.alarm.TriggerRequest;
import dev.vigil.engine.support.EngineRig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules react to what operators do with alarms: each change is an AlarmChanged fact for one firing. */
class AlarmChangeRulesTest {
    private static final Instant T0 = Instant.parse("2026-03-15T11:00:00Z");
    private static final String DRL = """
            package vigil.test;
            import dev.vigil.engine.alarm.Alarm;
            import dev.vigil.engine.alarm.AlarmChanged;
            global dev.vigil.engine.rules.Alarms alarms;

            rule "Investigation is written into the context"
            when
                $c : AlarmChanged(kind == "INVESTIGATING")
                $a : Alarm(instanceId == $c.instanceId)
            then
                alarms.editContext($a, "investigated by " + $c.getBy());
            end

            rule "A Nack of one alarm forwards the others to the security team"
            when
                $c : AlarmChanged(kind == "ACKNOWLEDGED", alarmName == "Door forced open")
                $other : Alarm(instanceId != $c.instanceId)
            then
                alarms.forward($other, "LogicalID(UserGroup,1)");
            end
            """;

    @TempDir
    Path work;

    private EngineRig rig;

    @BeforeEach
    void start() throws Exception {
        Path rules = Files.createDirectories(work.resolve("rules"));
        Files.writeString(rules.resolve("changes.drl"), DRL);
        rig = new EngineRig(work.resolve("state"), rules, T0);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private Alarm trigger(String alarmRef) {
        UUID alarm = rig.entities.resolve(alarmRef, null).guid();
        return EngineRig.await(rig.alarms.trigger(new TriggerRequest(
                alarm,
                null,
                "ManualAction",
                "manual",
                0,
                List.of(),
                List.of(),
                List.of(),
                0,
                false,
                null,
                null,
                "admin")));
    }

    @Test
    void aRuleSeesAnInvestigationAndWhoStartedIt() {
        Alarm a = trigger("LogicalID(Alarm,2)");
        EngineRig.await(rig.alarms.investigate(a.getInstanceId(), a.getAlarmGuid(), "operator7"));
        await().untilAsserted(
                        () -> assertThat(rig.active().get(0).getContext()).isEqualTo("investigated by operator7"));
    }

    @Test
    void aRuleSeesAnAcknowledgementAfterTheAlarmLeftTheSession() {
        Alarm door = trigger("LogicalID(Alarm,2)");
        Alarm motion = trigger("LogicalID(Alarm,1)");
        rig.settle();
        EngineRig.await(rig.alarms.acknowledge(door.getInstanceId(), door.getAlarmGuid(), AckType.NACK, "admin"));
        UUID team = rig.entities.resolve("LogicalID(UserGroup,1)", null).guid();
        await().untilAsserted(() -> assertThat(rig.active()).singleElement().satisfies(x -> {
            assertThat(x.getInstanceId()).isEqualTo(motion.getInstanceId());
            assertThat(x.getForwardedRecipients()).contains(team);
        }));
    }
}
