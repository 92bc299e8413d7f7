package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's "Real-time event streaming" and "Alarm monitoring" sections against a running daemon:
 * the 301, the HTTP/1.0 multipart stream read by an independent parser, subscriptions deciding
 * what arrives, order, KeepAlive, closeconnection, slow readers, and alarm parts for recipients.
 * Each test logs in with its own application id, so each has its own session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedDaemon.class)
class WebSdkStreamIT implements SharedDaemon.Setup {
    VigilProcess vigil;
    String guardPassword = "guard-password-1";
    String adminPassword = "admin-password-1";

    static void addUser(VigilProcess vigil, String name, String password) throws Exception {
        Process p = VigilProcess.command(
                        "--conf",
                        vigil.conf.toString(),
                        "--data",
                        vigil.data.toString(),
                        "user",
                        "add",
                        name,
                        "--password-stdin")
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor())
                .as(new String(p.getInputStream().readAllBytes()))
                .isZero();
    }

    @Override
    public void beforeStart(VigilProcess vigil) throws Exception {
        vigil.overlay("60-fast-keepalive", "streaming:\n  keepAliveInterval: 700ms\n");
        // A second user who is not in the Security team that receives the shipped alarms.
        Path entities = vigil.conf.resolve("entities.yaml");
        Files.writeString(
                entities,
                Files.readString(entities)
                        .replace(
                                "userGroups:",
                                "  - guid: 00000004-0000-babe-0000-000000000002\n    logicalId: 2\n    name: guard\n\nuserGroups:"));
        addUser(vigil, "admin", adminPassword);
        addUser(vigil, "guard", guardPassword);
    }

    String auth(String user, String password, String app) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((user + ";" + app + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    String admin(String app) {
        return auth("admin", adminPassword, app);
    }

    VigilProcess.Reply call(String method, String auth, String path, String q) {
        String uri = path + (q == null ? "" : "?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        return vigil.send(HttpRequest.newBuilder(vigil.uri(uri))
                .header("Authorization", auth)
                .method(method, HttpRequest.BodyPublishers.noBody()));
    }

    VigilProcess.Reply bulk(String auth, String json) {
        return vigil.send(HttpRequest.newBuilder(vigil.uri("/WebSdk/events/bulk"))
                .header("Authorization", auth)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static String motionBatch(String source, int from, int count) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "" : ",")
                    .append("{\"EventType\":\"CameraMotion\",\"Source\":\"")
                    .append(source)
                    .append("\",\"Properties\":{\"n\":\"")
                    .append(from + i)
                    .append("\"}}");
        }
        return b.append("]").toString();
    }

    @Test
    void theStreamIsFramedAsTheSeedShowsIt() {
        String a = admin("Framing");
        VigilProcess.Reply redirect = call("GET", a, "/WebSdk/events", null);
        assertThat(redirect.status()).isEqualTo(301);
        URI location = URI.create(redirect.header("Location"));
        assertThat(location.getPort()).isNotEqualTo(vigil.port);
        assertThat(location.getPath()).matches("/WebSdk/streaming/events/sessionid=[A-Za-z0-9_-]+");
        try (StreamClient s = StreamClient.connect(location)) {
            assertThat(s.statusLine).startsWith("HTTP/1.0 200");
            assertThat(s.headers)
                    .containsEntry("expires", "Thu, 1 Jan 1998 00:00:00 GMT")
                    .containsEntry("content-type", "multipart/mixed; boundary=--GENETECBOUNDARY")
                    .doesNotContainKey("content-length");
            assertThat(UUID.fromString(s.connectionId())).isNotNull();
            assertThat(s.preamble).isEqualTo("--GENETECBOUNDARY");

            assertThat(call("GET", a, "/WebSdk/events/subscribe", "event(Camera,CameraMotion)")
                            .status())
                    .isEqualTo(200);
            assertThat(call("POST", a, "/WebSdk/events/RaiseEvent/CameraMotion/LogicalID(Camera,1)", null)
                            .status())
                    .isEqualTo(200);
            StreamClient.Part p = s.next(Duration.ofSeconds(10));
            assertThat(p).isNotNull();
            assertThat(p.headers()).containsEntry("content-type", "text/json");
            assertThat(p.json().at("/Rsp/Status").asText()).isEqualTo("Ok");
            var result = p.json().at("/Rsp/Result");
            assertThat(result.get("EventType").asText()).isEqualTo("CameraMotion");
            assertThat(result.get("SourceGuid").asText()).isEqualTo(ShippedSite.CAMERA_1);
            assertThat(result.get("Timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z");
            assertThat(result.get("GroupId").asText()).isEqualTo("00000000-0000-0000-0000-000000000000");
            var event = result.get("Event");
            assertThat(event.get("Type").asText()).isEqualTo("CameraMotion");
            assertThat(event.get("EventName").asInt()).isEqualTo(1383);
            assertThat(event.get("SourceEntity").asText()).isEqualTo(ShippedSite.CAMERA_1);
            assertThat(event.get("SourceEntityTypes").get(0).asText()).isEqualTo("Camera");
            assertThat(event.get("RelatedEntities").get(0).asText()).isEqualTo(ShippedSite.CAMERA_1);
            assertThat(event.get("Timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(event.get("OfflinePeriod").asText()).isEqualTo("None");
            assertThat(event.has("SourceTimeZone")).isTrue();
        }
    }

    @Test
    void onlySubscribedEventsArriveAndInIngestOrder() {
        String a = admin("Order");
        assertThat(call("GET", a, "/WebSdk/events/subscribe", "event(LogicalID(Camera,1),CameraMotion)")
                        .status())
                .isEqualTo(200);
        try (StreamClient s = StreamClient.open(vigil, a)) {
            // Camera 2 and door events are not subscribed: none of them may show up.
            assertThat(bulk(a, motionBatch("LogicalID(Camera,2)", 0, 50)).status())
                    .isEqualTo(200);
            assertThat(call("POST", a, "/WebSdk/events/RaiseEvent/AccessGranted/LogicalID(Door,1)", null)
                            .status())
                    .isEqualTo(200);
            for (int batch = 0; batch < 5; batch++) {
                assertThat(bulk(a, motionBatch("LogicalID(Camera,1)", batch * 200, 200))
                                .status())
                        .isEqualTo(200);
            }
            for (int n = 0; n < 1000; n++) {
                StreamClient.Part p = s.next(Duration.ofSeconds(10));
                assertThat(p).as("part %d", n).isNotNull();
                var r = p.json().at("/Rsp/Result");
                assertThat(r.get("SourceGuid").asText()).isEqualTo(ShippedSite.CAMERA_1);
                assertThat(r.at("/Event/Properties/n").asText()).isEqualTo(String.valueOf(n));
            }
            assertThat(s.next(Duration.ofMillis(800))).isNull();
        }
    }

    @Test
    void anIdleStreamGetsKeepAliveParts() {
        try (StreamClient s = StreamClient.open(vigil, admin("Idle"))) {
            StreamClient.Part p = s.nextRaw(Duration.ofSeconds(5));
            assertThat(p).isNotNull();
            assertThat(p.isKeepAlive()).isTrue();
            assertThat(p.headers()).containsEntry("content-type", "text/json");
        }
    }

    @Test
    void closeConnectionEndsTheStreamAndOnlyOnce() {
        String a = admin("Close");
        try (StreamClient s = StreamClient.open(vigil, a)) {
            String id = s.connectionId();
            assertThat(call("POST", a, "/WebSdk/events/closeconnection/" + id, null)
                            .status())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(s::ended);
            VigilProcess.Reply again = call("POST", a, "/WebSdk/events/closeconnection/" + id, null);
            assertThat(again.status()).isEqualTo(404);
            assertThat(again.json().at("/Rsp/Result/SdkErrorCode").asText()).isEqualTo("UnknownConnection");
            // another session cannot close someone else's stream
            try (StreamClient mine = StreamClient.open(vigil, a)) {
                assertThat(call("POST", admin("Other"), "/WebSdk/events/closeconnection/" + mine.connectionId(), null)
                                .status())
                        .isEqualTo(404);
                assertThat(mine.ended()).isFalse();
            }
        }
    }

    @Test
    void unknownSessionsAndPathsOnTheStreamingPortAreRefused() {
        URI location =
                URI.create(call("GET", admin("Probe"), "/WebSdk/events", null).header("Location"));
        URI forged = location.resolve("/WebSdk/streaming/events/sessionid=not-a-session");
        try (StreamClient s = StreamClient.connect(forged)) {
            assertThat(s.statusLine).startsWith("HTTP/1.0 401");
            assertThat(s.preamble).contains("\"Status\":\"Fail\"");
        }
        try (StreamClient s = StreamClient.connect(location.resolve("/elsewhere"))) {
            assertThat(s.statusLine).startsWith("HTTP/1.0 404");
        }
        VigilProcess.Reply noLogin =
                vigil.send(HttpRequest.newBuilder(vigil.uri("/WebSdk/events")).GET());
        assertThat(noLogin.status()).isEqualTo(401);
    }

    @Test
    void garbageOnTheStreamingPortGetsAnAnswerAndAClosedSocket() throws Exception {
        URI location =
                URI.create(call("GET", admin("Garbage"), "/WebSdk/events", null).header("Location"));
        for (byte[] junk : List.of(
                "\u0000\u0001\u0002 GARBAGE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                ("GET /" + "x".repeat(20_000) + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                ("POST " + location.getRawPath() + " HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc")
                        .getBytes(StandardCharsets.US_ASCII),
                ("GET " + location.getRawPath() + " HTTP/1.1\r\nContent-Length: 100000\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII))) {
            try (Socket s = new Socket(location.getHost(), location.getPort())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(junk);
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(answer).matches("(?s)HTTP/1\\.0 4\\d\\d .*\"Status\":\"Fail\".*");
            }
        }
        // the port still serves streams afterwards
        try (StreamClient s = StreamClient.connect(location)) {
            assertThat(s.statusLine).startsWith("HTTP/1.0 200");
        }
    }

    @Test
    void aReaderThatStopsReadingIsDisconnectedWithoutHurtingOthers() throws Exception {
        String slowAuth = admin("Slow");
        String fastAuth = admin("Fast");
        for (String a : List.of(slowAuth, fastAuth)) {
            assertThat(call("GET", a, "/WebSdk/events/subscribe", "event(LogicalID(Camera,3),CameraMotion)")
                            .status())
                    .isEqualTo(200);
        }
        URI slowLocation =
                URI.create(call("GET", slowAuth, "/WebSdk/events", null).header("Location"));
        try (Socket slow = new Socket();
                StreamClient fast = StreamClient.open(vigil, fastAuth)) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress(slowLocation.getHost(), slowLocation.getPort()));
            slow.getOutputStream()
                    .write(("GET " + slowLocation.getRawPath() + " HTTP/1.0\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(300); // the stream opens; the slow reader never reads another byte
            int total = 30_000;
            List<Integer> seen = new ArrayList<>();
            Thread reader = new Thread(() -> {
                StreamClient.Part p;
                while (seen.size() < total && (p = fast.next(Duration.ofSeconds(20))) != null) {
                    seen.add(Integer.parseInt(
                            p.json().at("/Rsp/Result/Event/Properties/n").asText()));
                }
            });
            reader.start();
            for (int i = 0; i < total; i += 100) {
                assertThat(bulk(fastAuth, motionBatch("LogicalID(Camera,3)", i, 100))
                                .status())
                        .isEqualTo(200);
            }
            reader.join(60_000);
            assertThat(seen).hasSize(total);
            for (int i = 0; i < total; i++) {
                assertThat(seen.get(i)).isEqualTo(i);
            }
            String metrics = call("GET", fastAuth, "/metrics", null).body();
            assertThat(metrics).containsPattern("vigil_stream_dropped_total(\\{[^}]*})? [1-9]");
            await().atMost(Duration.ofSeconds(10)).until(() -> drainedToEnd(slow));
        }
    }

    private static boolean drainedToEnd(Socket s) {
        try {
            s.setSoTimeout(2000);
            byte[] buf = new byte[65536];
            while (true) {
                if (s.getInputStream().read(buf) < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void alarmMonitoringSendsTriggerAndAcknowledgeToRecipientsOnly() {
        String a = admin("Alarms");
        String guard = auth("guard", guardPassword, "Alarms");
        assertThat(call("POST", a, "/WebSdk/events/alarmMonitoring/on", null).status())
                .isEqualTo(200);
        assertThat(call("POST", guard, "/WebSdk/events/alarmMonitoring/on", null)
                        .status())
                .isEqualTo(200);
        try (StreamClient admin = StreamClient.open(vigil, a);
                StreamClient guardStream = StreamClient.open(vigil, guard)) {
            VigilProcess.Reply t = call(
                    "GET",
                    a,
                    "/WebSdk/alarm",
                    "TriggerAlarm(" + ShippedSite.DOOR_ALARM
                            + ",LogicalID(Door,1),DynamicAlarmContent(Door \"forced\" open){Priority=7,Urls@https://tickets.example.com/1})");
            assertThat(t.status()).as(t.body()).isEqualTo(200);
            long id = t.json().at("/Rsp/Result/alarminstanceid").asLong();
            StreamClient.Part p = admin.next(Duration.ofSeconds(10));
            assertThat(p).isNotNull();
            var trig = p.json().at("/Rsp/Result/AlarmTriggered");
            assertThat(trig.get("AlarmGuid").asText()).isEqualTo(ShippedSite.DOOR_ALARM);
            assertThat(trig.get("InstanceId").asLong()).isEqualTo(id);
            assertThat(trig.get("SourceGuid").asText()).isEqualTo("00000002-0000-babe-0000-000000000001");
            assertThat(trig.get("SourceName").asText()).isEqualTo("Server room door");
            assertThat(trig.get("TriggerEvent").asText()).isEqualTo("ManualAction");
            assertThat(trig.get("HasSourceCondition").asBoolean()).isFalse();
            assertThat(trig.at("/DynamicAlarmContent/Context").asText()).isEqualTo("Door \"forced\" open");
            assertThat(trig.at("/DynamicAlarmContent/Priority").asInt()).isEqualTo(7);
            assertThat(trig.at("/DynamicAlarmContent/Urls/0").asText()).isEqualTo("https://tickets.example.com/1");
            // guard is no recipient of "Door forced open"
            assertThat(guardStream.next(Duration.ofSeconds(1))).isNull();

            assertThat(call("GET", a, "/WebSdk/alarm", "AcknowledgeAlarm(" + id + ",Ack)")
                            .status())
                    .isEqualTo(200);
            StreamClient.Part ack = admin.next(Duration.ofSeconds(10));
            assertThat(ack).isNotNull();
            var body = ack.json().at("/Rsp/Result/AlarmAcknowledge");
            assertThat(body.get("InstanceId").asLong()).isEqualTo(id);
            assertThat(body.get("AckedBy").asText()).isEqualTo("00000004-0000-babe-0000-000000000001");
            assertThat(body.get("AckType").asText()).isEqualTo("Ack");

            // Made a recipient with a forward delay, guard hears of a trigger once the delay has passed.
            assertThat(call(
                                    "POST",
                                    a,
                                    "/WebSdk/entity",
                                    "entity=" + ShippedSite.DOOR_ALARM + ",Recipients.Add(LogicalID(User,2),00:00:02)")
                            .status())
                    .isEqualTo(200);
            long start = System.nanoTime();
            long second = call("GET", a, "/WebSdk/alarm", "TriggerAlarm(" + ShippedSite.DOOR_ALARM + ")")
                    .json()
                    .at("/Rsp/Result/alarminstanceid")
                    .asLong();
            StreamClient.Part late = guardStream.next(Duration.ofSeconds(10));
            assertThat(late).isNotNull();
            assertThat(late.json().at("/Rsp/Result/AlarmTriggered/InstanceId").asLong())
                    .isEqualTo(second);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
            call(
                    "POST",
                    a,
                    "/WebSdk/entity",
                    "entity=" + ShippedSite.DOOR_ALARM + ",Recipients.Remove(LogicalID(User,2))");
            call("GET", a, "/WebSdk/alarm", "ForceAcknowledgeAlarm(" + second + "," + ShippedSite.DOOR_ALARM + ")");
            StreamClient.Part guardAck = guardStream.next(Duration.ofSeconds(5)); // guard was told, so hears of the end
            assertThat(guardAck.json()
                            .at("/Rsp/Result/AlarmAcknowledge/InstanceId")
                            .asLong())
                    .isEqualTo(second);
            admin.next(Duration.ofSeconds(5)); // the second trigger
            admin.next(Duration.ofSeconds(5)); // its acknowledgement

            // Forwarded to guard, the instance reaches guard at the forwarding.
            long third = call("GET", a, "/WebSdk/alarm", "TriggerAlarm(" + ShippedSite.DOOR_ALARM + ")")
                    .json()
                    .at("/Rsp/Result/alarminstanceid")
                    .asLong();
            admin.next(Duration.ofSeconds(5));
            assertThat(guardStream.next(Duration.ofMillis(800))).isNull();
            assertThat(call("GET", a, "/WebSdk/alarm", "ForwardAlarm(" + third + ",{LogicalID(User,2)})")
                            .status())
                    .isEqualTo(200);
            StreamClient.Part forwarded = guardStream.next(Duration.ofSeconds(10));
            assertThat(forwarded).isNotNull();
            assertThat(forwarded
                            .json()
                            .at("/Rsp/Result/AlarmTriggered/InstanceId")
                            .asLong())
                    .isEqualTo(third);
            call("GET", a, "/WebSdk/alarm", "ForceAcknowledgeAlarm(" + third + "," + ShippedSite.DOOR_ALARM + ")");
            StreamClient.Part forcedAck = guardStream.next(Duration.ofSeconds(10));
            assertThat(forcedAck
                            .json()
                            .at("/Rsp/Result/AlarmAcknowledge/Forced")
                            .asBoolean())
                    .isTrue();
            admin.next(Duration.ofSeconds(5));

            // Monitoring off: nothing more.
            assertThat(call("POST", a, "/WebSdk/events/alarmMonitoring/off", null)
                            .status())
                    .isEqualTo(200);
            call("GET", a, "/WebSdk/alarm", "TriggerAlarm(" + ShippedSite.DOOR_ALARM + ")");
            assertThat(admin.next(Duration.ofSeconds(1))).isNull();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
