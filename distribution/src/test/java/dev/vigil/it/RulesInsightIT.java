package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Why a rule fired (the trace switch) and what became of an alarm (the history), on the wire. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedDaemon.class)
class RulesInsightIT {
    VigilProcess v;

    private JsonNode ok(VigilProcess.Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/Rsp/Status").asText()).as(r.body()).isEqualTo("Ok");
        return r.json().at("/Rsp/Result");
    }

    private long raiseDoorForcedAndWaitForItsAlarm() {
        ok(v.post("/WebSdk/events/bulk", "[{\"EventType\":\"DoorForcedOpen\",\"Source\":\"LogicalID(Door,1)\"}]"));
        long[] id = {0};
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (JsonNode a : v.get("/WebSdk/activealarms").json().at("/Rsp/Result")) {
                if (a.get("Guid").asText().equals(ShippedSite.DOOR_ALARM)) {
                    id[0] = a.get("InstanceID").asLong();
                    return true;
                }
            }
            return false;
        });
        return id[0];
    }

    @Test
    void aTraceLogsEachFiringOfTheNamedRulesWithTheFactsTheyMatched() {
        JsonNode started = ok(v.post("/WebSdk/rules/trace?rule=Door&for=10m", ""));
        assertThat(started.get("Rules").asText()).isEqualTo("Door");
        assertThat(started.get("Until").asText()).isNotEmpty();
        raiseDoorForcedAndWaitForItsAlarm();
        JsonNode traced = ok(v.get("/WebSdk/rules/trace")).get("Recent");
        assertThat(traced).isNotEmpty();
        JsonNode last = traced.get(traced.size() - 1);
        assertThat(last.get("Rule").asText()).isEqualTo("Door forced open triggers an alarm with the nearest camera");
        assertThat(last.get("File").asText()).isEqualTo("door.drl");
        assertThat(last.get("Facts").get(0).asText()).contains("DoorForcedOpen from Server room door");
        assertThat(v.log())
                .contains(
                        "Rule 'Door forced open triggers an alarm with the nearest camera' (door.drl) fired on Event #");

        assertThat(ok(v.post("/WebSdk/rules/trace/off", "")).get("Rules").isNull())
                .isTrue();
        VigilProcess.Reply bad = v.post("/WebSdk/rules/trace?rule=(&for=10m", "");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("is not a pattern");
        assertThat(v.post("/WebSdk/rules/trace?rule=x&for=2d", "").status()).isEqualTo(400);
    }

    @Test
    void theHistoryShowsPastInstancesWithTheirChangesAndFilters() {
        long id = raiseDoorForcedAndWaitForItsAlarm();
        ok(v.get("/WebSdk/alarm?q=AcknowledgeAlarm(" + id + "," + ShippedSite.DOOR_ALARM + ",Ack)"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> instances(
                                "/WebSdk/alarms/history?alarm=Door%20forced%20open&source=Server%20room%20door&state=acknowledged")
                        .contains(id));
        JsonNode mine = null;
        for (JsonNode a : ok(v.get("/WebSdk/alarms/history?alarm=Door%20forced%20open&source=Server%20room%20door"))) {
            if (a.get("InstanceId").asLong() == id) {
                mine = a;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("State").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(mine.get("SourceName").asText()).isEqualTo("Server room door");
        assertThat(mine.get("Rule").asText()).contains("(door.drl)");
        List<String> kinds = new ArrayList<>();
        mine.get("Changes").forEach(c -> kinds.add(c.get("Kind").asText()));
        // (a retrigger in between when another test's door event found the alarm still active)
        assertThat(kinds).startsWith("TRIGGERED").endsWith("ACKNOWLEDGED");
        assertThat(mine.get("Changes").get(0).get("Rule").asText()).contains("door.drl");

        assertThat(instances("/WebSdk/alarms/history?state=active")).doesNotContain(id);
        assertThat(instances("/WebSdk/alarms/history?from=2100-01-01T00:00:00Z"))
                .isEmpty();
        assertThat(instances("/WebSdk/alarms/history?to=2000-01-01T00:00:00Z")).isEmpty();
        assertThat(instances("/WebSdk/alarms/history?limit=1")).hasSize(1);
        for (String q :
                List.of("state=bogus", "limit=0", "from=yesterday", "alarm=No%20such%20alarm", "source=nobody")) {
            VigilProcess.Reply r = v.get("/WebSdk/alarms/history?" + q);
            assertThat(r.status()).as(q + " -> " + r.body()).isEqualTo(400);
        }
    }

    private List<Long> instances(String path) {
        List<Long> ids = new ArrayList<>();
        ok(v.get(path)).forEach(a -> ids.add(a.get("InstanceId").asLong()));
        return ids;
    }
}
