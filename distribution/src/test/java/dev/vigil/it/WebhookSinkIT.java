package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The webhook sink plugin from the distribution against a real local HTTP server: the Camlytics GET
 * form with exactly its parameters, the JSON POST form with its signature, alarm changes, a receiver
 * that fails a few times and then answers, and one that refuses for good.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedDaemon.class)
class WebhookSinkIT implements SharedDaemon.Setup {
    /** One request the receiver got. */
    record Received(String method, String path, String rawQuery, Map<String, String> headers, String body) {
        Map<String, String> query() {
            Map<String, String> q = new LinkedHashMap<>();
            for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return q;
        }
    }

    VigilProcess v;
    private final HttpServer receiver;
    private final List<Received> got = new CopyOnWriteArrayList<>();
    private final AtomicInteger flakyFailures = new AtomicInteger(3);
    private final AtomicBoolean rejecting = new AtomicBoolean(true);

    WebhookSinkIT() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", this::receive);
        receiver.start();
    }

    private void receive(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        x.getRequestHeaders().forEach((k, vs) -> headers.put(k.toLowerCase(), vs.get(0)));
        Received r = new Received(
                x.getRequestMethod(),
                x.getRequestURI().getPath(),
                x.getRequestURI().getRawQuery(),
                headers,
                body);
        String path = r.path();
        int status = 200;
        String answer = "{\"result\":\"success\"}";
        if (path.equals("/flaky") && flakyFailures.getAndDecrement() > 0) {
            status = 503;
            answer = "busy";
            x.getResponseHeaders().add("Retry-After", "1");
        } else if (path.equals("/reject") && rejecting.get()) {
            status = 400;
            answer = "no such sheet";
        }
        if (status == 200) {
            got.add(r);
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    @AfterAll
    void stopReceiver() {
        receiver.stop(0);
    }

    @Override
    public void beforeStart(VigilProcess vigil) {
        vigil.addPlugin(VigilProcess.WEBHOOK_JAR);
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        vigil.overlay("60-webhooks", """
                sinks:
                  - name: hooks
                    type: webhook
                    events: true
                    alarms: true
                    maxAttempts: 10
                    backoff: 200ms
                    settings:
                      method: GET
                      timeout: 5s
                      urls:
                        ObjectAppear: [ "BASE/get?site=3" ]
                        Loitering: [ "BASE/flaky" ]
                        Tailgating: [ "BASE/reject" ]
                      alarmUrls: [ "BASE/alarms" ]
                  - name: posts
                    type: webhook
                    events: true
                    alarms: false
                    settings:
                      method: POST
                      secret: s3cret
                      urls:
                        TripwireCrossed: BASE/post
                """.replace("BASE", base));
    }

    private long bulk(String type, int camera, String properties) {
        VigilProcess.Reply r = v.post(
                "/WebSdk/events/bulk",
                "[{\"EventType\":\"" + type + "\",\"Source\":\"LogicalID(Camera," + camera + ")\",\"Properties\":"
                        + properties + "}]");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/Rsp/Result/FirstSequence").asLong();
    }

    private List<Received> at(String path) {
        return got.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Test
    void theGetFormCarriesExactlyTheSeedsParametersAfterTheUrlsOwnQuery() {
        bulk(
                "ObjectEntered",
                1,
                "{\"object_id\":\"17\",\"rule_id\":\"3\",\"origin\":\"Pedestrian\","
                        + "\"rule_name\":\"Entrance line\"}");
        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        at("/get").stream().anyMatch(x -> "17".equals(x.query().get("event-objectId"))));
        Received r = at("/get").stream()
                .filter(x -> "17".equals(x.query().get("event-objectId")))
                .findFirst()
                .orElseThrow();
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.rawQuery()).startsWith("site=3&event-type=ObjectAppear&");
        Map<String, String> q = r.query();
        assertThat(q.keySet())
                .containsExactly(
                        "site",
                        "event-type",
                        "event-objectId",
                        "event-ruleId",
                        "event-origin",
                        "event-channelId",
                        "event-channelName",
                        "event-time",
                        "event-ruleName");
        assertThat(q)
                .containsEntry("event-objectId", "17")
                .containsEntry("event-ruleId", "3")
                .containsEntry("event-origin", "Pedestrian")
                .containsEntry("event-channelId", "1")
                .containsEntry("event-channelName", "Lobby camera")
                .containsEntry("event-ruleName", "Entrance line");
        assertThat(q.get("event-time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}");
        assertThat(r.rawQuery()).contains("event-channelName=Lobby%20camera");
    }

    @Test
    void thePostFormIsTheProductsJsonSignedWithTheSecret() throws Exception {
        long id = bulk("VideoAnalyticsObjectCrossedLine", 3, "{\"origin\":\"Vehicle\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> !at("/post").isEmpty());
        Received r = at("/post").get(0);
        assertThat(r.method()).isEqualTo("POST");
        JsonNode body = VigilProcess.JSON.readTree(r.body());
        assertThat(body.get("event_type").asText()).isEqualTo("TripwireCrossed");
        assertThat(body.get("event_name").asText()).isEqualTo("Crossed line");
        assertThat(body.get("channel_id").asText()).isEqualTo("3");
        assertThat(body.get("channel_name").asText()).isEqualTo("Loading dock camera");
        assertThat(body.get("event_origin").asText()).isEqualTo("Vehicle");
        assertThat(body.get("event_id").asLong()).isEqualTo(id);
        assertThat(body.get("event_time").asText()).matches(".*T.*([+-]\\d\\d:\\d\\d|Z)");
        String timestamp = r.headers().get("x-vigil-timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String expected =
                "sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(r.headers().get("x-vigil-signature")).isEqualTo(expected);
    }

    @Test
    void alarmChangesArePostedWithTheirChangeId() throws Exception {
        v.post("/WebSdk/events/RaiseEvent/CameraMotion/LogicalID(Camera,2)", null);
        await().atMost(Duration.ofSeconds(15)).until(() -> !at("/alarms").isEmpty());
        JsonNode body = VigilProcess.JSON.readTree(at("/alarms").get(0).body());
        assertThat(body.get("kind").asText()).isEqualTo("TRIGGERED");
        assertThat(body.get("alarm_name").asText()).isEqualTo("Motion detected");
        assertThat(body.get("change_id").asLong()).isPositive();
    }

    @Test
    void aReceiverThatFailsThreeTimesThenAnswersGetsEveryEventOnceInOrder() {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            bulk("Loitering", 1, "{\"object_id\":\"" + (100 + i) + "\"}");
            sent.add(Integer.toString(100 + i));
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> at("/flaky").size() >= 5);
        assertThat(flakyFailures.get())
                .as("the receiver did refuse the first tries")
                .isNegative();
        assertThat(at("/flaky").stream()
                        .map(r -> r.query().get("event-objectId"))
                        .toList())
                .isEqualTo(sent);
        assertThat(v.log()).contains("retrying in 1000 ms");
    }

    @Test
    void aRefusalForGoodIsDeadLetteredAtOnceWithTheReceiversAnswerAndDeliveryGoesOn() {
        bulk("Tailgating", 2, "{}");
        bulk("ObjectEntered", 2, "{\"object_id\":\"after-refusal\"}");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> at("/get").stream()
                        .anyMatch(r -> "after-refusal".equals(r.query().get("event-objectId"))));
        JsonNode letters = v.get("/WebSdk/sinks/deadletters").json().at("/Rsp/Result");
        JsonNode refused = null;
        for (JsonNode l : letters) {
            if (l.get("Error").asText().contains("no such sheet")) {
                refused = l;
            }
        }
        assertThat(refused).as(letters.toString()).isNotNull();
        assertThat(refused.get("Attempts").asInt()).isEqualTo(1);
        assertThat(refused.get("Error").asText()).contains("HTTP 400").contains("/reject");

        // The receiver has the request a moment before the sink has its answer and counts it delivered.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> hooks().get("Delivered").asLong() > 0);
        JsonNode hooks = hooks();
        assertThat(hooks.get("Type").asText()).isEqualTo("webhook");
        assertThat(hooks.get("DeadLetters").asLong()).isPositive();
        assertThat(hooks.get("Delivered").asLong()).isPositive();
        assertThat(hooks.get("LastError").asText()).contains("HTTP 400");

        // The receiver is fixed: the operator retries the dead letter, which is then gone.
        rejecting.set(false);
        long id = refused.get("Id").asLong();
        VigilProcess.Reply retried = v.post("/WebSdk/sinks/deadletters/" + id + "/retry", null);
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().at("/Rsp/Result/Retried").asLong()).isEqualTo(id);
        await().atMost(Duration.ofSeconds(15)).until(() -> !at("/reject").isEmpty());
        assertThat(at("/reject").get(0).query().get("event-type")).isEqualTo("Tailgating");
        assertThat(v.post("/WebSdk/sinks/deadletters/" + id + "/retry", null).status())
                .isEqualTo(404);

        rejecting.set(true);
        bulk("Tailgating", 1, "{}");
        await().atMost(Duration.ofSeconds(15)).until(() -> deadLetterIds().size() > 0);
        long again = deadLetterIds().get(0);
        VigilProcess.Reply discarded = v.post("/WebSdk/sinks/deadletters/" + again + "/discard", null);
        assertThat(discarded.json().at("/Rsp/Result/Discarded").asLong()).isEqualTo(again);
        assertThat(deadLetterIds()).doesNotContain(again);
        assertThat(v.post("/WebSdk/sinks/deadletters/abc/discard", null).status())
                .isEqualTo(400);
    }

    private JsonNode hooks() {
        for (JsonNode s : v.get("/WebSdk/sinks").json().at("/Rsp/Result")) {
            if (s.get("Name").asText().equals("hooks")) {
                return s;
            }
        }
        throw new AssertionError("no sink 'hooks' in GET /WebSdk/sinks");
    }

    private List<Long> deadLetterIds() {
        List<Long> ids = new ArrayList<>();
        for (JsonNode l : v.get("/WebSdk/sinks/deadletters").json().at("/Rsp/Result")) {
            if (l.get("Error").asText().contains("no such sheet")) {
                ids.add(l.get("Id").asLong());
            }
        }
        return ids;
    }
}
