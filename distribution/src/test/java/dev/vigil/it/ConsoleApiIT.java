package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console's requests on the wire, with what a hostile or broken client sends: every endpoint
 * answers a clear refusal (never a 500) to malformed, oversized and random input, the daemon stays
 * up, failed logins back off, forged or expired logins are refused, and live streams are bounded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedDaemon.class)
class ConsoleApiIT implements SharedDaemon.Setup {
    VigilProcess v;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public void beforeStart(VigilProcess site) {
        site.overlay("60-console", "console:\n  maxLiveConnections: 3\n");
    }

    record Login(String cookie, String csrf) {}

    private String base() {
        return "http://127.0.0.1:" + v.port + "/console/";
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Login login() throws Exception {
        return login("admin", v.password());
    }

    /** Logs in, waiting out a backoff another test's wrong passwords left on this address. */
    private Login login(String user, String password) throws Exception {
        HttpResponse<String> r;
        do {
            r = send(HttpRequest.newBuilder(URI.create(base() + "api/login"))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}")));
            if (r.statusCode() == 429) {
                VigilProcess.sleep(1000L
                        * Long.parseLong(r.headers().firstValue("Retry-After").orElse("1")));
            }
        } while (r.statusCode() == 429);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return new Login(
                cookie.substring(0, cookie.indexOf(';')),
                VigilProcess.JSON.readTree(r.body()).get("csrf").asText());
    }

    private HttpResponse<String> post(Login l, String path, byte[] body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Cookie", l.cookie())
                .header("X-Vigil-Csrf", l.csrf())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    @Test
    void randomAndMalformedInputGetsAClearRefusalAndNeverA500() throws Exception {
        Login l = login();
        v.post("/WebSdk/events/bulk", "[{\"EventType\":\"DoorForcedOpen\",\"Source\":\"LogicalID(Door,1)\"}]");
        Random random = new Random(20261130);
        List<String> posts = List.of(
                "api/login",
                "api/alarms/1/forward",
                "api/alarms/1/context",
                "api/alarms/1/ack",
                "api/alarms/%s/%s",
                "api/rules/whatif",
                "api/deadletters/%s/%s");
        List<String> gets = List.of(
                "api/history?alarm=%s",
                "api/history?source=%s",
                "api/history?state=%s",
                "api/history?from=%s",
                "api/history?limit=%s",
                "api/rules/files/%s",
                "api/alarms?all=%s",
                "api/%s",
                "%s");
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String word = word(random);
            HttpResponse<String> r;
            String what;
            if (i % 2 == 0) {
                String path = posts.get(random.nextInt(posts.size())).formatted(word, word(random));
                byte[] body = body(random);
                what = "POST " + path + " " + new String(body, StandardCharsets.UTF_8);
                try {
                    r = post(l, path, body);
                } catch (IllegalArgumentException badUri) {
                    continue;
                }
            } else {
                String path = gets.get(random.nextInt(gets.size())).formatted(word);
                what = "GET " + path;
                try {
                    r = send(HttpRequest.newBuilder(URI.create(base() + path)).header("Cookie", l.cookie()));
                } catch (IllegalArgumentException badUri) {
                    continue;
                }
            }
            if (r.statusCode() >= 500 || !(r.statusCode() < 300 || r.body().startsWith("{\"error\":"))) {
                problems.add(r.statusCode() + " for " + what + ": " + r.body());
            }
        }
        assertThat(problems).isEmpty();
        assertThat(v.alive()).isTrue();
        assertThat(v.log()).doesNotContain("Console request failed unexpectedly");
    }

    private static String word(Random r) {
        String[] samples = {
            "1",
            "0",
            "-1",
            "99999999999999999999",
            "ack",
            "retry",
            "discard",
            "forward",
            "..%2f..%2fetc%2fpasswd",
            "%00",
            "%zz",
            "LogicalID(Door,1)",
            "Door%20forced%20open",
            "2026-11-30T08:00:00Z",
            "yesterday",
            "motion.drl",
            "a".repeat(300),
            "%E2%80%AE",
            "null",
            "{}",
            "%22",
            "index.html",
            "api.js"
        };
        return r.nextInt(4) == 0 ? Integer.toString(r.nextInt()) : samples[r.nextInt(samples.length)];
    }

    private static byte[] body(Random r) {
        String[] samples = {
            "",
            "{",
            "[]",
            "null",
            "{\"to\":[]}",
            "{\"to\":\"x\"}",
            "{\"to\":[\"LogicalID(User,1)\"]}",
            "{\"to\":[\"nobody\",1,{}]}",
            "{\"context\":42}",
            "{\"context\":\"" + "c".repeat(5000) + "\"}",
            "{\"files\":{\"x.drl\":\"rule \\\"r\\\" when then end\"},\"from\":\"nope\"}",
            "{\"files\":{\"x.drl\":1}}",
            "{\"user\":\"admin\"}",
            "{\"user\":\"\",\"password\":\"\"}",
            "{\"user\":[1],\"password\":{}}"
        };
        if (r.nextInt(5) == 0) {
            byte[] b = new byte[r.nextInt(2000)];
            r.nextBytes(b);
            return b;
        }
        return samples[r.nextInt(samples.length)].getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aForgedOrEndedLoginIsRefusedAndRepeatedWrongPasswordsBackOff() throws Exception {
        // Without a login, nothing bigger than a login form is read.
        HttpResponse<String> big = send(HttpRequest.newBuilder(URI.create(base() + "api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + "x".repeat(100_000) + "\"}")));
        assertThat(big.statusCode()).isEqualTo(413);
        HttpResponse<String> forged = send(HttpRequest.newBuilder(URI.create(base() + "api/me"))
                .header("Cookie", "vigil_console=" + "A".repeat(43)));
        assertThat(forged.statusCode()).isEqualTo(401);
        Login l = login();
        assertThat(post(l, "api/logout", new byte[0]).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create(base() + "api/me")).header("Cookie", l.cookie()))
                        .statusCode())
                .isEqualTo(401);

        Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 8 && !seen.contains(429); i++) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base() + "api/login"))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"user\":\"mallory\",\"password\":\"guess" + i + "\"}")));
            seen.add(r.statusCode());
            if (r.statusCode() == 429) {
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
            }
        }
        assertThat(seen).contains(401, 429);
        // The backoff ends: the next right password from this address is let in.
        login();
    }

    @Test
    void liveStreamsAreBoundedAndNeedALogin() throws Exception {
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(base() + "api/live")));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        Login l = login();
        List<InputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                HttpResponse<InputStream> s = http.send(
                        HttpRequest.newBuilder(URI.create(base() + "api/live?events=1"))
                                .header("Cookie", l.cookie())
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(s.statusCode()).isEqualTo(200);
                assertThat(s.headers().firstValue("Content-Type")).contains("text/event-stream; charset=utf-8");
                byte[] first = s.body().readNBytes("event: resync".length());
                assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("event: resync");
                open.add(s.body());
            }
            HttpResponse<String> fourth =
                    send(HttpRequest.newBuilder(URI.create(base() + "api/live")).header("Cookie", l.cookie()));
            assertThat(fourth.statusCode()).isEqualTo(503);
            assertThat(fourth.headers().firstValue("Retry-After")).isPresent();

        } finally {
            for (InputStream in : open) {
                close(in);
            }
        }
    }

    /** Adds an operator with the CLI while the daemon runs, and waits until the daemon has read users.yaml. */
    private void addOperator(String name, String password) throws Exception {
        int reloads = v.log().split("Reloading the configuration", -1).length;
        Process add = VigilProcess.command(
                        "--conf", v.conf.toString(), "user", "add", name, "--password-stdin", "--role", "operator")
                .redirectErrorStream(true)
                .start();
        add.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
        add.getOutputStream().close();
        assertThat(add.waitFor()).isZero();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> v.log().split("Reloading the configuration", -1).length > reloads);
        VigilProcess.sleep(500);
    }

    @Test
    void aRecipientWithAForwardDelayIsShownTheAlarmOnceTheDelayHasPassed() throws Exception {
        addOperator("late", "late-passphrase");
        Login late = login("late", "late-passphrase");
        String recipients = send(HttpRequest.newBuilder(URI.create(base() + "api/recipients"))
                        .header("Cookie", late.cookie()))
                .body();
        String guid = null;
        for (var r : VigilProcess.JSON.readTree(recipients).get("recipients")) {
            if (r.get("name").asText().equals("late")) {
                guid = r.get("guid").asText();
            }
        }
        assertThat(guid).as(recipients).isNotNull();
        String door = ShippedSite.DOOR_ALARM;
        assertThat(v.get("/WebSdk/entity?q="
                                + java.net.URLEncoder.encode(
                                        "entity=" + door + ",Recipients.Add(" + guid + ",00:00:02)",
                                        StandardCharsets.UTF_8))
                        .status())
                .isEqualTo(200);
        HttpResponse<InputStream> stream = http.send(
                HttpRequest.newBuilder(URI.create(base() + "api/live"))
                        .header("Cookie", late.cookie())
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (var lines =
                new java.io.BufferedReader(new java.io.InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("event: resync");
            long start = System.nanoTime();
            long id = v.get("/WebSdk/alarm?q=TriggerAlarm(" + door + ")")
                    .json()
                    .at("/Rsp/Result/alarminstanceid")
                    .asLong();
            java.util.concurrent.CompletableFuture<String> frame =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            for (String line; (line = lines.readLine()) != null; ) {
                                if (line.equals("event: alarm")) {
                                    return lines.readLine();
                                }
                            }
                            return null;
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
            String data = frame.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
            assertThat(data).startsWith("data: {\"instanceId\":" + id + ",");
            // The list the page loads agrees once the delay has passed.
            assertThat(send(HttpRequest.newBuilder(URI.create(base() + "api/alarms"))
                                    .header("Cookie", late.cookie()))
                            .body())
                    .contains("\"instanceId\":" + id + ",");
            v.get("/WebSdk/alarm?q=ForceAcknowledgeAlarm(" + id + "," + door + ")");
        } finally {
            v.get("/WebSdk/entity?q="
                    + java.net.URLEncoder.encode(
                            "entity=" + door + ",Recipients.Remove(" + guid + ")", StandardCharsets.UTF_8));
        }
    }

    @Test
    void anOperatorIsRefusedWhatOnlyAnAdminMayDoOnTheWebSdkToo() throws Exception {
        addOperator("op", "op-passphrase");
        String op = "Basic "
                + java.util.Base64.getEncoder().encodeToString("op:op-passphrase".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> trace = send(HttpRequest.newBuilder(v.uri("/WebSdk/rules/trace?rule=Door&for=1m"))
                .header("Authorization", op)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(trace.statusCode()).isEqualTo(403);
        assertThat(trace.body())
                .contains("\"SdkErrorCode\":\"InsufficientPrivileges\"")
                .contains("op is an operator; only an admin may POST /WebSdk/rules/trace");
        HttpResponse<String> retry = send(HttpRequest.newBuilder(v.uri("/WebSdk/sinks/deadletters/1/retry"))
                .header("Authorization", op)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(retry.statusCode()).isEqualTo(403);
        // Reading, raising events and acting on alarms stay open to an operator.
        HttpResponse<String> raise =
                send(HttpRequest.newBuilder(v.uri("/WebSdk/events/RaiseEvent/CameraMotion/LogicalID(Camera,2)"))
                        .header("Authorization", op)
                        .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(raise.statusCode()).as(raise.body()).isEqualTo(200);
        HttpResponse<String> status =
                send(HttpRequest.newBuilder(v.uri("/WebSdk/rules/trace")).header("Authorization", op));
        assertThat(status.statusCode()).isEqualTo(200);
        // The admin still may.
        assertThat(v.post("/WebSdk/rules/trace/off", "").status()).isEqualTo(200);
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the test is over
        }
    }
}
