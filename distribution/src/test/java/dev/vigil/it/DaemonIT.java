package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon from the built distribution, driven over HTTP as an integration would drive it. */
class DaemonIT {
    private static final String MOTION_ALARM = "00000003-0000-babe-0000-000000000001";
    private static final String DOOR_ALARM = "00000003-0000-babe-0000-000000000002";

    @TempDir
    Path site;

    private static List<JsonNode> active(VigilProcess v) {
        VigilProcess.Reply r = v.get("/WebSdk/activealarms");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/Rsp/Status").asText()).isEqualTo("Ok");
        List<JsonNode> out = new ArrayList<>();
        r.json().at("/Rsp/Result").forEach(out::add);
        return out;
    }

    private static List<JsonNode> activeOf(VigilProcess v, String alarmGuid) {
        return active(v).stream()
                .filter(a -> a.get("Guid").asText().equals(alarmGuid))
                .toList();
    }

    @Test
    void eventRaisesAlarmThatSurvivesRestartWithItsInstanceId() {
        try (VigilProcess v = new VigilProcess(site, null, true).start()) {
            VigilProcess.Reply raised = v.post("/WebSdk/events/RaiseEvent/CameraMotion/LogicalID(Camera,1)", null);
            assertThat(raised.status()).isEqualTo(200);
            assertThat(raised.body()).isEqualTo("{\"Rsp\":{\"Status\":\"Ok\"}}");
            assertThat(raised.header("Content-Type")).startsWith("text/json");

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> activeOf(v, MOTION_ALARM).size() == 1);
            JsonNode alarm = activeOf(v, MOTION_ALARM).get(0);
            long id = alarm.get("InstanceID").asLong();
            assertThat(alarm.get("TriggerEntity").asText()).isEqualTo("00000001-0000-babe-0000-000000000001");
            assertThat(alarm.get("TriggerEvent").asInt()).isEqualTo(1383);
            assertThat(alarm.get("State").asInt()).isEqualTo(1);
            assertThat(alarm.get("Priority").asInt()).isEqualTo(50);
            assertThat(alarm.get("AckReason").asInt()).isEqualTo(28673);
            assertThat(alarm.get("DynamicContent").asText())
                    .contains("<Context>CameraMotion on Lobby camera</Context>");
            assertThat(alarm.has("ForwardInformation")).isTrue();

            // The sink shipped in plugins/ wrote the persisted alarm change.
            Path jsonl = v.data.resolve("plugins/events-file/alarms.jsonl");
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() ->
                            assertThat(jsonl).content().contains("\"change\":\"TRIGGERED\"", "\"instanceId\":" + id));

            assertThat(v.stop()).isEqualTo(143);
            v.start();
            List<JsonNode> after = activeOf(v, MOTION_ALARM);
            assertThat(after).extracting(a -> a.get("InstanceID").asLong()).containsExactly(id);

