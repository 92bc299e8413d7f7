package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT plugin from the distribution against a real Mosquitto broker: the sink's messages and
 * retained alarm state as a dashboard sees them, and the Frigate recipe of docs/examples as the
 * source, both across a broker restart (and the source across a Vigil restart) without losing a
 * QoS 1 message.
 */
class MqttIT {
    @TempDir
    Path site;

    private Mosquitto broker;
    private VigilProcess v;
    private final List<MqttClient> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (MqttClient c : clients) {
            try {
                c.disconnectForcibly(100, 100);
            } catch (MqttException e) {
                // already gone
            }
            c.close(true);
        }
        if (v != null) {
            v.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** A client that keeps its broker session and resubscribes after a reconnect, as a dashboard would. */
    private Map<String, List<String>> subscriber(String id, String filter, boolean clean) throws MqttException {
        Map<String, List<String>> got = new ConcurrentHashMap<>();
        MqttClient c = new MqttClient(broker.uri(), id, new MemoryPersistence());
        c.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String uri) {}

            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                got.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>())
                        .add(new String(m.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        c.connect(options(clean));
        c.subscribe(filter, 1);
        clients.add(c);
        return got;
    }

    private static MqttConnectOptions options(boolean clean) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(clean);
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(1000);
        o.setMaxInflight(1000);
        return o;
    }

    private static Set<Long> keys(Map<String, List<String>> got, String prefix) {
        Set<Long> out = new HashSet<>();
        Pattern p = Pattern.compile("\"key\":\"" + prefix + "(\\d+)\"");
        got.values()
                .forEach(list -> list.forEach(s -> {
                    Matcher m = p.matcher(s);
                    if (m.find()) {
                        out.add(Long.parseLong(m.group(1)));
                    }
                }));
        return out;
    }

    private Set<Long> post(String type, String source, int n) {
        JsonNode r = v.post("/WebSdk/events/bulk", ReliabilityIT.bulk(type, source, n))
                .json()
                .at("/Rsp/Result");
        Set<Long> seqs = new HashSet<>();
        for (long s = r.get("FirstSequence").asLong();
                s <= r.get("LastSequence").asLong();
                s++) {
            seqs.add(s);
        }
        return seqs;
    }

