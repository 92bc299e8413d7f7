package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's "Alarm operations" section driven by real curl with {@code --globoff}, exactly as the
 * seed tells its readers to send the bulk {@code {...}} forms.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedDaemon.class)
class WebSdkAlarmIT {
    VigilProcess v;

    /** {@code curl --globoff} with the q= text as a user types it (spaces as %20). */
    JsonNode curl(String q) {
        try {
            Process p = new ProcessBuilder(
                            "curl",
                            "-s",
                            "--globoff",
                            "-H",
                            "Authorization: " + v.auth(),
                            "http://127.0.0.1:" + v.port + "/WebSdk/alarm?q=" + q.replace(" ", "%20"))
                    .redirectErrorStream(true)
                    .start();
            String body = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).isZero();
            return VigilProcess.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return VigilProcess.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode ok(String q) {
        JsonNode r = curl(q);
        assertThat(r.at("/Rsp/Status").asText()).as(q + " -> " + r).isEqualTo("Ok");
        return r.at("/Rsp/Result");
    }

    long trigger(String q) {
        return ok(q).get("alarminstanceid").asLong();
    }

    JsonNode active(long id) {
        for (JsonNode a : v.get("/WebSdk/activealarms").json().at("/Rsp/Result")) {
            if (a.get("InstanceID").asLong() == id) {
                return a;
            }
        }
        return null;
    }

    @Test
    void triggerVariantsCarryTheirAttributes() {
        long full = trigger("TriggerAlarm({" + ShippedSite.DOOR_ALARM + "},{" + ShippedSite.DOOR_1
                + "},DynamicAlarmContent(Server room \"breach\")"
                + "{Priority=200,AttachedEntities@{" + ShippedSite.CAMERA_2 + "}@{" + ShippedSite.DOOR_1
                + "},ForwardedRecipients@{" + ShippedSite.SECURITY_TEAM
                + "},Urls@https://tickets.example.com/INC-100})");
        JsonNode a = active(full);
        assertThat(a.get("Guid").asText()).isEqualTo(ShippedSite.DOOR_ALARM);
        assertThat(a.get("TriggerEntity").asText()).isEqualTo(ShippedSite.DOOR_1);
        assertThat(a.get("Priority").asInt()).isEqualTo(200);
        assertThat(a.get("State").asInt()).isEqualTo(1);
        assertThat(a.get("DynamicContent").asText())
                .contains("<Context>Server room \"breach\"</Context>")
                .contains("<Priority>200</Priority>")
                .contains(ShippedSite.CAMERA_2)
                .contains("https://tickets.example.com/INC-100");
        JsonNode forward = tree(a.get("ForwardInformation").asText());
        assertThat(forward.get("ForwardCount").asInt()).isEqualTo(1);
        assertThat(forward.at("/Forwards/0/ForwardedTo/0").asText()).isEqualTo(ShippedSite.SECURITY_TEAM);

        long geo = trigger("TriggerAlarm(LogicalID(Alarm,2),LogicalID(Door,1),DynamicAlarmContent(Perimeter alarm),"
                + "GeoCoordinate(45.5020,-73.5680))");
        assertThat(active(geo).get("Latitude").asDouble()).isEqualTo(45.502);
        assertThat(active(geo).get("Longitude").asDouble()).isEqualTo(-73.568);

        long minimal = trigger("TriggerAlarm(" + ShippedSite.DOOR_ALARM + ")");
        assertThat(active(minimal).get("TriggerEntity").asText()).isEqualTo("00000000-0000-0000-0000-000000000000");
        // no Priority given: the entity's priority applies, the content says 0 as in the seed
        assertThat(active(minimal).get("Priority").asInt()).isEqualTo(10);
        assertThat(active(minimal).get("DynamicContent").asText()).contains("<Priority>0</Priority>");
        assertThat(ok("IsActive(" + ShippedSite.DOOR_ALARM + ")")
                        .get("IsActive")
                        .asBoolean())
                .isTrue();
        ok("ForceAcknowledgeAlarm(" + full + "," + ShippedSite.DOOR_ALARM + ")");
        ok("ForceAcknowledgeAlarm(" + geo + "," + ShippedSite.DOOR_ALARM + ")");
        ok("ForceAcknowledgeAlarm(" + minimal + "," + ShippedSite.DOOR_ALARM + ")");
        assertThat(active(full)).isNull();
    }

    @Test
    void bulkFormsAcknowledgeInvestigateAndForwardSeveralAtOnce() {
        long a = trigger("TriggerAlarm(" + ShippedSite.DOOR_ALARM + "," + ShippedSite.DOOR_1 + ")");
        long b = trigger("TriggerAlarm(" + ShippedSite.DOOR_ALARM + "," + ShippedSite.DOOR_1 + ")");
        long c = trigger("TriggerAlarm(" + ShippedSite.REPEAT_ALARM + "," + ShippedSite.CAMERA_2 + ")");
        long d = trigger("TriggerAlarm(" + ShippedSite.REPEAT_ALARM + ",LogicalID(Camera,3))");

        ok("InvestigateAlarm({{" + a + "," + ShippedSite.DOOR_ALARM + "},{" + c + "," + ShippedSite.REPEAT_ALARM
                + "}})");
        assertThat(active(a).get("State").asInt())
                .isEqualTo(active(c).get("State").asInt())
                .isNotEqualTo(1);
        assertThat(active(a).get("InvestigatedBy").asText()).isEqualTo(ShippedSite.ADMIN);

        ok("ForwardAlarm(" + a + ",{" + ShippedSite.ADMIN + "," + ShippedSite.SECURITY_TEAM + "})");
        ok("ForwardAlarm(" + a + ",{" + ShippedSite.SECURITY_TEAM + "})");
        JsonNode info = tree(active(a).get("ForwardInformation").asText());
        assertThat(info.get("ForwardCount").asInt()).isEqualTo(2);
        assertThat(info.at("/Forwards/0/ForwardedTo")).hasSize(2);
        assertThat(info.at("/Forwards/0/ForwardedBy").asText()).isEqualTo(ShippedSite.ADMIN);
        assertThat(info.at("/Forwards/0/ForwardedByString").asText()).isEqualTo("admin");
        assertThat(info.at("/Forwards/1/ForwardedToString/0").asText()).isEqualTo("Security team");

        assertThat(ok("AcknowledgeAlarm({" + a + "," + b + "},Ack)")
                        .get("Acknowledged")
                        .asBoolean())
                .isTrue();
        assertThat(ok("AcknowledgeAlarm({{" + c + "," + ShippedSite.REPEAT_ALARM + "},{" + d + ","
                                + ShippedSite.REPEAT_ALARM + "}},Nack)")
                        .get("Acknowledged")
                        .asBoolean())
                .isTrue();
        assertThat(active(a)).isNull();
        assertThat(active(d)).isNull();
    }

    @Test
    void sourceConditionGatesAcknowledgementAndLegacyShapeDiffers() {
        long id = trigger("TriggerAlarm(" + ShippedSite.DOOR_ALARM + "," + ShippedSite.DOOR_1 + ",1,true)");
        assertThat(active(id).get("HasSourceCondition").asBoolean()).isTrue();
        JsonNode refused = curl("AcknowledgeAlarm(" + id + "," + ShippedSite.DOOR_ALARM + ",Ack)");
        assertThat(refused.at("/Rsp/Status").asText()).isEqualTo("Fail");

        ok("EditAlarmContext(" + id + ",{" + ShippedSite.DOOR_ALARM + "},Investigation complete)");
        JsonNode legacy = null;
        for (JsonNode n : ok("GetActiveAlarms()")) {
            if (n.get("InstanceID").asLong() == id) {
                legacy = n;
            }
        }
        assertThat(legacy).isNotNull();
        assertThat(legacy.get("Alarm").asText()).isEqualTo(ShippedSite.DOOR_ALARM);
        assertThat(legacy.get("DynamicContext").asText()).isEqualTo("Investigation complete");
        assertThat(legacy.get("AckedTime").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(legacy.has("Guid")).isFalse();
        assertThat(legacy.has("ForwardInformation")).isFalse();

        ok("ClearSourceCondition(" + ShippedSite.DOOR_1 + ",1)");
        ok("AcknowledgeAlarm(" + id + "," + ShippedSite.DOOR_ALARM + ",Ack)");
        assertThat(active(id)).isNull();
    }

    @Test
    void severalCallsRunInOrderAndAreNotRolledBack() {
        long id = trigger("TriggerAlarm(" + ShippedSite.DOOR_ALARM + ")");
        JsonNode r = curl("InvestigateAlarm(" + id + "," + ShippedSite.DOOR_ALARM + "),AcknowledgeAlarm(999999,Ack)");
        assertThat(r.at("/Rsp/Status").asText()).isEqualTo("Fail");
        assertThat(active(id).get("InvestigatedBy").asText()).isEqualTo(ShippedSite.ADMIN);
        ok("ForceAcknowledgeAllAlarms()");
        assertThat(ok("IsActive(" + ShippedSite.DOOR_ALARM + ")")
                        .get("IsActive")
                        .asBoolean())
                .isFalse();
    }
}
