package dev.vigil.engine.websdk;

import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.directory.AlarmRecipients;
import dev.vigil.engine.directory.CustomEventCatalog;
import dev.vigil.engine.entity.EntitiesFile;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.store.Database;
import dev.vigil.engine.store.DirectoryStore;
import dev.vigil.engine.websdk.query.QueryParseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * No text given to the entity requests or to subscribe makes anything escape but a clean refusal
 * (a parse error or a refusal with an SDK error code); in particular no NPE, no index error.
 */
class EntityQueryProperties {
    private static Path dir;
    private static Database db;
    private static EntityOperations ops;
    private static EntityRegistry entities;

    @BeforeContainer
    static void open() throws Exception {
        dir = Files.createTempDirectory("entity-props");
        db = new Database(new VigilConfig.Store(), dir);
        entities = EntitiesFile.load(Path.of("../../conf/entities.yaml"));
        DirectoryStore store = new DirectoryStore(db);
        ops = new EntityOperations(entities, new AlarmRecipients(entities, store), new CustomEventCatalog(store));
    }

    @AfterContainer
    static void close() {
        db.close();
    }

    @Property(tries = 2000)
    void entityRequestsAnswerOrRefuseCleanly(@ForAll("entityish") String q) {
        try {
            ops.run(q, new UUID(0, 0));
        } catch (QueryParseException | RefusedException expected) {
            // the only allowed failures
        }
    }

    @Property(tries = 1000)
    void unicodeEntityRequestsAnswerOrRefuseCleanly(@ForAll String tail) {
        try {
            ops.run("entity=" + tail, new UUID(0, 0));
        } catch (QueryParseException | RefusedException expected) {
            // the only allowed failures
        }
    }

    @Property(tries = 2000)
    void subscriptionsParseOrRefuseCleanly(@ForAll("subscriptionish") String q) {
        try {
            SubscriptionQuery.parse(q, entities);
        } catch (QueryParseException | RefusedException expected) {
            // the only allowed failures
        }
    }

    @Provide
    Arbitrary<String> entityish() {
        Arbitrary<String> pieces = Arbitraries.of(
                "entity=",
                "00000003-0000-babe-0000-000000000001",
                "00000000-0000-0000-0000-000000000007",
                "{00000004-0000-babe-0000-000000000001}",
                "LogicalID(Alarm,1)",
                "LogicalID(User,1)",
                ",",
                "(",
                ")",
                "{",
                "}",
                "Recipients.Add",
                "Recipients.Remove",
                "Recipients.Clear()",
                "Recipients.Contains",
                "IsRecipient",
                "CustomEvents",
                "CustomEvents-",
                "CustomEvents.Add",
                "SupportedEvents",
                "SupportedCustomEvents",
                "Recipients",
                "00:00:30",
                "99:99:99",
                "12345",
                "-1",
                "Camera",
                "Name",
                " ",
                "\"",
                "%",
                "2147483648");
        return pieces.list().ofMaxSize(14).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> subscriptionish() {
        Arbitrary<String> pieces = Arbitraries.of(
                "event",
                "(",
                ")",
                ",",
                "Camera",
                "Door",
                "User",
                "CameraMotion",
                "AccessGranted",
                "LogicalID(Door,1)",
                "LogicalID(Door,0)",
                "{00000001-0000-babe-0000-000000000001}",
                "00000001-0000-babe-0000-000000000001",
                "{",
                "}",
                " ",
                "CustomEvent",
                "x");
        return pieces.list().ofMaxSize(16).map(l -> String.join("", l));
    }
}
