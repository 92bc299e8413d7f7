package dev.vigil.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SiteNameCheckTest {
    static final SiteNameCheck.SiteNames SITE = new SiteNameCheck.SiteNames(
            Set.of("ObjectEntered", "CameraMotion", "DoorForcedOpen", "Tailgating"),
            Set.of("Door forced open", "Motion detected"),
            Set.of("guards-mail", "site-sheet"));

    @Test
    void unknownNamesAreReportedAtTheirLiteralWithTheNearestKnownOne() {
        String drl = """
                package p;
                import dev.vigil.api.Event;
                global dev.vigil.engine.rules.Alarms alarms;
                global dev.vigil.engine.rules.Sinks sinks;
                rule "entered"
                when
                    $e : Event(type == "ObjectAppear")
                then
                    alarms.trigger("Door forcd open", $e);
                    sinks.send("guards-mial", $e);
                end
                rule "fine"
                when
                    $e : Event(type == "CameraMotion") // not Event(type == "Nonsense")
                    /* Event(type == "AlsoNonsense") */
                then
                    alarms.trigger("motion DETECTED", $e);
                    sinks.send("site-sheet", $e);
                end
                """;
        List<RuleError> found = SiteNameCheck.check("r.drl", drl, SITE);
        assertThat(found)
                .extracting(RuleError::toString)
                .containsExactly(
                        "r.drl:7:24: warning: unknown event type 'ObjectAppear': that is the Camlytics name; Vigil calls"
                                + " it 'ObjectEntered'",
                        "r.drl:9:20: warning: unknown alarm 'Door forcd open' (did you mean 'Door forced open'?)",
                        "r.drl:10:16: warning: unknown sink 'guards-mial' (did you mean 'guards-mail'?); the configured"
                                + " sinks: guards-mail, site-sheet");
    }

    @Test
    void aNameFarFromEveryKnownOneGetsNoGuess() {
        List<RuleError> found =
                SiteNameCheck.check("r.drl", "rule \"x\" when Event(alarmName == \"Perimeter breach\") then end", SITE);
        assertThat(found)
                .singleElement()
                .extracting(RuleError::message)
                .isEqualTo("unknown alarm 'Perimeter breach'; alarms are defined in entities.yaml");
    }

    @Test
    void unknownEntitiesAndRecipientsAreReportedToo() {
        SiteNameCheck.SiteNames site = new SiteNameCheck.SiteNames(
                SITE.eventTypes(),
                SITE.alarmNames(),
                SITE.sinkNames(),
                Set.of("Security team", "Loading dock door", "logicalid(door,2)", "logicalid(usergroup,1)"));
        String drl = """
                rule "r"
                when
                    $a : Alarm()
                then
                    alarms.forward($a, "Securty team");
                    alarms.forward($a, "LogicalID(UserGroup, 1)");
                    if (site.isMember(null, "Night shift")) { }
                    site.entity("LogicalID(Door,9)");
                    site.entity("00000002-0000-babe-0000-000000000002");
                end
                """;
        assertThat(SiteNameCheck.check("r.drl", drl, site))
                .extracting(RuleError::message)
                .containsExactly(
                        "unknown recipient 'Securty team' (did you mean 'Security team'?)",
                        "unknown group 'Night shift'; entities are defined in entities.yaml",
                        "unknown entity 'LogicalID(Door,9)' (did you mean 'logicalid(door,2)'?)");
    }
}
