package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's "Managing alarm recipients", "Discovering entity events" and "Custom events"
 * sections against a running daemon, including a restart to show the edits persist, and
 * RaiseCustomEvent with its trailing-slash rule and hidden multipart payload (sent by real curl).
 */
class WebSdkEntityIT {
    @TempDir
    Path site;

    static VigilProcess.Reply entity(VigilProcess v, String method, String q) {
        return v.send(HttpRequest.newBuilder(v.uri("/WebSdk/entity?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                .header("Authorization", v.auth())
                .method(method, HttpRequest.BodyPublishers.noBody()));
    }

    static JsonNode ok(VigilProcess.Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/Rsp/Status").asText()).isEqualTo("Ok");
        return r.json().at("/Rsp/Result");
    }

    static void fail(VigilProcess.Reply r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().at("/Rsp/Status").asText()).isEqualTo("Fail");
        assertThat(r.json().at("/Rsp/Result/SdkErrorCode").asText()).isEqualTo(code);
        assertThat(r.json().at("/Rsp/Result/Message").asText()).isNotBlank();
    }

    @Test
    void recipientsChangeThroughTheApiAndSurviveARestart() {
        try (VigilProcess v = new VigilProcess(site, null, false).start()) {
            String alarm = "entity=" + ShippedSite.MOTION_ALARM + ",";
            // shipped: the Security team (which holds admin) receives the alarm
            assertThat(ok(entity(v, "GET", alarm + "IsRecipient(" + ShippedSite.ADMIN + ")"))
                            .get("IsRecipient")
                            .asBoolean())
                    .isTrue();
            assertThat(ok(entity(v, "GET", alarm + "IsRecipient({" + ShippedSite.SECURITY_TEAM + "})"))
                            .get("IsRecipient")
                            .asBoolean())
                    .isTrue();
            assertThat(ok(entity(v, "POST", alarm + "Recipients.Contains(" + ShippedSite.ADMIN + ")"))
                            .get("Contains")
                            .asBoolean())
                    .isTrue();
            assertThat(ok(entity(v, "POST", alarm + "Recipients.Contains(" + ShippedSite.SECURITY_TEAM + ")"))
                            .get("Contains")
                            .asBoolean())
                    .as("the recipient group itself is not 'contained'")
                    .isFalse();

            ok(entity(v, "POST", alarm + "Recipients.Remove(" + ShippedSite.SECURITY_TEAM + ")"));
            assertThat(ok(entity(v, "GET", alarm + "IsRecipient(" + ShippedSite.ADMIN + ")"))
                            .get("IsRecipient")
                            .asBoolean())
                    .isFalse();
            JsonNode both = ok(entity(
                    v,
                    "POST",
                    alarm + "Recipients.Add(LogicalID(User,1),00:00:30),IsRecipient(" + ShippedSite.ADMIN
                            + "),Recipients.Contains(" + ShippedSite.ADMIN + "),Recipients"));
            assertThat(both.get("IsRecipient").asBoolean()).isTrue();
            assertThat(both.get("Contains").asBoolean())
                    .as("direct recipient, not through a group")
                    .isFalse();
            assertThat(both.at("/Recipients/0/Recipient").asText()).isEqualTo(ShippedSite.ADMIN);
            assertThat(both.at("/Recipients/0/ForwardDelay").asText()).isEqualTo("00:00:30");

            // calls run in order; the failing one leaves the earlier ones applied
            fail(
                    entity(
                            v,
                            "POST",
                            alarm + "Recipients.Add(" + ShippedSite.SECURITY_TEAM
                                    + ",00:00:00),Recipients.Add(LogicalID(Camera,1),00:00:00)"),
                    400,
                    "InvalidValue");
            assertThat(ok(entity(v, "GET", alarm + "Recipients")).get("Recipients"))
                    .hasSize(2);

            v.stop();
            v.start();
            JsonNode after = ok(entity(v, "GET", alarm + "Recipients"));
            assertThat(after.get("Recipients")).hasSize(2);
            ok(entity(v, "POST", alarm + "Recipients.Clear()"));
            assertThat(ok(entity(v, "GET", alarm + "IsRecipient(" + ShippedSite.ADMIN + ")"))
                            .get("IsRecipient")
                            .asBoolean())
                    .isFalse();
            v.stop();
            v.start();
            assertThat(ok(entity(v, "GET", alarm + "Recipients")).get("Recipients"))
                    .isEmpty();
        }
    }

    @Test
    void supportedEventsFollowTheEntityType() {
        try (VigilProcess v = new VigilProcess(site, null, false).start()) {
            List<String> camera = names(ok(entity(v, "GET", "entity=LogicalID(Camera,1),SupportedEvents"))
                    .get("SupportedEvents"));
            assertThat(camera)
                    .contains("CameraMotion", "CameraMotionOn", "Tampering")
                    .doesNotContain("AccessGranted");
            List<String> door =
                    names(ok(entity(v, "GET", "entity={00000002-0000-babe-0000-000000000001},SupportedEvents"))
                            .get("SupportedEvents"));
            assertThat(door)
                    .contains("AccessGranted", "AccessRefused", "DoorForcedOpen")
                    .doesNotContain("CameraMotion");
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void customEventsAreCreatedListedDeletedAndRaised() throws Exception {
        try (VigilProcess v = new VigilProcess(site, null, true)) {
            Path yaml = v.conf.resolve("vigil.yaml");
            Files.writeString(yaml, Files.readString(yaml).replace("events: false", "events: true"));
            v.start();
            String sys = "entity=" + ShippedSite.SYSTEM + ",";
            ok(entity(v, "POST", sys + "CustomEvents.Add(12345,TemperatureAlert,Camera)"));
            // a name with spaces, URL-encoded as the seed shows (the helper encodes the whole q once more)
            VigilProcess.Reply spaced = v.send(HttpRequest.newBuilder(v.uri("/WebSdk/entity?q=entity="
                            + ShippedSite.SYSTEM + ",CustomEvents.Add(12346,Temperature%20Alert%20High,Camera)"))
                    .header("Authorization", v.auth())
                    .POST(HttpRequest.BodyPublishers.noBody()));
            ok(spaced);
            ok(entity(v, "POST", sys + "CustomEvents.Add(12347,TemperatureAlert,Door)")); // names may repeat
            fail(entity(v, "POST", sys + "CustomEvents.Add(12345,Other,Camera)"), 400, "CustomEventAlreadyExists");
            fail(entity(v, "POST", sys + "CustomEvents.Add(12348,Other,Spaceship)"), 400, "InvalidValue");
            fail(
                    entity(v, "POST", "entity=LogicalID(Camera,1),CustomEvents.Add(12349,Other,Camera)"),
                    400,
                    "InvalidOperation");

            JsonNode all = ok(entity(v, "GET", sys + "CustomEvents")).get("CustomEvents");
            assertThat(all).hasSize(3);
            assertThat(all.get(1).get("Id").asInt()).isEqualTo(12346);
            assertThat(all.get(1).get("Name").asText()).isEqualTo("Temperature Alert High");
            assertThat(all.get(1).get("LocalCustomEvent").asBoolean()).isTrue();
            assertThat(all.get(1).get("SourceEntityType").asText()).isEqualTo("Camera");
            assertThat(all.get(1).get("Owner").asText()).isEqualTo(ShippedSite.ADMIN);
            JsonNode forCamera = ok(entity(v, "GET", "entity=LogicalID(Camera,2),SupportedCustomEvents"))
                    .get("SupportedCustomEvents");
            assertThat(forCamera).hasSize(2);

            ok(entity(v, "POST", sys + "CustomEvents-12347"));
            fail(entity(v, "POST", sys + "CustomEvents-12347"), 404, "UnknownCustomEvent");

            // Raising: without a message the trailing slash is required (307 otherwise).
            assertThat(ok(v.get("/WebSdk/events/subscribe?q=event(Camera,CustomEvent)"))
                            .isMissingNode())
                    .isTrue();
            try (StreamClient stream = StreamClient.open(v, v.auth())) {
                VigilProcess.Reply noSlash = v.post("/WebSdk/events/RaiseCustomEvent/12345/LogicalID(Camera,1)", null);
                assertThat(noSlash.status()).isEqualTo(307);
                assertThat(noSlash.header("Location"))
                        .isEqualTo("/WebSdk/events/RaiseCustomEvent/12345/LogicalID(Camera,1)/");
                ok(v.post("/WebSdk/events/RaiseCustomEvent/12345/LogicalID(Camera,1)/", null));
                StreamClient.Part plain = stream.next(Duration.ofSeconds(10));
                assertThat(plain.json().at("/Rsp/Result/EventType").asText()).isEqualTo("CustomEvent");
                assertThat(plain.json().at("/Rsp/Result/Event/CustomEventId").asInt())
                        .isEqualTo(12345);
                assertThat(plain.json().at("/Rsp/Result/Event/EventName").asInt())
                        .isEqualTo(15);
                assertThat(plain.json().at("/Rsp/Result/Event/Message").asText())
                        .isEmpty();

                // With a visible message and a hidden payload, sent by curl's -F exactly as the seed shows.
                Process curl = new ProcessBuilder(
                                "curl",
                                "-s",
                                "-X",
                                "POST",
                                v.uri("/WebSdk/events/RaiseCustomEvent/12346/LogicalID(Camera,2)/Visible%20message")
                                        .toString(),
                                "-H",
                                "Authorization: " + v.auth(),
                                "-F",
                                "payload={\"orderId\": \"12345\"};filename=payload")
                        .redirectErrorStream(true)
                        .start();
                String answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(curl.waitFor()).isZero();
                assertThat(answer).isEqualTo("{\"Rsp\":{\"Status\":\"Ok\"}}");
                StreamClient.Part rich = stream.next(Duration.ofSeconds(10));
                JsonNode ev = rich.json().at("/Rsp/Result/Event");
                assertThat(ev.get("CustomEventId").asInt()).isEqualTo(12346);
                assertThat(ev.get("Message").asText()).isEqualTo("Visible message");
                assertThat(ev.get("Payload").asText()).isEqualTo("{\"orderId\": \"12345\"}");
            }
            // The sink plugin gets the payload too (the jsonl sink writes it beside the properties).
            Path sinkFile = v.data.resolve("plugins/events-file/alarms.jsonl");
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> Files.exists(sinkFile)
                            && Files.readString(sinkFile).contains("\"payload\":\"{\\\"orderId\\\": \\\"12345\\\"}\""));
            assertThat(Files.readString(sinkFile)).contains("\"v\":\"Visible message\"");
            fail(v.post("/WebSdk/events/RaiseCustomEvent/99999/LogicalID(Camera,1)/", null), 404, "UnknownCustomEvent");
            fail(
                    v.post("/WebSdk/events/RaiseCustomEvent/12345/LogicalID(Door,1)/", null),
                    400,
                    "InvalidEventForEntity");
            fail(v.post("/WebSdk/events/RaiseCustomEvent/abc/LogicalID(Camera,1)/", null), 400, "InvalidValue");
            VigilProcess.Reply badForm = v.send(HttpRequest.newBuilder(
                            v.uri("/WebSdk/events/RaiseCustomEvent/12345/LogicalID(Camera,1)/x"))
                    .header("Authorization", v.auth())
                    .header("Content-Type", "multipart/form-data; boundary=zzz")
                    .POST(HttpRequest.BodyPublishers.ofString("--zzz\r\nContent-Disposition: form-data; name=\"payl")));
            assertThat(badForm.status()).as(badForm.body()).isEqualTo(400);

            v.stop();
            v.start();
            assertThat(ok(entity(v, "GET", sys + "CustomEvents")).get("CustomEvents"))
                    .hasSize(2);
        }
    }

    @Test
    void badEntityRequestsAreRefusedClearly() {
        try (VigilProcess v = new VigilProcess(site, null, false).start()) {
            fail(entity(v, "GET", "entity=LogicalID(Camera,99),SupportedEvents"), 404, "UnknownEntity");
            fail(entity(v, "GET", "entity=LogicalID(Camera,1),Teleport()"), 404, "UnknownCommand");
            fail(
                    entity(v, "GET", "entity=LogicalID(Camera,1),Recipients.Add(" + ShippedSite.ADMIN + ",00:00:00)"),
                    400,
                    "InvalidOperation");
            fail(
                    entity(
                            v,
                            "GET",
                            "entity=" + ShippedSite.MOTION_ALARM + ",Recipients.Add(" + ShippedSite.ADMIN
                                    + ",tomorrow)"),
                    400,
                    "InvalidValue");
            fail(
                    entity(
                            v,
                            "GET",
                            "entity=" + ShippedSite.MOTION_ALARM + ",Recipients.Add(" + ShippedSite.ADMIN
                                    + ",00:99:00)"),
                    400,
                    "InvalidValue");
            fail(entity(v, "GET", "entity=" + ShippedSite.MOTION_ALARM), 400, "InvalidQuery");
            fail(entity(v, "GET", "entity=" + ShippedSite.MOTION_ALARM + ",IsRecipient("), 400, "InvalidQuery");
            fail(entity(v, "GET", "SupportedEvents"), 400, "InvalidQuery");
            fail(v.get("/WebSdk/entity"), 400, "InvalidRequest");
            VigilProcess.Reply wrongMethod = v.send(HttpRequest.newBuilder(v.uri("/WebSdk/entity?q=x"))
                    .header("Authorization", v.auth())
                    .DELETE());
            assertThat(wrongMethod.status()).isEqualTo(405);
            String huge = "entity=" + ShippedSite.MOTION_ALARM + "," + "Recipients,".repeat(20_000) + "Recipients";
            VigilProcess.Reply big = entity(v, "GET", huge);
            assertThat(big.status()).isIn(400, 414);
            assertThat(v.alive()).isTrue();
        }
    }
}