    @Test
    void theSinkPublishesEventsAndAlarmsAndLosesNoneAcrossABrokerRestart() throws Exception {
        broker = new Mosquitto(site.resolve("mosquitto")).start();
        Map<String, List<String>> dashboard = subscriber("dashboard", "vigil/#", false);
        v = new VigilProcess(site, null, false);
        v.addPlugin(VigilProcess.MQTT_JAR);
        v.overlay("60-mqtt", """
                sinks:
                  - name: bus
                    type: mqtt
                    events: true
                    alarms: true
                    backoff: 200ms
                    maxAttempts: 10000
                    batch:
                      size: 200
                    settings:
                      broker: %s
                      retainAlarms: true
                      timeout: 3s
                """.formatted(broker.uri()));
        v.start();

        Set<Long> sent = post("DoorForcedOpen", "LogicalID(Door,2)", 1);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> dashboard.containsKey("vigil/alarms/Door forced open/TRIGGERED"));
        JsonNode alarm = VigilProcess.JSON.readTree(
                dashboard.get("vigil/alarms/Door forced open/TRIGGERED").get(0));
        assertThat(alarm.get("sourceName").asText()).isEqualTo("Loading dock door");
        assertThat(alarm.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(alarm.get("rule").asText())
                .isEqualTo("Door forced open triggers an alarm with the nearest camera (door.drl)");
        assertThat(alarm.at("/attached/0/name").asText()).isEqualTo("Loading dock camera");
        assertThat(alarm.at("/attached/0/streamUri").asText()).isEqualTo("rtsp://192.0.2.12/stream1");
        await().until(() -> dashboard.containsKey("vigil/events/DoorForcedOpen/Loading dock door"));
        long instance = alarm.get("instanceId").asLong();

        // A dashboard that connects later finds the alarm's current state retained.
        Map<String, List<String>> late = subscriber("late-dashboard", "vigil/alarm-state/#", true);
        await().atMost(Duration.ofSeconds(10)).until(() -> late.containsKey("vigil/alarm-state/" + instance));

        // The broker restarts; what Vigil acknowledged meanwhile reaches the dashboard afterwards.
        broker.stop();
        sent.addAll(post("ObjectEntered", "LogicalID(Camera,1)", 100));
        Thread.sleep(500);
        broker.start();
        sent.addAll(post("ObjectEntered", "LogicalID(Camera,2)", 100));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(keys(dashboard, "event-")).containsAll(sent));
        assertThat(v.get("/WebSdk/sinks/deadletters").json().at("/Rsp/Result").size())
                .isZero();
    }

    @Test
    void theFrigateRecipeFeedsEventsAndLosesNoneAcrossBrokerAndVigilRestarts() throws Exception {
        broker = new Mosquitto(site.resolve("mosquitto")).start();
        v = new VigilProcess(site, null, true);
        v.addPlugin(VigilProcess.MQTT_JAR);
        String recipe = Files.readString(Path.of("../docs/examples/frigate-mqtt.yaml"));
        v.overlay("60-frigate", recipe.replace("tcp://127.0.0.1:1883", broker.uri()));
        v.overlay("61-events-file", """
                sinks:
                  - name: events-file
                    type: jsonl-file
                    events: true
                    alarms: false
                    settings:
                      path: events.jsonl
                """);
        v.start();
        Path jsonl = v.data.resolve("plugins/events-file/events.jsonl");
        MqttClient frigate = new MqttClient(broker.uri(), "frigate", new MemoryPersistence());
        frigate.connect(options(true));
        clients.add(frigate);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> v.get("/WebSdk/plugins").body().contains("following [frigate/events]"));

        Set<String> ids = new HashSet<>();
        publish(frigate, ids, 0, 10);
        frigate.publish("frigate/events", new MqttMessage("{not json".getBytes(StandardCharsets.UTF_8)));
        frigate.publish("frigate/events", frigateMessage("new", "o-x", "garage"));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(objectIds(jsonl)).isEqualTo(ids));

        String events = Files.readString(jsonl);
        assertThat(events).contains("\"type\":\"ObjectEntered\"", "\"type\":\"ObjectExited\"");
        assertThat(events).contains("\"k\":\"label\",\"v\":\"person\"", "\"k\":\"zones\",\"v\":\"driveway,yard\"");
        assertThat(events).contains("\"source\":\"00000001-0000-babe-0000-000000000003\""); // loading_dock, listed
        assertThat(events).contains("\"source\":\"00000001-0000-babe-0000-000000000001\""); // lobby_camera, by name
        assertThat(events)
                .contains("\"timestamp\":\"2025-11-30T21:04:21.500Z\"", "\"timestamp\":\"2025-11-30T21:04:31.250Z\"");
        String plugins = v.get("/WebSdk/plugins").body();
        assertThat(plugins).contains("refused").contains("garage");

        // The broker restarts: the persistent session brings Vigil what was published after it.
        broker.stop();
        broker.start();
        await().atMost(Duration.ofSeconds(15)).until(frigate::isConnected);
        publish(frigate, ids, 10, 20);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(objectIds(jsonl)).isEqualTo(ids));

        // Vigil stops: the broker keeps what Frigate publishes meanwhile for Vigil's session.
        v.close();
        publish(frigate, ids, 20, 30);
        v.start();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(objectIds(jsonl)).isEqualTo(ids));
    }

    /** Objects from..to: a "new", two "update"s (skipped by the recipe) and an "end" each. */
    private static void publish(MqttClient frigate, Set<String> ids, int from, int to) throws MqttException {
        for (int i = from; i < to; i++) {
            String id = "1764536661.5-obj" + i;
            String camera = i % 2 == 0 ? "loading_dock" : "lobby_camera";
            frigate.publish("frigate/events", frigateMessage("new", id, camera));
            frigate.publish("frigate/events", frigateMessage("update", id, camera));
            frigate.publish("frigate/events", frigateMessage("update", id, camera));
            frigate.publish("frigate/events", frigateMessage("end", id, camera));
            ids.add(id + "/new");
            ids.add(id + "/end");
        }
    }

    private static MqttMessage frigateMessage(String type, String id, String camera) {
        String json = """
                {"type":"%s","before":{"id":"%s","camera":"%s"},
                 "after":{"id":"%s","camera":"%s","label":"person","top_score":0.84,"false_positive":false,
                          "start_time":1764536661.5,"end_time":%s,"current_zones":["driveway","yard"]}}""".formatted(type, id, camera, id, camera, type.equals("end") ? "1764536671.25" : "null");
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        return m;
    }

    /** Each event's object id with /new or /end, as the recipe maps them. */
    private static Set<String> objectIds(Path jsonl) throws Exception {
        Set<String> out = new HashSet<>();
        if (!Files.exists(jsonl)) {
            return out;
        }
        for (String line : Files.readAllLines(jsonl)) {
            JsonNode e = VigilProcess.JSON.readTree(line);
            String id = null;
            for (JsonNode p : e.get("properties")) {
                if (p.get("k").asText().equals("object_id")) {
                    id = p.get("v").asText();
                }
            }
            out.add(id + (e.get("type").asText().equals("ObjectEntered") ? "/new" : "/end"));
        }
        return out;
    }
}
