package dev.vigil.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.AlarmState;
import dev.vigil.engine.alarm.AckType;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.alarm.TriggerRequest;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.directory.AlarmRecipients;
import dev.vigil.engine.directory.CustomEventCatalog;
import dev.vigil.engine.entity.EntitiesFile;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.support.PostgresServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store against a real PostgreSQL: schema, alarms with their history, recipient lists, custom
 * events, sink cursors and dead letters written through the pool, and read back by a second
 * daemon-like start on the same database.
 */
class PostgresStoreTest {
    private static PostgresServer pg;
    private final EntityRegistry entities = EntitiesFile.load(Path.of("../../conf/entities.yaml"));

    @TempDir
    Path data;

    @BeforeAll
    static void startServer() {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (pg != null) {
            pg.close();
        }
    }

    private Database open() {
        VigilConfig.Store config = new VigilConfig.Store();
        config.url = pg.url();
        config.user = pg.user();
        return new Database(config, data);
    }

    private static TriggerRequest trigger(UUID alarm, String context) {
        return new TriggerRequest(
                alarm,
                null,
                "ManualAction",
                context,
                0,
                List.of(),
                List.of(),
                List.of(),
                0,
                false,
                null,
                null,
                "admin");
    }

    @Test
    void everythingWrittenIsThereAfterARestart() throws Exception {
        UUID door = entities.resolve("LogicalID(Alarm,2)", null).guid();
        UUID motion = entities.resolve("LogicalID(Alarm,1)", null).guid();
        UUID admin = entities.resolve("LogicalID(User,1)", null).guid();
        UUID team = entities.resolve("LogicalID(UserGroup,1)", null).guid();
        long kept;
        try (Database db = open()) {
            AlarmService alarms = new AlarmService(new AlarmStore(db), entities, Clock.systemUTC());
            Alarm a = alarms.trigger(trigger(door, "first \"quoted\" ünïcode")).get(10, TimeUnit.SECONDS);
            Alarm b = alarms.trigger(trigger(motion, "second")).get(10, TimeUnit.SECONDS);
            alarms.forward(a.getInstanceId(), List.of(team), "admin").get(10, TimeUnit.SECONDS);
            alarms.acknowledge(b.getInstanceId(), motion, AckType.NACK, "admin").get(10, TimeUnit.SECONDS);
            kept = a.getInstanceId();
            alarms.close();

            DirectoryStore directory = new DirectoryStore(db);
            new AlarmRecipients(entities, directory).add(motion, admin, Duration.ofSeconds(30));
            new CustomEventCatalog(directory).add(12345, "Temperature Alert", "Camera", admin);
            new SinkCursorStore(db).put("mail", new SinkCursorStore.Cursor(7, 42));
            new DeadLetterStore(db).add("mail", "alarm", "alarm-change-3", "{}", "smtp refused", 5, 1000L);
        }

        try (Database db = open()) {
            AlarmService alarms = new AlarmService(new AlarmStore(db), entities, Clock.systemUTC());
            assertThat(alarms.active()).singleElement().satisfies(a -> {
                assertThat(a.getInstanceId()).isEqualTo(kept);
                assertThat(a.getContext()).isEqualTo("first \"quoted\" ünïcode");
                assertThat(a.getForwards())
                        .singleElement()
                        .satisfies(f -> assertThat(f.to()).containsExactly(team));
            });
            assertThat(new AlarmStore(db).find(kept + 1).getState()).isEqualTo(AlarmState.ACKNOWLEDGED);
            Alarm next = alarms.trigger(trigger(door, "third")).get(10, TimeUnit.SECONDS);
            assertThat(next.getInstanceId()).isEqualTo(kept + 2);
            assertThat(new AlarmStore(db).changesBetween(0, Long.MAX_VALUE, 100))
                    .hasSizeGreaterThanOrEqualTo(5);
            alarms.close();

            DirectoryStore directory = new DirectoryStore(db);
            assertThat(new AlarmRecipients(entities, directory).of(motion))
                    .contains(new AlarmRecipients.Recipient(admin, Duration.ofSeconds(30)));
            assertThat(new CustomEventCatalog(directory).all())
                    .singleElement()
                    .satisfies(c -> assertThat(c.name()).isEqualTo("Temperature Alert"));
            assertThat(new SinkCursorStore(db).get("mail")).contains(new SinkCursorStore.Cursor(7, 42));
            assertThat(new DeadLetterStore(db).recent(10))
                    .singleElement()
                    .satisfies(d -> assertThat(d.error()).isEqualTo("smtp refused"));
        }
    }
}
