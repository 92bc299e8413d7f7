package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last steps of docs/plugins.md with the template's own JAR: dropped into a running daemon's
 * plugins/ folder, configured as the guide shows, sent events and alarms, and reached by a rule.
 */
class TemplatePluginIT {
    @TempDir
    Path site;

    @Test
    void theTemplateDroppedIntoARunningDaemonCountsWhatItIsSent() throws Exception {
        VigilProcess v = new VigilProcess(site, null, false);
        try {
            v.overlay("60-counts", """
                    sinks:
                      - name: counts
                        type: counter
                        events: true
                        alarms: true
                        batch: { size: 100, window: 1s }
                        settings:
                          file: counts.txt
                    """);
            v.start();
            Files.copy(VigilProcess.TEMPLATE_JAR, v.plugins.resolve(VigilProcess.TEMPLATE_JAR.getFileName()));
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                for (var i : v.get("/WebSdk/plugins").json().at("/Rsp/Result/Instances")) {
                    if (i.get("Name").asText().equals("counts")) {
                        return i.get("State").asText().equals("running");
                    }
                }
                return false;
            });
            v.post("/WebSdk/events/bulk", ReliabilityIT.bulk("DoorForcedOpen", "LogicalID(Door,2)", 3));
            Path counts = v.data.resolve("plugins/counts/counts.txt");
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(counts)
                            .exists()
                            .content()
                            .contains("event DoorForcedOpen\t3")
                            .contains("alarm Door forced open\t3"));
        } finally {
            v.close();
        }
    }
}
