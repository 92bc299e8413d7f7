package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Malformed, oversized and hostile requests against one running daemon: each gets a clear error
 * in the API's envelope, the connection handler survives, and nothing is stored by mistake.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedDaemon.class)
class HostileInputIT {
    private VigilProcess v;

    @AfterAll
    void nothingInvalidWasJournaled() {
        assertThat(v.alive()).as("daemon survived every hostile request").isTrue();
        // Nothing invalid reached the journal: only the single valid event at the very end.
        VigilProcess.Reply valid = v.post("/WebSdk/events/RaiseEvent/CameraMotion/LogicalID(Camera,1)", null);
        assertThat(valid.status()).isEqualTo(200);
        assertThat(v.get("/WebSdk/health")
                        .json()
                        .at("/Rsp/Result/JournalLastSequence")
                        .asLong())
                .isEqualTo(1);
    }

    private static void assertFail(VigilProcess.Reply r, int status, String code, String messagePart) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().at("/Rsp/Status").asText()).isEqualTo("Fail");
        assertThat(r.json().at("/Rsp/Result/SdkErrorCode").asText()).isEqualTo(code);
        assertThat(r.json().at("/Rsp/Result/Message").asText()).contains(messagePart);
    }

    @Test
    void aControlCharacterAfterAnEntityIsNotIgnoredAndCustomEventsOnlyComeOneWay() {
        assertFail(
                v.post("/WebSdk/events/RaiseEvent/DoorForcedOpen/LogicalID(Door,1)%00", null),
                400,
                "InvalidEntity",
                "LogicalID(Door,1)");
        assertFail(
                v.post("/WebSdk/events/bulk", "[{\"EventType\":\"CustomEvent\",\"Source\":\"LogicalID(Camera,1)\"}]"),
                400,
                "InvalidValue",
                "RaiseCustomEvent");
        assertFail(
                v.post("/WebSdk/events/RaiseEvent/CustomEvent/LogicalID(Camera,1)", null),
                400,
                "InvalidRequest",
                "RaiseCustomEvent");
    }

    @Test
    void raiseEventRefusesWhatItCannotUse() {
        assertFail(
                v.post("/WebSdk/events/RaiseEvent/Teleported/LogicalID(Camera,1)", null),
                400,
                "UnknownEventType",
                "'Teleported'");
        assertFail(
                v.post("/WebSdk/events/RaiseEvent/CameraMotion/LogicalID(Camera,99)", null),
                404,
                "UnknownEntity",
                "LogicalID(Camera,99)");
        assertFail(
                v.post("/WebSdk/events/RaiseEvent/CameraMotion/%7Bc319de11-3fb9-4c42-b4ee%7D", null),
                400,
                "InvalidEntity",
                "neither a GUID");
        assertFail(
                v.post("/WebSdk/events/RaiseEvent/CameraMotion/%7Bc319de11-3fb9-4c42-b4ee-1745c7287799", null),
                400,
                "InvalidEntity",
                "unbalanced brace");
        assertFail(
                v.post("/WebSdk/events/RaiseEvent/DoorForcedOpen/LogicalID(Camera,1)", null),
                400,
                "InvalidEventForEntity",
                "not raised by a Camera");
        assertFail(v.post("/WebSdk/events/RaiseEvent/CameraMotion", null), 400, "InvalidRequest", "RaiseEvent");
        assertFail(
                v.post("/WebSdk/events/RaiseEvent/CustomEvent/LogicalID(Camera,1)", null),
                400,
                "InvalidRequest",
                "RaiseCustomEvent");
        assertFail(
                v.post("/WebSdk/events/RaiseEvent/CameraMotion/LogicalID(Camera,1)/extra", null),
                400,
                "InvalidRequest",
                "{eventType}/{entityId}");
        assertThat(raw("POST /WebSdk/events/RaiseEvent/CameraMotion/%zz HTTP/1.1\r\nHost: x\r\nAuthorization: "
                        + v.auth() + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400")
                .contains("bad URL escape");
        assertFail(
                v.get("/WebSdk/events/RaiseEvent/CameraMotion/LogicalID(Camera,1)"), 405, "MethodNotAllowed", "POST");
        assertFail(v.get("/WebSdk/no/such/thing"), 404, "UnknownRequest", "/WebSdk/no/such/thing");
        assertFail(v.get("/elsewhere"), 404, "UnknownRequest", "/elsewhere");
    }

    @Test
    void bulkIsAllOrNothingAndNamesTheBadItem() {
        assertFail(
                v.post(
                        "/WebSdk/events/bulk",
                        "[{\"EventType\":\"CameraMotion\",\"Source\":\"LogicalID(Camera,1)\"},"
                                + "{\"EventType\":\"CameraMotion\",\"Source\":\"LogicalID(Camera,42)\"}]"),
                400,
                "UnknownEntity",
                "event [1]");
        assertFail(v.post("/WebSdk/events/bulk", "{\"EventType\":\"CameraMotion\"}"), 400, "InvalidJson", "JSON array");
        assertFail(v.post("/WebSdk/events/bulk", "[{\"EventType\":"), 400, "InvalidJson", "not valid JSON");
        assertFail(v.post("/WebSdk/events/bulk", ""), 400, "InvalidJson", "empty");
        assertFail(
                v.post(
                        "/WebSdk/events/bulk",
                        "[{\"EventType\":\"CameraMotion\",\"Source\":\"LogicalID(Camera,1)\","
                                + "\"Colour\":\"red\"}]"),
                400,
                "InvalidValue",
                "unknown field 'Colour'");
        assertFail(
                v.post(
                        "/WebSdk/events/bulk",
                        "[{\"EventType\":\"CameraMotion\",\"Source\":\"LogicalID(Camera,1)\","
                                + "\"Timestamp\":\"1999-01-01T00:00:00Z\"}]"),
                400,
                "InvalidTimestamp",
                "away from the server's clock");
        assertFail(
                v.post(
                        "/WebSdk/events/bulk",
                        "[{\"EventType\":\"CameraMotion\",\"Source\":\"LogicalID(Camera,1)\","
                                + "\"Timestamp\":\"yesterday\"}]"),
                400,
                "InvalidTimestamp",
                "ISO-8601");
        assertFail(
                v.post("/WebSdk/events/bulk", "[" + "[".repeat(5000) + "]".repeat(5000) + "]"), 400, "InvalidJson", "");
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 10_001; i++) {
            many.append(i == 0 ? "" : ",")
                    .append("{\"EventType\":\"CameraMotion\",\"Source\":\"LogicalID(Camera,1)\"}");
        }
        assertFail(v.post("/WebSdk/events/bulk", many.append("]").toString()), 413, "TooManyEvents", "10000");
    }

    @Test
    void oversizedBodiesAndHeadersAreRefused() {
        String big = "x".repeat(5 * 1024 * 1024);
        assertFail(v.post("/WebSdk/events/bulk", big), 413, "RequestTooLarge", "http.maxBodyBytes");
        VigilProcess.Reply r = v.send(HttpRequest.newBuilder(v.uri("/WebSdk/health"))
                .header("Authorization", v.auth())
                .header("X-Padding", "p".repeat(20_000))
                .GET());
        assertThat(r.status()).isEqualTo(431);
    }

    @Test
    void alarmQueriesReportPositionAndExpectedToken() {
        assertFail(v.get("/WebSdk/alarm?q=AcknowledgeAlarm(1,Ack"), 400, "InvalidQuery", "position 22");
        assertFail(v.get("/WebSdk/alarm?q=Explode()"), 404, "UnknownMethod", "Explode");
        assertFail(v.get("/WebSdk/alarm?q=AcknowledgeAlarm(123456,Ack)"), 404, "UnknownAlarmInstance", "123456");
        assertFail(v.get("/WebSdk/alarm?q=AcknowledgeAlarm(1,Maybe)"), 400, "InvalidValue", "Ack or Nack");
        assertFail(v.get("/WebSdk/alarm?q=TriggerAlarm(LogicalID(Camera,1))"), 400, "InvalidValue", "not an Alarm");
        assertFail(v.get("/WebSdk/alarm"), 400, "InvalidRequest", "missing q=");
        assertThat(raw("GET /WebSdk/alarm?q=%E0%A4%A HTTP/1.1\r\nHost: x\r\nAuthorization: " + v.auth()
                        + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400")
                .contains("malformed URL");
    }

    @Test
    void garbageBytesOnTheSocketGetA400AndAClosedConnection() throws IOException {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        for (byte[] payload : new byte[][] {
            noise,
            "GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            "GET / HTTP/9.9\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)
        }) {
            try (Socket s = new Socket("127.0.0.1", v.port)) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write(payload);
                out.flush();
                String answer = readAll(s.getInputStream());
                assertThat(answer).matches("(?s)HTTP/1.1 (400|505) .*");
                assertThat(answer).contains("\"Status\":\"Fail\"");
            }
        }
        // A client that connects and says nothing does not hold anything up.
        try (Socket idle = new Socket("127.0.0.1", v.port)) {
            assertThat(v.get("/WebSdk/health").status()).isEqualTo(200);
        }
    }

    /** Sends bytes no well-behaved client library would send, and reads the whole answer. */
    private String raw(String request) {
        try (Socket s = new Socket("127.0.0.1", v.port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return readAll(s.getInputStream());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                buf.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError(
                    "the server kept a broken connection open: " + buf.toString(StandardCharsets.UTF_8));
        } catch (java.net.SocketException reset) {
            // the server closed while we were still sending noise: fine, what it answered is in buf
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
