package dev.vigil.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.Event;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.entity.EntitiesFile;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.websdk.SubscriptionQuery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {
    private final EntityRegistry entities = EntitiesFile.load(Path.of("../../conf/entities.yaml"));
    private final VigilConfig.Streaming config = new VigilConfig.Streaming();
    private SessionRegistry registry;

    private SessionRegistry registry() {
        registry = new SessionRegistry(config, entities, new SimpleMeterRegistry());
        return registry;
    }

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    private Event motion(String camera) {
        var e = entities.resolve(camera, null);
        return Event.builder()
                .type("CameraMotion")
                .source(e.guid())
                .sourceType(e.type().name())
                .timestamp(Instant.now())
                .build();
    }

    private List<Session> readers(Event e) {
        List<Session> out = new ArrayList<>();
        registry.forEachReader(e, out::add);
        return out;
    }

    /** A stream that only records whether it was closed. */
    static final class RecordingSink implements StreamSink {
        final String id = UUID.randomUUID().toString();
        volatile String closedBecause;
        final List<byte[]> sent = new ArrayList<>();

        @Override
        public String connectionId() {
            return id;
        }

        @Override
        public synchronized void send(List<byte[]> parts) {
            sent.addAll(parts);
        }

        @Override
        public void close(String reason) {
            closedBecause = reason;
        }
    }

    @Test
    void onlySessionsWithAStreamAndAMatchingSubscriptionRead() {
        SessionRegistry r = registry();
        Session wide = r.session("admin", "Wide");
        Session one = r.session("admin", "One");
        Session noStream = r.session("admin", "NoStream");
        r.subscribe(wide, SubscriptionQuery.parse("event(Camera,CameraMotion)", entities));
        r.subscribe(
                one,
                SubscriptionQuery.parse(
                        "event(LogicalID(Camera,1),CameraMotion),event(Camera,CameraMotion)", entities));
        r.subscribe(noStream, SubscriptionQuery.parse("event(Camera,CameraMotion)", entities));
        r.attach(wide, new RecordingSink());
        r.attach(one, new RecordingSink());

        assertThat(readers(motion("LogicalID(Camera,1)"))).containsExactlyInAnyOrder(wide, one); // one, once
        r.unsubscribe(one, SubscriptionQuery.parse("event(LogicalID(Camera,2),CameraMotion)", entities));
        assertThat(readers(motion("LogicalID(Camera,2)"))).containsExactly(wide);
        assertThat(readers(motion("LogicalID(Camera,3)"))).containsExactlyInAnyOrder(wide, one);
        r.subscribe(one, SubscriptionQuery.parse("event(LogicalID(Camera,2),CameraMotion)", entities));
        assertThat(readers(motion("LogicalID(Camera,2)"))).containsExactlyInAnyOrder(wide, one);
    }

    @Test
    void limitsAreEnforcedWithAClearRefusal() {
        config.maxSubscriptionsPerSession = 2;
        config.maxStreamsPerSession = 1;
        config.maxSessions = 2;
        SessionRegistry r = registry();
        Session s = r.session("admin", "A");
        r.subscribe(s, SubscriptionQuery.parse("event(Camera,CameraMotion),event(Door,AccessGranted)", entities));
        assertThatThrownBy(() -> r.subscribe(s, SubscriptionQuery.parse("event(Door,AccessRefused)", entities)))
                .isInstanceOf(RefusedException.class)
                .hasMessageContaining("maxSubscriptionsPerSession");
        r.attach(s, new RecordingSink());
        assertThatThrownBy(() -> r.attach(s, new RecordingSink()))
                .isInstanceOf(RefusedException.class)
                .hasMessageContaining("maxStreamsPerSession");
        r.session("admin", "B");
        assertThatThrownBy(() -> r.session("admin", "C"))
                .isInstanceOf(RefusedException.class)
                .hasMessageContaining("maxSessions");
    }

    @Test
    void idleSessionsExpireUnlessSubscribedWithAnOpenStream() {
        config.sessionIdleTimeout = Duration.ofMillis(400);
        SessionRegistry r = registry();
        Session kept = r.session("admin", "Kept");
        r.subscribe(kept, SubscriptionQuery.parse("event(Camera,CameraMotion)", entities));
        r.attach(kept, new RecordingSink());
        Session streamOnly = r.session("admin", "StreamOnly");
        RecordingSink orphan = new RecordingSink();
        r.attach(streamOnly, orphan);
        Session idle = r.session("admin", "Idle");

        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        r.byId(idle.id()).isEmpty() && r.byId(streamOnly.id()).isEmpty());
        assertThat(orphan.closedBecause).isEqualTo("session expired");
        assertThat(r.byId(kept.id())).contains(kept);
        assertThat(r.session("admin", "Idle")).isNotSameAs(idle); // a new login gets a new session
    }
}
