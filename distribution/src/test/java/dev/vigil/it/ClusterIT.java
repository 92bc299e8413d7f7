package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vigil on Kafka and PostgreSQL: events acknowledged once Kafka has them, rules and alarms as on one machine. */
class ClusterIT {
    @TempDir
    Path root;

    private static VigilProcess.Reply camlytics(VigilProcess v, String pathAndQuery) {
        return v.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + v.camlyticsPort + pathAndQuery))
                .header("Authorization", v.auth())
                .GET());
    }

    private static JsonNode active(VigilProcess v) {
        return v.get("/WebSdk/activealarms").json().at("/Rsp/Result");
    }

    private static List<String> alarmNames(VigilProcess v) {
        List<String> names = new ArrayList<>();
        for (JsonNode a : active(v)) {
            String guid = a.get("Guid").asText();
            names.add(
                    guid.equals(ShippedSite.MOTION_ALARM)
                            ? "Motion detected"
                            : guid.equals(ShippedSite.REPEAT_ALARM) ? "Repeated motion" : guid);
        }
        names.sort(null);
        return names;
    }

    @Test
    void oneNodeOnKafkaRaisesAlarmsAndAfterSigkillRepeatsNone() throws Exception {
        try (ClusterSite cluster = new ClusterSite(root, "single")) {
            VigilProcess v = cluster.node(null);
            v.start();
            assertThat(v.log()).contains("Journal on Kafka topic single");
            for (int i = 0; i < 3; i++) {
                VigilProcess.Reply r = v.post("/WebSdk/events/RaiseEvent/CameraMotion/LogicalID(Camera,1)", null);
                assertThat(r.status()).as(r.body()).isEqualTo(200);
            }
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> alarmNames(v).equals(List.of("Motion detected", "Repeated motion")));
            JsonNode events = camlytics(v, "/v1/json/events?limit=10").json();
            assertThat(events.toString()).contains("\"event_id\"");

            v.kill();
            v.start();
            // The rules' window and the alarms came back; nothing was raised twice.
            assertThat(alarmNames(v)).isEqualTo(List.of("Motion detected", "Repeated motion"));
            v.post("/WebSdk/events/RaiseEvent/CameraMotion/LogicalID(Camera,1)", null);
            VigilProcess.sleep(1_000);
            assertThat(alarmNames(v)).isEqualTo(List.of("Motion detected", "Repeated motion"));
            assertThat(v.log()).doesNotContain("ERROR");
        }
    }
}
