package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The seed's "Event subscriptions" section: subscribe, unsubscribe, subscribed, and what is refused. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedDaemon.class)
class WebSdkSubscriptionIT {
    VigilProcess v;

    VigilProcess.Reply call(String app, String path, String q) {
        String auth = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString(("admin;" + app + ":" + v.password()).getBytes(StandardCharsets.UTF_8));
        return v.send(HttpRequest.newBuilder(
                        v.uri(path + (q == null ? "" : "?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))))
                .header("Authorization", auth)
                .GET());
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void subscribedListsOneItemPerEventTypeWithEveryEntity() {
        assertThat(call("A", "/WebSdk/events/subscribed", null).json().at("/Rsp/Result"))
                .isEmpty();
        assertThat(call(
                                "A",
                                "/WebSdk/events/subscribe",
                                "event(Camera,CameraMotion),event(LogicalID(Door,1),AccessGranted),event({"
                                        + ShippedSite.DOOR_1 + "},AccessGranted)")
                        .status())
                .isEqualTo(200);
        JsonNode items = call("A", "/WebSdk/events/subscribed", null).json().at("/Rsp/Result");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("EventType").asText()).isEqualTo("CameraMotion");
        assertThat(texts(items.get(0).get("Entities")))
                .containsExactlyInAnyOrder(ShippedSite.CAMERA_1, ShippedSite.CAMERA_2, ShippedSite.CAMERA_3);
        assertThat(items.get(1).get("EventType").asText()).isEqualTo("AccessGranted");
        assertThat(texts(items.get(1).get("Entities"))).containsExactly(ShippedSite.DOOR_1);

        // Unsubscribing one camera of a type-wide subscription leaves the others.
        assertThat(call("A", "/WebSdk/events/unsubscribe", "event(" + ShippedSite.CAMERA_2 + ",CameraMotion)")
                        .status())
                .isEqualTo(200);
        items = call("A", "/WebSdk/events/subscribed", null).json().at("/Rsp/Result");
        assertThat(texts(items.get(0).get("Entities")))
                .containsExactlyInAnyOrder(ShippedSite.CAMERA_1, ShippedSite.CAMERA_3);
        assertThat(call("A", "/WebSdk/events/unsubscribe", "event(Camera,CameraMotion),event(Door,AccessGranted)")
                        .status())
                .isEqualTo(200);
        assertThat(call("A", "/WebSdk/events/subscribed", null).json().at("/Rsp/Result"))
                .isEmpty();

        // Sessions are per application: another app id sees its own (empty) list.
        call("A", "/WebSdk/events/subscribe", "event(Camera,CameraMotion)");
        assertThat(call("B", "/WebSdk/events/subscribed", null).json().at("/Rsp/Result"))
                .isEmpty();
    }

    @Test
    void aCameraAddedToEntitiesYamlJoinsTypeWideSubscriptionsWithoutARestart() throws Exception {
        assertThat(call("Later", "/WebSdk/events/subscribe", "event(Camera,Tampering)")
                        .status())
                .isEqualTo(200);
        String cam4 = "00000001-0000-babe-0000-000000000004";
        Path yaml = v.conf.resolve("entities.yaml");
        String original = java.nio.file.Files.readString(yaml);
        java.nio.file.Files.writeString(
                yaml,
                original.replace(
                        "cameras:\n",
                        "cameras:\n  - guid: " + cam4 + "\n    logicalId: 4\n    name: Parking camera\n"));
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(texts(call("Later", "/WebSdk/events/subscribed", null)
                                .json()
                                .at("/Rsp/Result/0/Entities")))
                        .contains(cam4));
        try (StreamClient s = StreamClient.open(
                v,
                "Basic "
                        + java.util.Base64.getEncoder()
                                .encodeToString(("admin;Later:" + v.password()).getBytes(StandardCharsets.UTF_8)))) {
            assertThat(v.post("/WebSdk/events/RaiseEvent/Tampering/LogicalID(Camera,4)", null)
                            .status())
                    .isEqualTo(200);
            StreamClient.Part p = s.next(java.time.Duration.ofSeconds(10));
            assertThat(p.json().at("/Rsp/Result/SourceGuid").asText()).isEqualTo(cam4);
        }
        // A broken edit is reported and changes nothing.
        java.nio.file.Files.writeString(yaml, original.replace("cameras:\n", "cameras:\n  - guid: not-a-guid\n"));
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> v.log().contains("does not load, the previous entities stay"));
        assertThat(v.post("/WebSdk/events/RaiseEvent/Tampering/LogicalID(Camera,4)", null)
                        .status())
                .isEqualTo(200);
        java.nio.file.Files.writeString(yaml, original);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(texts(call("Later", "/WebSdk/events/subscribed", null)
                                .json()
                                .at("/Rsp/Result/0/Entities")))
                        .doesNotContain(cam4));
    }

    @Test
    void badSubscriptionsAreRefusedAndChangeNothing() {
        record Bad(String q, int status, String code) {}
        for (Bad b : List.of(
                new Bad("event(Camera,Teleported)", 400, "UnknownEventType"),
                new Bad("event(LogicalID(Camera,42),CameraMotion)", 404, "UnknownEntity"),
                new Bad("event(Camera,AccessGranted)", 400, "InvalidEventForEntity"),
                new Bad("event(Spaceship,CameraMotion)", 400, "InvalidValue"),
                new Bad("event(Camera)", 400, "InvalidArgumentCount"),
                new Bad("subscribe(Camera,CameraMotion)", 400, "InvalidQuery"),
                new Bad("event(Camera,CameraMotion", 400, "InvalidQuery"),
                new Bad("event(Camera,CameraMotion),event(Door,Nope)", 400, "UnknownEventType"),
                new Bad("", 400, "InvalidQuery"))) {
            VigilProcess.Reply r = call("Bad", "/WebSdk/events/subscribe", b.q());
            assertThat(r.status()).as(b.q() + " -> " + r.body()).isEqualTo(b.status());
            assertThat(r.json().at("/Rsp/Result/SdkErrorCode").asText())
                    .as(b.q())
                    .isEqualTo(b.code());
        }
        assertThat(call("Bad", "/WebSdk/events/subscribed", null).json().at("/Rsp/Result"))
                .isEmpty();
        VigilProcess.Reply missing = call("Bad", "/WebSdk/events/subscribe", null);
        assertThat(missing.status()).isEqualTo(400);
        VigilProcess.Reply syntax = call("Bad", "/WebSdk/events/subscribe", "event(Camera,,CameraMotion)");
        assertThat(syntax.json().at("/Rsp/Result/Message").asText()).contains("position 13");
    }

    @Test
    void repeatedSubscriptionsCountOnce() {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            q.append(i == 0 ? "" : ",").append("event(Camera,CameraMotion)");
        }
        // repeats of one subscription are one subscription
        assertThat(call("Many", "/WebSdk/events/subscribe", q.toString()).status())
                .isEqualTo(200);
        assertThat(call("Many", "/WebSdk/events/subscribed", null).json().at("/Rsp/Result"))
                .hasSize(1);
    }
}
