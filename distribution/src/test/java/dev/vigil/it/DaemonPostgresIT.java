package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.engine.support.PostgresServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon with {@code store.url} on a real PostgreSQL, killed with SIGKILL and started again:
 * the alarm a rule raised, the instance ids, recipient lists and custom events are all still there.
 */
class DaemonPostgresIT {
    @TempDir
    Path site;

    private static VigilProcess.Reply entity(VigilProcess v, String q) {
        return v.send(HttpRequest.newBuilder(v.uri("/WebSdk/entity?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                .header("Authorization", v.auth())
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void webSdkStateLivesInPostgresAcrossACrash() throws Exception {
        try (PostgresServer pg = PostgresServer.start();
                VigilProcess v = new VigilProcess(site, null, false)) {
            v.overlay("60-postgres", "store:\n  url: \"" + pg.url() + "\"\n  user: \"" + pg.user() + "\"\n");
            v.start();
            assertThat(v.log()).contains("Store ready at " + pg.url());

            assertThat(v.post("/WebSdk/events/RaiseEvent/DoorForcedOpen/LogicalID(Door,1)", null)
                            .status())
                    .isEqualTo(200);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> v.get("/WebSdk/activealarms")
                                    .json()
                                    .at("/Rsp/Result")
                                    .size()
                            == 1);
            long id = v.get("/WebSdk/activealarms")
                    .json()
                    .at("/Rsp/Result/0/InstanceID")
                    .asLong();
            assertThat(entity(
                                    v,
                                    "entity=" + ShippedSite.MOTION_ALARM + ",Recipients.Add(" + ShippedSite.ADMIN
                                            + ",00:01:00)")
                            .status())
                    .isEqualTo(200);
            assertThat(entity(v, "entity=" + ShippedSite.SYSTEM + ",CustomEvents.Add(777,Smoke,Camera)")
                            .status())
                    .isEqualTo(200);

            v.kill();
            v.start();
            JsonNode active = v.get("/WebSdk/activealarms").json().at("/Rsp/Result");
            assertThat(active).hasSize(1);
            assertThat(active.get(0).get("InstanceID").asLong()).isEqualTo(id);
            assertThat(active.get(0).get("TriggerEntity").asText()).isEqualTo(ShippedSite.DOOR_1);
            JsonNode recipients = entity(v, "entity=" + ShippedSite.MOTION_ALARM + ",Recipients")
                    .json()
                    .at("/Rsp/Result/Recipients");
            assertThat(recipients.toString()).contains(ShippedSite.ADMIN, "00:01:00");
            assertThat(entity(v, "entity=" + ShippedSite.SYSTEM + ",CustomEvents")
                            .json()
                            .at("/Rsp/Result/CustomEvents/0/Name")
                            .asText())
                    .isEqualTo("Smoke");
            long next = v.get("/WebSdk/alarm?q=TriggerAlarm(LogicalID(Alarm,2))")
                    .json()
                    .at("/Rsp/Result/alarminstanceid")
                    .asLong();
            assertThat(next).isGreaterThan(id);
        }
    }
}
