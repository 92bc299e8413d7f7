package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.CamlyticsNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sheets plugin from the distribution, driving Google's real client library against a local
 * server that speaks the OAuth token and Sheets v4 wire formats ({@link FakeGoogle}): the service
 * account's signed grant, the header row read, rows batched per append with the columns the
 * header names, a 429 waited out; and the Camlytics Apps Script recipe called as a webhook.
 */
class SheetsSinkIT {
    @TempDir
    Path site;

    private FakeGoogle google;
    private VigilProcess v;

    @AfterEach
    void stop() {
        if (v != null) {
            v.close();
        }
        if (google != null) {
            google.close();
        }
    }

    @Test
    void rowsAreAppendedThroughTheSheetsApiInBatchesUnderTheSheetsHeaderRow() throws Exception {
        google = new FakeGoogle();
        google.header.add(List.of("event-type", "event-channelName", "event-objectId", "alarmName", "State", "key"));
        google.quotaRefusals.set(1);
        Path key = google.writeKeyFile(site.resolve("keys"));
        v = new VigilProcess(site, null, false);
        v.addPlugin(VigilProcess.SHEETS_JAR);
        v.overlay("60-sheets", """
                sinks:
                  - name: site-sheet
                    type: sheets
                    events: true
                    alarms: true
                    backoff: 200ms
                    batch:
                      size: 500
                      window: 2s
                    settings:
                      mode: api
                      spreadsheetId: %s
                      keyFile: %s
                      rootUrl: %s/
                      tokenUrl: %s/token
                      timeout: 5s
                """.formatted(FakeGoogle.SPREADSHEET, key, google.base(), google.base()));
        v.start();

        v.post("/WebSdk/events/bulk", ReliabilityIT.bulk("DoorForcedOpen", "LogicalID(Door,2)", 1));
        v.post("/WebSdk/events/bulk", "[" + String.join(",", java.util.Collections.nCopies(50, """
                        {"EventType":"ObjectEntered","Source":"LogicalID(Camera,1)","Properties":{"object_id":"17"}}""")) + "]");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(rows())
                        .as(
                                "rows at Google; its problems %s; sinks %s; log %s",
                                google.problems,
                                v.get("/WebSdk/sinks").body(),
                                v.log()
                                        .lines()
                                        .filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("Sheets"))
                                        .toList())
                        .hasSize(52));
        assertThat(google.problems).isEmpty();
        // A burst goes in few requests, and the one refused for quota came again.
        assertThat(google.appends.size()).isBetween(1, 3);
        assertThat(google.grants).isNotEmpty();
        JsonNode grant = google.grants.get(0);
        assertThat(grant.get("iss").asText()).isEqualTo(FakeGoogle.ACCOUNT);
        assertThat(grant.get("scope").asText()).isEqualTo("https://www.googleapis.com/auth/spreadsheets");
        // The token goes to the configured URL; the grant still names Google's token endpoint as its audience.
        assertThat(grant.get("aud").asText()).isEqualTo("https://oauth2.googleapis.com/token");

        List<List<String>> rows = rows();
        List<String> entered = rows.stream()
                .filter(r -> r.get(0).equals(CamlyticsNames.of("ObjectEntered")))
                .findFirst()
                .orElseThrow();
        assertThat(entered.subList(1, 4)).containsExactly("Lobby camera", "17", "");
        assertThat(entered.get(5)).startsWith("event-");
        List<String> alarm = rows.stream()
                .filter(r -> r.get(3).equals("Door forced open"))
                .findFirst()
                .orElseThrow();
        assertThat(alarm.get(4)).isEqualTo("active"); // "State" matched to the field state, any case
        assertThat(alarm.get(5)).startsWith("alarm-change-");
        assertThat(v.get("/WebSdk/sinks").body()).contains("HTTP 429");
    }

    @Test
    void theAppsScriptRecipeGetsTheCamlyticsWebhookParameters() throws Exception {
        google = new FakeGoogle();
        v = new VigilProcess(site, null, false);
        v.addPlugin(VigilProcess.SHEETS_JAR);
        v.overlay("60-sheets", """
                sinks:
                  - name: recipe-sheet
                    type: sheets
                    events: true
                    alarms: false
                    settings:
                      mode: appsScript
                      url: %s/macros/s/AKfycbz-test/exec
                  - name: bad-sheet
                    type: sheets
                    settings:
                      mode: api
                      spreadsheetId: %s
                      keyFile: /nonexistent/key.json
                """.formatted(google.base(), FakeGoogle.SPREADSHEET));
        v.start();
        v.post("/WebSdk/events/bulk", """
                [{"EventType":"ObjectEntered","Source":"LogicalID(Camera,3)","Properties":{"object_id":"42","rule_name":"Dock line"}}]""");
        await().atMost(Duration.ofSeconds(15)).until(() -> !google.scriptCalls.isEmpty());
        Map<String, String> q = google.scriptCalls.get(0);
        assertThat(q)
                .containsEntry("event-type", CamlyticsNames.of("ObjectEntered"))
                .containsEntry("event-objectId", "42")
                .containsEntry("event-channelName", "Loading dock camera")
                .containsEntry("event-channelId", "3")
                .containsEntry("event-ruleName", "Dock line")
                .containsKey("event-time");
        String plugins = v.get("/WebSdk/plugins").body();
        assertThat(plugins).contains("settings.keyFile: /nonexistent/key.json does not exist or cannot be read");
    }

    private List<List<String>> rows() {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode append : google.appends) {
            for (JsonNode row : append.get("values")) {
                List<String> cells = new ArrayList<>();
                row.forEach(c -> cells.add(c.asText()));
                out.add(cells);
            }
        }
        return out;
    }
}
