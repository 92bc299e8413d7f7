package dev.vigil.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.Event;
import dev.vigil.engine.alarm.AckType;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.alarm.TriggerRequest;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.directory.AlarmRecipients;
import dev.vigil.engine.entity.EntitiesFile;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.store.AlarmStore;
import dev.vigil.engine.store.Database;
import dev.vigil.engine.store.DirectoryStore;
import dev.vigil.engine.websdk.StreamParts;
import dev.vigil.engine.websdk.SubscriptionQuery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fan-out with real sessions, a real alarm service and store, and recording streams. */
class FanOutTest {
    private static final String SITE = """
            cameras:
              - guid: 00000001-0000-0000-0000-000000000001
                logicalId: 1
                name: Cam
            alarms:
              - guid: 00000003-0000-0000-0000-000000000001
                logicalId: 1
                name: Intrusion
                recipients:
                  - LogicalID(UserGroup,2)
            users:
              - guid: 00000004-0000-0000-0000-000000000001
                logicalId: 1
                name: deep
              - guid: 00000004-0000-0000-0000-000000000002
                logicalId: 2
                name: outsider
            userGroups:
              - guid: 00000005-0000-0000-0000-000000000001
                logicalId: 1
                name: Inner
                members:
                  - LogicalID(User,1)
              - guid: 00000005-0000-0000-0000-000000000002
                logicalId: 2
                name: Outer
                members:
                  - LogicalID(UserGroup,1)
            """;

    @TempDir
    Path dir;

    private Database db;
    private EntityRegistry entities;
    private SessionRegistry sessions;
    private AlarmService alarms;
    private FanOut fanOut;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("entities.yaml"), SITE);
        entities = EntitiesFile.load(dir.resolve("entities.yaml"));
        db = new Database(new VigilConfig.Store(), dir);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        sessions = new SessionRegistry(new VigilConfig.Streaming(), entities, meters);
        alarms = new AlarmService(new AlarmStore(db), entities, Clock.systemUTC());
        fanOut = new FanOut(
                sessions,
                new AlarmRecipients(entities, new DirectoryStore(db)),
                entities,
                StreamParts.INSTANCE,
                1000,
                meters,
                Clock.systemUTC());
        alarms.addListener(fanOut);
    }

    @AfterEach
    void stop() {
        fanOut.close();
        alarms.close();
        sessions.close();
        db.close();
    }

    private static String text(SessionRegistryTest.RecordingSink sink) {
        synchronized (sink) {
            StringBuilder b = new StringBuilder();
            sink.sent.forEach(p -> b.append(new String(p, StandardCharsets.UTF_8)));
            return b.toString();
        }
    }

    private Alarm trigger() throws Exception {
        return alarms.trigger(new TriggerRequest(
                        UUID.fromString("00000003-0000-0000-0000-000000000001"),
                        null,
                        "ManualAction",
                        "x",
                        0,
                        List.of(),
                        List.of(),
                        List.of(),
                        0,
                        false,
                        null,
                        null,
                        "deep"))
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void alarmsReachAUserThroughNestedGroupsOnlyWhenMonitoring() throws Exception {
        Session deep = sessions.session("deep", "App");
        Session outsider = sessions.session("outsider", "App");
        Session quiet = sessions.session("deep", "Quiet");
        var deepSink = new SessionRegistryTest.RecordingSink();
        var outsiderSink = new SessionRegistryTest.RecordingSink();
        var quietSink = new SessionRegistryTest.RecordingSink();
        sessions.attach(deep, deepSink);
        sessions.attach(outsider, outsiderSink);
        sessions.attach(quiet, quietSink);
        sessions.alarmMonitoring(deep, true);
        sessions.alarmMonitoring(outsider, true);

        Alarm a = trigger();
        await().atMost(Duration.ofSeconds(5)).until(() -> text(deepSink).contains("\"AlarmTriggered\""));
        alarms.acknowledge(a.getInstanceId(), a.getAlarmGuid(), AckType.NACK, "deep")
                .get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> text(deepSink).contains("\"AlarmAcknowledge\""));
        assertThat(text(deepSink))
                .contains("\"AckType\":\"Nack\"", "\"AckedBy\":\"00000004-0000-0000-0000-000000000001\"");
        assertThat(text(outsiderSink)).isEmpty();
        assertThat(text(quietSink)).as("same user, monitoring off").isEmpty();
    }

    @Test
    void aCustomEventWithAnOddIdStillReachesItsReaders() {
        Session sub = sessions.session("deep", "Custom");
        var sink = new SessionRegistryTest.RecordingSink();
        sessions.subscribe(sub, SubscriptionQuery.parse("event(Camera,CustomEvent)", entities));
        sessions.attach(sub, sink);
        UUID cam = UUID.fromString("00000001-0000-0000-0000-000000000001");
        fanOut.onEvents(List.of(Event.builder()
                .sequence(1)
                .type("CustomEvent")
                .source(cam)
                .sourceType("Camera")
                .timestamp(Instant.now())
                .properties(java.util.Map.of("CustomEventId", "not-a-number"))
                .build()));
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.sent.size() == 1);
        assertThat(text(sink)).contains("\"CustomEventId\":\"not-a-number\"");
    }

    @Test
    void eachEventIsEncodedOnceAndSentOnlyToSubscribers() {
        Session sub = sessions.session("deep", "Sub");
        Session other = sessions.session("deep", "Other");
        var subSink = new SessionRegistryTest.RecordingSink();
        var subSink2 = new SessionRegistryTest.RecordingSink();
        var otherSink = new SessionRegistryTest.RecordingSink();
        sessions.subscribe(sub, SubscriptionQuery.parse("event(LogicalID(Camera,1),CameraMotion)", entities));
        sessions.subscribe(other, SubscriptionQuery.parse("event(Camera,Tampering)", entities));
        sessions.attach(sub, subSink);
        sessions.attach(sub, subSink2);
        sessions.attach(other, otherSink);
        UUID cam = UUID.fromString("00000001-0000-0000-0000-000000000001");
        fanOut.onEvents(List.of(
                Event.builder()
                        .sequence(1)
                        .type("CameraMotion")
                        .source(cam)
                        .sourceType("Camera")
                        .timestamp(Instant.now())
                        .build(),
                Event.builder()
                        .sequence(2)
                        .type("CameraMotionOff")
                        .source(cam)
                        .sourceType("Camera")
                        .timestamp(Instant.now())
                        .build()));
        await().atMost(Duration.ofSeconds(5)).until(() -> subSink.sent.size() == 1 && subSink2.sent.size() == 1);
        assertThat(subSink.sent.get(0)).isSameAs(subSink2.sent.get(0));
        assertThat(text(subSink)).contains("\"EventType\":\"CameraMotion\"").doesNotContain("CameraMotionOff");
        assertThat(otherSink.sent).isEmpty();
    }
}