            VigilProcess.Reply trig = v.get("/WebSdk/alarm?q=TriggerAlarm(" + DOOR_ALARM + ")");
            assertThat(trig.json().at("/Rsp/Result/alarminstanceid").asLong()).isGreaterThan(id);
            VigilProcess.Reply ack = v.get("/WebSdk/alarm?q=AcknowledgeAlarm(" + id + ",Ack)");
            assertThat(ack.body()).isEqualTo("{\"Rsp\":{\"Status\":\"Ok\",\"Result\":{\"Acknowledged\":true}}}");
            assertThat(activeOf(v, MOTION_ALARM)).isEmpty();
        }
    }

    @Test
    void nothingAnsweredIsLostWhenTheProcessIsKilled() {
        try (VigilProcess v = new VigilProcess(site, null, false).start()) {
            long manual = v.get("/WebSdk/alarm?q=TriggerAlarm(" + MOTION_ALARM + ")")
                    .json()
                    .at("/Rsp/Result/alarminstanceid")
                    .asLong();
            StringBuilder bulk = new StringBuilder("[");
            for (int i = 0; i < 200; i++) {
                bulk.append(i == 0 ? "" : ",")
                        .append("{\"EventType\":\"ObjectEntered\",\"Source\":\"LogicalID(Camera,1)\"}");
            }
            bulk.append(",{\"EventType\":\"DoorForcedOpen\",\"Source\":\"LogicalID(Door,2)\"}]");
            assertThat(v.post("/WebSdk/events/bulk", bulk.toString())
                            .json()
                            .at("/Rsp/Result/LastSequence")
                            .asLong())
                    .isEqualTo(201);
            v.kill();

            v.start();
            // The answered trigger was in the store; the journaled door event reaches the rules
            // again from the journal if the kill came before they saw it.
            assertThat(activeOf(v, MOTION_ALARM))
                    .extracting(a -> a.get("InstanceID").asLong())
                    .contains(manual);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> activeOf(v, DOOR_ALARM).size() >= 1);
            assertThat(v.get("/WebSdk/health")
                            .json()
                            .at("/Rsp/Result/JournalLastSequence")
                            .asLong())
                    .isEqualTo(201);
        }
    }

    @Test
    void brokenRuleFileKeepsOldRulesRunningAndIsReported() throws Exception {
        try (VigilProcess v = new VigilProcess(site, null, false).start()) {
            Files.writeString(v.rules.resolve("broken.drl"), """
                    package broken;
                    import dev.vigil.api.Event;
                    rule "typo"
                    when
                        Event(tpye == "CameraMotion")
                    then
                    end
                    """);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !v.get("/WebSdk/rules/status")
                            .json()
                            .at("/Rsp/Result/LastAttempt/Ok")
                            .asBoolean(true));
            JsonNode status = v.get("/WebSdk/rules/status").json().at("/Rsp/Result");
            JsonNode error = status.at("/LastAttempt/Errors/0");
            assertThat(error.get("File").asText()).isEqualTo("broken.drl");
            assertThat(error.get("Line").asInt()).isEqualTo(5);
            assertThat(error.get("Column").asInt()).isGreaterThan(0);
            assertThat(error.get("Message").asText()).contains("tpye");
            assertThat(status.at("/Running/RuleCount").asInt()).isEqualTo(4);
            assertThat(v.get("/WebSdk/health").json().at("/Rsp/Result/Status").asText())
                    .isEqualTo("Degraded");
            assertThat(v.log()).contains("broken.drl:5:");

            assertThat(v.post("/WebSdk/events/RaiseEvent/DoorForcedOpen/LogicalID(Door,2)", null)
                            .status())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> activeOf(v, DOOR_ALARM).size() == 1);
            assertThat(activeOf(v, DOOR_ALARM).get(0).get("DynamicContent").asText())
                    .contains("<a:guid>00000001-0000-babe-0000-000000000003</a:guid>");
            // The rule that fired, counted with its file and time.
            JsonNode firing = v.get("/WebSdk/rules/status").json().at("/Rsp/Result/Firings/0");
            assertThat(firing.get("Rule").asText())
                    .isEqualTo("Door forced open triggers an alarm with the nearest camera");
            assertThat(firing.get("File").asText()).isEqualTo("door.drl");
            assertThat(firing.get("Count").asLong()).isEqualTo(1);
            assertThat(firing.get("LastFiredAt").asText()).startsWith("20");
            assertThat(v.get("/metrics").body())
                    .contains(
                            "vigil_rule_firings_total{file=\"door.drl\",rule=\"Door forced open triggers an alarm with"
                                    + " the nearest camera\"} 1.0");

            Files.delete(v.rules.resolve("broken.drl"));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> v.get("/WebSdk/rules/status")
                            .json()
                            .at("/Rsp/Result/LastAttempt/Ok")
                            .asBoolean(false));
        }
    }

    @Test
    void pluginJarDroppedIntoRunningDaemonLoadsAndDelivers() throws Exception {
        try (VigilProcess v = new VigilProcess(site, null, false).start()) {
            JsonNode before = v.get("/WebSdk/plugins").json().at("/Rsp/Result/Instances/0");
            assertThat(before.get("State").asText()).isEqualTo("waiting");

            Path part = v.site.resolve("copying.part");
            Files.copy(VigilProcess.PLUGIN_JAR, part);
            Files.move(part, v.plugins.resolve("jsonl-sink.jar"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> v.get("/WebSdk/plugins")
                            .json()
                            .at("/Rsp/Result/Instances/0/State")
                            .asText()
                            .equals("running"));

            v.post("/WebSdk/events/RaiseEvent/DoorForcedOpen/LogicalID(Door,1)", null);
            Path jsonl = v.data.resolve("plugins/events-file/alarms.jsonl");
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(jsonl).content().contains("\"alarmName\":\"Door forced open\""));

            Files.delete(v.plugins.resolve("jsonl-sink.jar"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> v.get("/WebSdk/plugins")
                            .json()
                            .at("/Rsp/Result/Instances/0/State")
                            .asText()
                            .equals("waiting"));
            assertThat(v.alive()).isTrue();

            // An alarm raised while the sink's plugin is gone reaches it when the plugin is back.
            long away = v.get("/WebSdk/alarm?q=TriggerAlarm(" + MOTION_ALARM + ")")
                    .json()
                    .at("/Rsp/Result/alarminstanceid")
                    .asLong();
            Files.copy(VigilProcess.PLUGIN_JAR, part);
            Files.move(part, v.plugins.resolve("jsonl-sink.jar"));
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(jsonl).content().contains("\"instanceId\":" + away + ","));
        }
    }

    @Test
    void fullRulesQueueAnswers503AndStoresNothing() {
        String tiny = "";
        try (VigilProcess v = new VigilProcess(site, tiny, false)) {
            v.overlay("60-tiny-queue", "rules:\n  queueCapacity: 2\n");
            v.start();
            String three = "[" + String.join(",", List.of(event(1), event(2), event(3))) + "]";
            VigilProcess.Reply r = v.post("/WebSdk/events/bulk", three);
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.header("Retry-After")).isEqualTo("1");
            assertThat(r.json().at("/Rsp/Status").asText()).isEqualTo("Fail");
            assertThat(r.json().at("/Rsp/Result/SdkErrorCode").asText()).isEqualTo("ServerBusy");
            assertThat(v.get("/WebSdk/health")
                            .json()
                            .at("/Rsp/Result/JournalLastSequence")
                            .asLong())
                    .isZero();

            VigilProcess.Reply two = v.post("/WebSdk/events/bulk", "[" + event(1) + "," + event(2) + "]");
            assertThat(two.status()).isEqualTo(200);
            assertThat(two.json().at("/Rsp/Result/Accepted").asInt()).isEqualTo(2);
            assertThat(two.json().at("/Rsp/Result/LastSequence").asLong()).isEqualTo(2);
            String metrics = v.get("/metrics").body();
            assertThat(metrics).contains("vigil_ingest_refused_total{reason=\"overload\"} 3.0");
        }
    }

    @Test
    void everyRequestNeedsALogin() throws java.io.IOException {
        try (VigilProcess v = new VigilProcess(site, null, false).start()) {
            VigilProcess.Reply none = v.send(java.net.http.HttpRequest.newBuilder(v.uri("/WebSdk/activealarms"))
                    .GET());
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.header("WWW-Authenticate")).startsWith("Basic");
            assertThat(none.json().at("/Rsp/Result/SdkErrorCode").asText()).isEqualTo("Unauthorized");
            VigilProcess.Reply wrong = v.send(java.net.http.HttpRequest.newBuilder(v.uri("/metrics"))
                    .header(
                            "Authorization",
                            "Basic " + java.util.Base64.getEncoder().encodeToString("admin:wrong-password".getBytes()))
                    .GET());
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(v.get("/metrics").body()).contains("vigil_rules_queue_depth");
            assertThat(v.log()).contains("created user 'admin'");
            Path password = v.data.resolve("initial-admin-password");
            assertThat(v.log())
                    .contains(password.toString())
                    .doesNotContain(Files.readString(password).trim());
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(password)))
                    .isEqualTo("rw-------");
        }
    }

    private static String event(int camera) {
        return "{\"EventType\":\"CameraMotion\",\"Source\":\"LogicalID(Camera," + camera + ")\"}";
    }
}
