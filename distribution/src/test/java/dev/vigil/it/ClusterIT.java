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

    private static final int CAMERAS = 12;

    /** The shipped site with twelve cameras, so that every node owns some. */
    private static String twelveCameras() throws Exception {
        String shipped = java.nio.file.Files.readString(VigilProcess.DIST.resolve("conf/entities.yaml"));
        StringBuilder cams = new StringBuilder("cameras:\n");
        for (int c = 1; c <= CAMERAS; c++) {
            cams.append(String.format(
                    "  - guid: 00000001-0000-babe-0000-%012d%n    logicalId: %d%n    name: Camera %d%n", c, c, c));
        }
        return shipped.substring(0, shipped.indexOf("cameras:"))
                + cams
                + shipped.substring(shipped.indexOf("\ndoors:"));
    }

    private static String cameraGuid(int c) {
        return String.format("00000001-0000-babe-0000-%012d", c);
    }

    /** Where Kafka's default partitioner sends a source's events. */
    private static int partitionOf(String sourceGuid, int partitions) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                        sourceGuid.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                % partitions;
    }

    private static java.util.Set<Integer> partitions(VigilProcess v) {
        java.util.Set<Integer> owned = new java.util.TreeSet<>();
        v.get("/WebSdk/health").json().at("/Rsp/Result/RulesPartitions").forEach(p -> owned.add(p.asInt()));
        return owned;
    }

    /** Each (alarm, source) of the active alarms with how many instances it has. */
    private static java.util.Map<String, Integer> instancesBySource(VigilProcess v) {
        java.util.Map<String, Integer> out = new java.util.TreeMap<>();
        for (JsonNode a : active(v)) {
            out.merge(a.get("Guid").asText() + "@" + a.get("TriggerEntity").asText(), 1, Integer::sum);
        }
        return out;
    }

    private static long eventsIn(VigilProcess v) {
        long n = 0;
        for (JsonNode t : camlytics(v, "/v1/json/events/totals/type").json()) {
            n += t.get("count").asLong();
        }
        return n;
    }

    @Test
    void threeNodesShareThePartitionsAndAKilledNodesMoveWithNothingLostOrRepeated() throws Exception {
        try (ClusterSite cluster = new ClusterSite(root, "three")) {
            cluster.entities = twelveCameras();
            // A webhook for every event: whichever node runs it, each event reaches the receiver once.
            java.util.Map<Long, Integer> delivered = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.Map<Long, Integer> deliveredChanges = new java.util.concurrent.ConcurrentHashMap<>();
            com.sun.net.httpserver.HttpServer receiver =
                    com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            receiver.createContext("/", x -> {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"event_id\":(\\d+)")
                        .matcher(
                                new String(x.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                String body = m.replaceAll(r -> {
                    delivered.merge(Long.parseLong(r.group(1)), 1, Integer::sum);
                    return "";
                });
                java.util.regex.Matcher c =
                        java.util.regex.Pattern.compile("\"change_id\":(\\d+)").matcher(body);
                while (c.find()) {
                    deliveredChanges.merge(Long.parseLong(c.group(1)), 1, Integer::sum);
                }
                x.sendResponseHeaders(200, -1);
                x.close();
            });
            receiver.start();
            String webhook = """
                    sinks:
                      - name: feed
                        type: webhook
                        events: true
                        alarms: true
                        backoff: 100ms
                        settings:
                          method: POST
                          urls:
                            "*": http://127.0.0.1:PORT/feed
                          alarmUrls:
                            - http://127.0.0.1:PORT/alarms
                    """.replaceAll(
                            "PORT", Integer.toString(receiver.getAddress().getPort()));
            List<VigilProcess> nodes = List.of(cluster.node(webhook), cluster.node(webhook), cluster.node(webhook));
            for (VigilProcess v : nodes) {
                v.addPlugin(VigilProcess.WEBHOOK_JAR);
                v.start();
            }
            // Kafka's group gives each node two of the six partitions, none twice.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                java.util.Set<Integer> all = new java.util.TreeSet<>();
                int sum = 0;
                for (VigilProcess v : nodes) {
                    java.util.Set<Integer> owned = partitions(v);
                    sum += owned.size();
                    all.addAll(owned);
                }
                return sum == 6 && all.size() == 6;
            });
            // A Web SDK stream on every node: camera motion and alarm monitoring, whichever node raises them.
            java.util.Map<VigilProcess, StreamClient> streams = new java.util.HashMap<>();
            for (VigilProcess v : nodes) {
                assertThat(v.send(HttpRequest.newBuilder(v.uri("/WebSdk/events/subscribe?q="
                                                + java.net.URLEncoder.encode(
                                                        "event(Camera,CameraMotion)",
                                                        java.nio.charset.StandardCharsets.UTF_8)))
                                        .header("Authorization", v.auth())
                                        .GET())
                                .status())
                        .isEqualTo(200);
                assertThat(v.send(HttpRequest.newBuilder(v.uri("/WebSdk/events/alarmMonitoring/on"))
                                        .header("Authorization", v.auth())
                                        .POST(HttpRequest.BodyPublishers.noBody()))
                                .status())
                        .isEqualTo(200);
                streams.put(v, StreamClient.open(v, v.auth()));
            }
            // The victim runs partition 0, so the sinks too.
            int victimPartition = 0;
            VigilProcess victim = nodes.stream()
                    .filter(v -> partitions(v).contains(victimPartition))
                    .findFirst()
                    .orElseThrow();
            List<VigilProcess> survivors =
                    nodes.stream().filter(v -> v != victim).toList();

            // Load through every node: each camera's motion, round robin; the victim dies in the middle.
            java.util.concurrent.atomic.AtomicLong acked = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicBoolean victimDead = new java.util.concurrent.atomic.AtomicBoolean();
            int sent = 0;
            long killedAt = 0;
            long killAt = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            long endAt = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (System.nanoTime() < endAt) {
                if (!victimDead.get() && System.nanoTime() > killAt) {
                    killedAt = System.currentTimeMillis();
                    victim.kill();
                    victimDead.set(true);
                }
                int camera = 1 + sent % CAMERAS;
                VigilProcess via = nodes.get(sent % 3);
                if (via == victim && victimDead.get()) {
                    via = survivors.get(sent % 2);
                }
                sent++;
                VigilProcess.Reply r;
                try {
                    r = via.post("/WebSdk/events/RaiseEvent/CameraMotion/LogicalID(Camera," + camera + ")", null);
                } catch (RuntimeException refused) {
                    continue;
                }
                if (r.status() == 200) {
                    acked.incrementAndGet();
                }
                VigilProcess.sleep(10);
            }
            // The survivors took the victim's partitions.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                java.util.Set<Integer> all = new java.util.TreeSet<>();
                survivors.forEach(v -> all.addAll(partitions(v)));
                return all.size() == 6;
            });
            // Every camera has one "Motion detected" and one "Repeated motion", on both survivors: nothing
            // raised twice by the new owners' replays, nothing missed.
            java.util.Map<String, Integer> expected = new java.util.TreeMap<>();
            for (int c = 1; c <= CAMERAS; c++) {
                expected.put(ShippedSite.MOTION_ALARM + "@" + cameraGuid(c), 1);
                expected.put(ShippedSite.REPEAT_ALARM + "@" + cameraGuid(c), 1);
            }
            for (VigilProcess v : survivors) {
                Awaitility.await()
                        .atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(instancesBySource(v)).isEqualTo(expected));
            }
            // Every acknowledged event is in the log, and both survivors read the same log.
            long acknowledged = acked.get();
            for (VigilProcess v : survivors) {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> eventsIn(v) >= acknowledged);
            }
            assertThat(eventsIn(survivors.get(0)))
                    .isEqualTo(eventsIn(survivors.get(1)))
                    .isLessThanOrEqualTo(sent);
            // The webhook got every event of the log, across the change of node that runs it; twice only
            // what the killed node had delivered after it last saved its cursor (at most a second before).
            long logged = eventsIn(survivors.get(0));
            try {
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> delivered.size() >= logged);
                assertThat(delivered).hasSize((int) logged);
                long cursorSavedBy = killedAt - 2_000;
                for (var d : delivered.entrySet()) {
                    if (d.getValue() > 1) {
                        assertThat(dev.vigil.engine.journal.kafka.ClusterSequence.millisOf(d.getKey()))
                                .as("event %d delivered %d times", d.getKey(), d.getValue())
                                .isBetween(cursorSavedBy, killedAt);
                    }
                }
                // And every alarm change of the cluster, from whichever node ran the sink then; the store has
                // them all too, those the killed node had ordered but not stored included (the sink node
                // stores them).
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> storedChanges(cluster).keySet().equals(deliveredChanges.keySet()));
                java.util.Map<Long, Long> stored = storedChanges(cluster);
                for (var d : deliveredChanges.entrySet()) {
                    if (d.getValue() > 1) {
                        assertThat(stored.get(d.getKey()))
                                .as("alarm change %d delivered %d times", d.getKey(), d.getValue())
                                .isBetween(cursorSavedBy, killedAt);
                    }
                }
            } finally {
                receiver.stop(0);
            }
            // The survivors' streams saw every event of the log and every alarm raised, on any node.
            for (VigilProcess v : survivors) {
                try (StreamClient stream = streams.get(v)) {
                    java.util.Set<String> events = new java.util.HashSet<>();
                    java.util.Set<String> triggered = new java.util.TreeSet<>();
                    for (StreamClient.Part p; (p = stream.next(Duration.ofSeconds(2))) != null; ) {
                        JsonNode r = p.json() == null ? null : p.json().at("/Rsp/Result");
                        if (r == null || r.isMissingNode()) {
                            continue;
                        }
                        if (r.has("AlarmTriggered")) {
                            triggered.add(r.at("/AlarmTriggered/AlarmGuid").asText() + "@"
                                    + r.at("/AlarmTriggered/SourceGuid").asText());
                        } else if (r.has("SourceGuid") && r.has("Event")) {
                            events.add(r.toString());
                        }
                    }
                    assertThat(triggered).isEqualTo(expected.keySet());
                    assertThat((long) events.size()).isGreaterThanOrEqualTo(acknowledged);
                }
            }
            streams.get(victim).close();
            // More motion after the takeover folds into the same instances.
            for (int c = 1; c <= CAMERAS; c++) {
                survivors.get(c % 2).post("/WebSdk/events/RaiseEvent/CameraMotion/LogicalID(Camera," + c + ")", null);
            }
            VigilProcess.sleep(1_000);
            for (VigilProcess v : survivors) {
                assertThat(instancesBySource(v)).isEqualTo(expected);
                assertThat(v.log()).doesNotContain("ERROR");
            }
        }
    }

    /** Every alarm change in the shared store, with the time it was made. */
    private static java.util.Map<Long, Long> storedChanges(ClusterSite cluster) throws Exception {
        java.util.Map<Long, Long> out = new java.util.TreeMap<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(cluster.pg.url(), cluster.pg.user(), "");
                java.sql.ResultSet rs =
                        c.createStatement().executeQuery("SELECT change_id, at_millis FROM alarm_change")) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return out;
    }
}
