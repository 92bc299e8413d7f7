package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random requests, built from the pieces of every Web SDK endpoint and the things that break
 * parsers, sent as raw bytes to a running daemon: every one gets an answer in the envelope with a
 * status below 500, and the daemon keeps serving. The seed is fixed, so a failure reproduces.
 */
class WebSdkFuzzIT {
    private static final List<String> PATHS = List.of(
            "/events",
            "/events/",
            "/events/subscribe",
            "/events/unsubscribe",
            "/events/subscribed",
            "/events/closeconnection/",
            "/events/alarmMonitoring/on",
            "/events/alarmMonitoring/",
            "/events/RaiseEvent/",
            "/events/RaiseCustomEvent/",
            "/events/bulk",
            "/alarm",
            "/entity",
            "/activealarms",
            "/health",
            "/rules/status",
            "/plugins",
            "/sinks/deadletters",
            "/streaming/events/sessionid=");
    private static final List<String> SEGMENTS = List.of(
            "CameraMotion",
            "Tampering",
            "LogicalID(Camera,1)",
            "LogicalID(Door,0)",
            "00000001-0000-babe-0000-000000000001",
            "%7B00000001-0000-babe-0000-000000000001%7D",
            "12345",
            "-1",
            "99999999999999999999",
            "%00",
            "%zz",
            "%",
            "..",
            "x".repeat(600),
            "%E2%82%AC",
            "",
            "a b",
            "CustomEvent",
            "on",
            "%2F",
            "00000000-0000-0000-0000-000000000007");
    private static final List<String> QUERY = List.of(
            "event(",
            "Camera",
            ",",
            "CameraMotion",
            ")",
            "entity=",
            "LogicalID(Alarm,1)",
            "Recipients.Add(",
            "00:00:30",
            "TriggerAlarm(",
            "DynamicAlarmContent(",
            "{",
            "}",
            "@",
            "Priority=",
            "AcknowledgeAlarm(",
            "{{1,2},{3}}",
            "CustomEvents-",
            "IsRecipient(",
            "%22",
            "%00",
            "%zz",
            "+",
            "'",
            "=",
            "&q=",
            "GeoCoordinate(",
            "1e999",
            "NaN",
            "-0");
    private static final List<String> BODIES = List.of(
            "",
            "[",
            "[]",
            "{}",
            "[{\"EventType\":\"CameraMotion\"}]",
            "--zzz\r\nContent-Disposition: form-data; name=\"payload\"\r\n\r\nx",
            "\u0000\u0001\u0002",
            "[" + "[".repeat(300));

    @TempDir
    Path site;

    @Test
    void randomRequestsOnEveryEndpointGetAnEnvelopeBelow500() {
        try (VigilProcess v = new VigilProcess(site, null, false).start()) {
            Random rnd = new Random(20261123);
            java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
            for (int i = 0; i < 600; i++) {
                String method = List.of("GET", "POST", "PUT", "DELETE").get(rnd.nextInt(4));
                StringBuilder target = new StringBuilder("/WebSdk").append(PATHS.get(rnd.nextInt(PATHS.size())));
                for (int s = rnd.nextInt(4); s > 0; s--) {
                    target.append(SEGMENTS.get(rnd.nextInt(SEGMENTS.size()))).append(rnd.nextBoolean() ? "/" : "");
                }
                if (rnd.nextBoolean()) {
                    target.append("?q=");
                    for (int s = rnd.nextInt(12); s > 0; s--) {
                        target.append(QUERY.get(rnd.nextInt(QUERY.size())));
                    }
                }
                String body = method.equals("POST") ? BODIES.get(rnd.nextInt(BODIES.size())) : "";
                String contentType = body.startsWith("--zzz") ? "multipart/form-data; boundary=zzz" : "text/json";
                String request = method + " " + target.toString().replace(" ", "%20")
                        + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: " + v.auth() + "\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                        + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
                String answer = send(v.port, request);
                String context = request.substring(0, Math.min(300, request.length())) + "\n->\n" + answer;
                int status = Integer.parseInt(answer.substring(9, 12));
                assertThat(status).as(context).isLessThan(500);
                statuses.merge(status, 1, Integer::sum);
                if (status != 301 && status != 307 && status != 200) {
                    JsonNode json = envelope(answer, context);
                    assertThat(json.at("/Rsp/Status").asText()).as(context).isEqualTo("Fail");
                    assertThat(json.at("/Rsp/Result/Message").asText())
                            .as(context)
                            .isNotBlank();
                }
            }
            // the mix reaches real work as well as refusals
            assertThat(statuses).as(statuses.toString()).containsKeys(200, 400, 404, 405);
            assertThat(v.alive()).isTrue();
            assertThat(v.get("/WebSdk/health").json().at("/Rsp/Result/Status").asText())
                    .isEqualTo("Up");
            assertThat(v.log()).doesNotContain("Request failed unexpectedly");
        }
    }

    private static JsonNode envelope(String answer, String context) {
        int split = answer.indexOf("\r\n\r\n");
        try {
            return VigilProcess.JSON.readTree(answer.substring(split + 4));
        } catch (IOException e) {
            throw new AssertionError("not a JSON envelope: " + context, e);
        }
    }

    private static String send(int port, String request) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.getInputStream().transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
