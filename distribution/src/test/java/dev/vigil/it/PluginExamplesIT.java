package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration examples of docs/examples (shown in the README) are what a user copies: each is
 * in the README word for word, and all of them together start in the distribution, every instance
 * running, none refused for a setting.
 */
class PluginExamplesIT {
    static final Path EXAMPLES = Path.of("../docs/examples");
    static final List<String> FILES =
            List.of("smtp.yaml", "sheets-api.yaml", "sheets-apps-script.yaml", "mqtt-sink.yaml", "frigate-mqtt.yaml");

    @TempDir
    Path site;

    @Test
    void everyExampleIsInTheReadmeAndStartsInTheDistribution() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode all = yaml.createObjectNode();
        ArrayNode sinks = all.putArray("sinks");
        ArrayNode sources = all.putArray("sources");
        List<String> names = new java.util.ArrayList<>();
        FakeGoogle google = new FakeGoogle();
        Path key = google.writeKeyFile(site.resolve("keys"));
        for (String file : FILES) {
            String text = Files.readString(EXAMPLES.resolve(file));
            assertThat(readme)
                    .as("README shows docs/examples/" + file + " as it is")
                    .contains(text.strip());
            JsonNode doc = yaml.readTree(text.replace("/etc/vigil/sheets-key.json", key.toString()));
            for (String kind : List.of("sinks", "sources")) {
                for (JsonNode instance : doc.path(kind)) {
                    (kind.equals("sinks") ? sinks : sources).add(instance);
                    names.add(instance.get("name").asText());
                }
            }
        }
        VigilProcess v = new VigilProcess(site, null, false);
        try (google) {
            for (Path jar : List.of(VigilProcess.SMTP_JAR, VigilProcess.SHEETS_JAR, VigilProcess.MQTT_JAR)) {
                v.addPlugin(jar);
            }
            v.overlay("60-examples", yaml.writeValueAsString(all));
            v.start();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode instances = v.get("/WebSdk/plugins").json().at("/Rsp/Result/Instances");
                for (String name : names) {
                    JsonNode found = null;
                    for (JsonNode i : instances) {
                        if (i.get("Name").asText().equals(name)) {
                            found = i;
                        }
                    }
                    assertThat(found).as(name + " in " + instances).isNotNull();
                    assertThat(found.get("State").asText()).as(found.toString()).isEqualTo("running");
                }
            });
        } finally {
            v.close();
        }
    }
}
