package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Camlytics REST API over real HTTP, from the built distribution: the long poll's timing, a
 * cursor that neither misses nor repeats under concurrent ingest, limit/order/filters, channels
 * without credentials, totals, the OpenAPI definition checked against live answers, bad input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedDaemon.class)
class CamlyticsApiIT implements SharedDaemon.Setup {
    VigilProcess v;

    @Override
    public void beforeStart(VigilProcess vigil) throws Exception {
        vigil.overlay("60-channels", "camlytics:\n  channelMap:\n    cam-7: LogicalID(Camera,2)\n");
        // A fourth camera whose stream URI carries credentials, which must never reach a client.
        Path entities = vigil.conf.resolve("entities.yaml");
        Files.writeString(entities, Files.readString(entities).replace("\ndoors:", """
                  - guid: 00000001-0000-babe-0000-000000000004
                    logicalId: 4
                    name: Gate camera
                    streamUri: rtsp://operator:s3cret-pass@192.0.2.13:554/live?profile=1

                doors:"""));
    }

    private VigilProcess.Reply get(String pathAndQuery) {
        return v.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + v.camlyticsPort + pathAndQuery))
                .header("Authorization", v.auth())
                .GET());
    }

    private long raise(String type, int camera) {
        VigilProcess.Reply r = v.post(
                "/WebSdk/events/bulk",
                "[{\"EventType\":\"" + type + "\",\"Source\":\"LogicalID(Camera," + camera + ")\"}]");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/Rsp/Result/FirstSequence").asLong();
    }

    private long last() {
        return v.get("/WebSdk/health")
                .json()
                .at("/Rsp/Result/JournalLastSequence")
                .asLong();
    }

    @Test
    void aLongPollAnswersAtOnceWithEventsWaitsForTheNextOneAndEndsEmptyAfterItsTimeout() throws Exception {
        long first = raise("ObjectEntered", 1);
        long t0 = System.nanoTime();
        VigilProcess.Reply now = get("/v1/json/events?sinceId=" + (first - 1) + "&timeout=5");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(now.json().get(0).get("event_id").asLong()).isEqualTo(first);
        assertThat(now.json().get(0).get("type").asText()).isEqualTo("ObjectAppear");

        t0 = System.nanoTime();
        VigilProcess.Reply empty = get("/v1/json/events?sinceId=" + last() + "&timeout=2");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(1800), Duration.ofSeconds(5));
        assertThat(empty.body()).isEqualTo("[]");

        long cursor = last();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<VigilProcess.Reply> waiting =
                    pool.submit(() -> get("/v1/json/events?sinceId=" + cursor + "&timeout=10"));
            Thread.sleep(700);
            long raised = raise("Tampering", 2);
            t0 = System.nanoTime();
            VigilProcess.Reply woken = waiting.get();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            assertThat(woken.json().get(0).get("event_id").asLong()).isEqualTo(raised);
            assertThat(woken.json().get(0).get("type").asText()).isEqualTo("Sabotage");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPollerFollowingItsCursorGetsEveryEventOnceWhileTwoHundredAreRaisedConcurrently() throws Exception {
        long cursor = last();
        ExecutorService raisers = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int camera = t % 3 + 1;
            done.add(raisers.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    VigilProcess.Reply r =
                            v.post("/WebSdk/events/RaiseEvent/ObjectEntered/LogicalID(Camera," + camera + ")", null);
                    assertThat(r.status()).isEqualTo(200);
                }
            }));
        }
        List<Long> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long since = cursor;
        while (seen.size() < 200 && System.nanoTime() < deadline) {
            JsonNode page = get("/v1/json/events?sinceId=" + since + "&order=ASC&limit=7&timeout=5")
                    .json();
            for (JsonNode e : page) {
                seen.add(e.get("event_id").asLong());
                since = e.get("event_id").asLong();
            }
        }
        for (Future<?> f : done) {
            f.get();
        }
        raisers.shutdown();
        List<Long> expected = new ArrayList<>();
        for (long id = cursor + 1; id <= cursor + 200; id++) {
            expected.add(id);
        }
        assertThat(seen).as("every id once, in order").isEqualTo(expected);
        assertThat(get("/v1/json/events?sinceId=" + since).body()).isEqualTo("[]");
    }

    @Test
    void limitOrderAndFiltersSelectTheEventsAsked() {
        long a = raise("ObjectEntered", 1);
        long b = raise("ObjectExited", 2);
        long c = raise("Loitering", 1);
        JsonNode desc = get("/v1/json/events?limit=2&order=DESC").json();
        assertThat(ids(desc)).containsExactly(c, b);
        JsonNode asc =
                get("/v1/json/events?sinceId=" + (a - 1) + "&limit=2&order=asc").json();
        assertThat(ids(asc)).containsExactly(a, b);
        assertThat(ids(get("/v1/json/events?sinceId=" + (a - 1) + "&channelId=1")
                        .json()))
                .containsExactly(a, c);
        assertThat(ids(get("/v1/json/events?sinceId=" + (a - 1) + "&channelId=00000001-0000-babe-0000-000000000002")
                        .json()))
                .containsExactly(b);
        assertThat(ids(get("/v1/json/events?sinceId=" + (a - 1) + "&untilId=" + b)
                        .json()))
                .containsExactly(a, b);
        assertThat(ids(get("/v1/json/events?sinceId=" + (a - 1) + "&sinceTime=2099-01-01T00:00:00Z")
                        .json()))
                .isEmpty();
        assertThat(ids(get("/v1/json/events?sinceId=" + (a - 1) + "&untilTime=2099-01-01T00:00:00")
                        .json()))
                .containsExactly(a, b, c);
        JsonNode e = desc.get(0);
        assertThat(e.get("channel_id").asText()).isEqualTo("1");
        assertThat(e.get("channel_name").asText()).isEqualTo("Lobby camera");
        assertThat(e.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}");
        assertThat(e.get("object_id").asText()).isEqualTo("-1");
    }

    @Test
    void doorEventsAreNotCamlyticsEventsAndTotalsCountByTypeAndRule() {
        long before = last();
        raise("ObjectEntered", 3);
        raise("ObjectEntered", 3);
        v.post("/WebSdk/events/RaiseEvent/DoorOpen/LogicalID(Door,1)", null);
        raise("Tampering", 3);
        JsonNode events = get("/v1/json/events?sinceId=" + before).json();
        assertThat(events).hasSize(3);
        JsonNode totals = get("/v1/json/events/totals/type?channelId=3").json();
        assertThat(totals.toString())
                .contains("{\"type\":\"ObjectAppear\",\"count\":2}", "{\"type\":\"Sabotage\",\"count\":1}");
        JsonNode rules = get("/v1/json/events/totals/rule?channelId=3").json();
        assertThat(rules.get(0).get("rule_id").asText()).isEqualTo("-1");
        assertThat(rules.get(0).get("count").asLong()).isEqualTo(3);
    }

    @Test
    void channelsListTheCamerasAndNeverTheirCredentials() {
        VigilProcess.Reply r = get("/v1/json/channels");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("s3cret-pass");
        JsonNode gate = r.json().get(3);
        assertThat(gate.get("channel_id").asText()).isEqualTo("4");
        assertThat(gate.get("stream_uri").asText()).isEqualTo("rtsp://192.0.2.13:554/live?profile=1");
        assertThat(gate.get("login").asText()).isEqualTo("operator");
        assertThat(gate.get("password").asText()).isEmpty();
    }

    @Test
    void theServedOpenApiDefinitionParsesAndDescribesTheLiveAnswers() {
        VigilProcess.Reply doc = get("/swagger/docs/v1");
        assertThat(doc.status()).isEqualTo(200);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(doc.body(), null, null);
        assertThat(parsed.getMessages()).as("parser messages").isEmpty();
        OpenAPI api = parsed.getOpenAPI();
        assertThat(api.getPaths().keySet())
                .containsExactlyInAnyOrder(
                        "/v1/json/events",
                        "/v1/json/events/totals/type",
                        "/v1/json/events/totals/rule",
                        "/v1/json/channels");
        raise("ObjectEntered", 2);
        Map<String, String> liveByPath = Map.of(
                "/v1/json/events", "/v1/json/events?limit=5&order=DESC",
                "/v1/json/events/totals/type", "/v1/json/events/totals/type",
                "/v1/json/events/totals/rule", "/v1/json/events/totals/rule",
                "/v1/json/channels", "/v1/json/channels");
        liveByPath.forEach((path, live) -> {
            Schema<?> items = api.getPaths()
                    .get(path)
                    .getGet()
                    .getResponses()
                    .get("200")
                    .getContent()
                    .get("application/json")
                    .getSchema()
                    .getItems();
            Schema<?> item =
                    api.getComponents().getSchemas().get(items.get$ref().replace("#/components/schemas/", ""));
            JsonNode answer = get(live).json();
            assertThat(answer.size()).as(live).isPositive();
            for (JsonNode node : answer) {
                for (String required : item.getRequired()) {
                    assertThat(node.has(required)).as(live + " has " + required).isTrue();
                }
                item.getProperties().forEach((name, schema) -> {
                    JsonNode value = node.get(name);
                    assertThat(value).as(live + " " + name).isNotNull();
                    switch (schema.getType()) {
                        case "integer" ->
                            assertThat(value.isIntegralNumber())
                                    .as(live + " " + name + " integer")
                                    .isTrue();
                        case "string" ->
                            assertThat(value.isTextual())
                                    .as(live + " " + name + " string")
                                    .isTrue();
                        default -> throw new AssertionError("unexpected type " + schema.getType());
                    }
                });
                assertThat(iteratorToList(node.fieldNames()))
                        .as(live + ": no field the definition lacks")
                        .allMatch(f -> item.getProperties().containsKey(f));
            }
        });
    }

    private static List<String> iteratorToList(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void aCamlyticsInstallPointedAtTheWebhookFeedsEventsInBothFormsAndUnknownChannelsAreRefused() {
        long before = last();
        VigilProcess.Reply got = get("/v1/webhook?event-type=ObjectAppear&event-objectId=17&event-ruleId=3"
                + "&event-origin=Pedestrian&event-channelId=cam-7&event-channelName=Somewhere%20else"
                + "&event-ruleName=Entrance%20line&event-time="
                + LocalDateTime.now().withNano(0));
        assertThat(got.status()).as(got.body()).isEqualTo(200);
        long id = got.json().get("event_id").asLong();
        assertThat(id).isEqualTo(before + 1);
        VigilProcess.Reply posted = v.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + v.camlyticsPort + "/v1/webhook"))
                .header("Authorization", v.auth())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"event_type\":\"TripwireCrossed\",\"channel_id\":\"99\","
                        + "\"channel_name\":\"gate CAMERA\",\"event_name\":\"Crossed line\",\"event_origin\":\"Vehicle\","
                        + "\"object_id\":\"4\",\"rule_id\":\"2\",\"rule_name\":\"Dock line\"}")));
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        JsonNode events = get("/v1/json/events?sinceId=" + before).json();
        assertThat(events).hasSize(2);
        JsonNode first = events.get(0);
        assertThat(first.get("channel_id").asText())
                .as("channelMap wins over the name")
                .isEqualTo("2");
        assertThat(first.get("type").asText()).isEqualTo("ObjectAppear");
        assertThat(first.get("object_id").asText()).isEqualTo("17");
        assertThat(first.get("rule_id").asText()).isEqualTo("3");
        assertThat(first.get("rule_name").asText()).isEqualTo("Entrance line");
        assertThat(first.get("origin").asText()).isEqualTo("Pedestrian");
        JsonNode second = events.get(1);
        assertThat(second.get("channel_name").asText()).as("by name, any case").isEqualTo("Gate camera");
        assertThat(second.get("type").asText()).isEqualTo("TripwireCrossed");
        // The Web SDK sees the same events under its own names.
        assertThat(v.get("/WebSdk/health")
                        .json()
                        .at("/Rsp/Result/JournalLastSequence")
                        .asLong())
                .isEqualTo(before + 2);

        VigilProcess.Reply unknown =
                get("/v1/webhook?event-type=ObjectAppear&event-channelId=77&event-channelName=Nowhere");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("Message").asText()).contains("channel '77' (Nowhere) matches no camera");
        assertThat(get("/v1/webhook?event-type=Sneezing&event-channelId=1").status())
                .isEqualTo(400);
        assertThat(get("/v1/webhook?event-channelId=1").status()).isEqualTo(400);
        assertThat(get("/v1/webhook?event-type=ObjectAppear&event-channelId=1&event-time=soon")
                        .status())
                .isEqualTo(400);
        VigilProcess.Reply badJson =
                v.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + v.camlyticsPort + "/v1/webhook"))
                        .header("Authorization", v.auth())
                        .POST(HttpRequest.BodyPublishers.ofString("[1,2")));
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(last()).as("nothing refused was journaled").isEqualTo(before + 2);
        assertThat(v.log()).contains("Camlytics webhook for channel '77' (Nowhere) refused");
    }

    @Test
    void everyBadParameterIsRefusedNamingItAndTheLoginIsTheWebSdks() {
        for (String bad : List.of(
                "limit=0",
                "limit=x",
                "limit=100000",
                "order=UP",
                "timeout=-1",
                "timeout=61",
                "sinceId=-5",
                "untilId=abc",
                "sinceTime=yesterday",
                "untilTime=2022-13-45T00:00:00",
                "channelId=99")) {
            VigilProcess.Reply r = get("/v1/json/events?" + bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.json().get("Message").asText()).as(bad).startsWith(bad.substring(0, bad.indexOf('=')));
            assertThat(r.json().get("Code").asText()).isEqualTo("INVALID_VALUE");
        }
        assertThat(get("/v1/json/nothing").status()).isEqualTo(404);
        VigilProcess.Reply post =
                v.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + v.camlyticsPort + "/v1/json/events"))
                        .header("Authorization", v.auth())
                        .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).isEqualTo("GET");
        VigilProcess.Reply anonymous =
                v.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + v.camlyticsPort + "/v1/json/channels"))
                        .GET());
        assertThat(anonymous.status()).as("anonymous reads are off by default").isEqualTo(401);
    }

    @Test
    void anonymousLoopbackReadsAreLetInFromThisMachineOnly(@TempDir Path site) throws Exception {
        VigilProcess open = new VigilProcess(site, null, false);
        open.overlay("70-anonymous", "camlytics:\n  anonymousLoopback: true\n");
        try (open) {
            open.start();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> local = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + open.camlyticsPort + "/v1/json/channels"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(local.statusCode()).isEqualTo(200);
            HttpResponse<String> write = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + open.camlyticsPort
                                    + "/v1/webhook?event-type=ObjectAppear&event-channelId=1"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(write.statusCode()).as("anonymous covers reads only").isEqualTo(401);
            InetAddress other = nonLoopbackAddress();
            if (other != null) {
                HttpResponse<String> remote = http.send(
                        HttpRequest.newBuilder(URI.create("http://" + other.getHostAddress() + ":" + open.camlyticsPort
                                        + "/v1/json/channels"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(remote.statusCode()).as("from " + other).isEqualTo(401);
            }
        }
    }

    private static InetAddress nonLoopbackAddress() throws Exception {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address) {
                    return a;
                }
            }
        }
        return null;
    }

    private static List<Long> ids(JsonNode events) {
        List<Long> out = new ArrayList<>();
        events.forEach(e -> out.add(e.get("event_id").asLong()));
        return out;
    }
}
