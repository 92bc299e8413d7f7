package dev.vigil.engine.stream;

import dev.vigil.api.Event;
import dev.vigil.engine.concurrent.Threads;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.entity.EntityType;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Web SDK sessions, their subscriptions and streams, and an index from (event type, entity or
 * entity type) to subscribed sessions so that the fan-out finds an event's readers with two map
 * lookups. A session lives while its user makes requests, or while it has both a subscription and
 * an open stream; otherwise it expires after {@code streaming.sessionIdleTimeout}.
 */
public final class SessionRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);
    private final VigilConfig.Streaming config;
    private final EntityRegistry entities;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byPrincipal = new ConcurrentHashMap<>();
    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Map<IndexKey, Set<Session>> index = new ConcurrentHashMap<>();
    private final Set<Session> monitoring = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService reaper;

    private record IndexKey(String eventType, Object target) {}

    public SessionRegistry(VigilConfig.Streaming config, EntityRegistry entities, MeterRegistry meters) {
        this.config = config;
        this.entities = entities;
        Gauge.builder("vigil.stream.sessions", byId, Map::size)
                .description("open Web SDK sessions")
                .register(meters);
        Gauge.builder("vigil.stream.connections", this, SessionRegistry::streamCount)
                .description("open event stream connections")
                .register(meters);
        this.reaper = Threads.scheduler("vigil-session-reaper");
        long every = Math.max(100, Math.min(10_000, config.sessionIdleTimeout.toMillis() / 4));
        reaper.scheduleWithFixedDelay(this::expireIdle, every, every, TimeUnit.MILLISECONDS);
    }

    /** The caller's session, made on first use. */
    public Session session(String user, String applicationId) {
        String key = user + ";" + applicationId;
        Session s = byPrincipal.get(key);
        if (s != null && !s.expired()) {
            s.touch();
            return s;
        }
        synchronized (this) {
            s = byPrincipal.get(key);
            if (s != null && !s.expired()) {
                s.touch();
                return s;
            }
            if (byId.size() >= config.maxSessions) {
                throw new RefusedException(
                        ErrorCode.TOO_MANY_SESSIONS,
                        "the server holds " + config.maxSessions
                                + " sessions (streaming.maxSessions); retry once idle ones expire");
            }
            UUID userGuid = entities.userGuid(user);
            byte[] raw = new byte[18];
            random.nextBytes(raw);
            s = new Session(Base64.getUrlEncoder().withoutPadding().encodeToString(raw), user, applicationId, userGuid);
            byPrincipal.put(key, s);
            byId.put(s.id(), s);
            LOG.info(
                    "Session {} opened for {}{}", shortId(s), user, applicationId.isEmpty() ? "" : ";" + applicationId);
            return s;
        }
    }

    /** Keeps an existing session alive; never creates one (requests that do not need a session stay cheap). */
    public void touch(String user, String applicationId) {
        Session s = byPrincipal.get(user + ";" + applicationId);
        if (s != null) {
            s.touch();
        }
    }

    public Optional<Session> byId(String id) {
        Session s = id == null ? null : byId.get(id);
        return s == null || s.expired() ? Optional.empty() : Optional.of(s);
    }

    public Collection<Session> sessions() {
        return byId.values();
    }

    public void subscribe(Session s, List<SubscriptionSpec> specs) {
        synchronized (s) {
            int room = config.maxSubscriptionsPerSession - s.subscriptionCount();
            long fresh =
                    specs.stream().distinct().filter(spec -> !holds(s, spec)).count();
            if (fresh > room) {
                throw new RefusedException(
                        ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                        "a session holds at most "
                                + config.maxSubscriptionsPerSession
                                + " subscriptions (streaming.maxSubscriptionsPerSession); "
                                + "this one has " + s.subscriptionCount());
            }
            for (SubscriptionSpec spec : specs) {
                Session.TypeSubscriptions t =
                        s.subscriptions().computeIfAbsent(spec.eventType(), k -> new Session.TypeSubscriptions());
                if (spec.typeWide()) {
                    t.wide.add(spec.entityType());
                    t.excluded.removeIf(g -> entities.get(g)
                            .map(e -> e.type() == spec.entityType())
                            .orElse(true));
                    indexed(spec.eventType(), spec.entityType()).add(s);
                } else {
                    t.entities.add(spec.entity());
                    t.excluded.remove(spec.entity());
                    indexed(spec.eventType(), spec.entity()).add(s);
                }
            }
        }
    }

    private static boolean holds(Session s, SubscriptionSpec spec) {
        Session.TypeSubscriptions t = s.subscriptions().get(spec.eventType());
        return t != null && (spec.typeWide() ? t.wide.contains(spec.entityType()) : t.entities.contains(spec.entity()));
    }

    public void unsubscribe(Session s, List<SubscriptionSpec> specs) {
        synchronized (s) {
            for (SubscriptionSpec spec : specs) {
                Session.TypeSubscriptions t = s.subscriptions().get(spec.eventType());
                if (t == null) {
                    continue;
                }
                if (spec.typeWide()) {
                    t.wide.remove(spec.entityType());
                    unindex(s, spec.eventType(), spec.entityType());
                    List<UUID> ofType = t.entities.stream()
                            .filter(g -> entities.get(g)
                                    .map(e -> e.type() == spec.entityType())
                                    .orElse(false))
                            .toList();
                    for (UUID g : ofType) {
                        t.entities.remove(g);
                        unindex(s, spec.eventType(), g);
                    }
                    t.excluded.removeIf(g -> entities.get(g)
                            .map(e -> e.type() == spec.entityType())
                            .orElse(true));
                } else {
                    t.entities.remove(spec.entity());
                    unindex(s, spec.eventType(), spec.entity());
                    boolean coveredByType = entities.get(spec.entity())
                            .map(e -> t.wide.contains(e.type()))
                            .orElse(false);
                    if (coveredByType) {
                        t.excluded.add(spec.entity());
                    }
                }
                if (t.size() == 0) {
                    s.subscriptions().remove(spec.eventType());
                }
            }
        }
    }

    /** The seed's shape: one item per event type, with every entity GUID it covers now. */
    /** One event type a session subscribes to, with every entity it covers now. */
    public record Subscribed(String eventType, List<String> entities) {}

    public List<Subscribed> subscribed(Session s) {
        List<Subscribed> out = new ArrayList<>();
        synchronized (s) {
            s.subscriptions().forEach((type, t) -> {
                Set<String> guids = new LinkedHashSet<>();
                t.entities.forEach(g -> guids.add(g.toString()));
                for (EntityType wide : t.wide) {
                    for (Entity e : entities.ofType(wide)) {
                        if (!t.excluded.contains(e.guid())) {
                            guids.add(e.guid().toString());
                        }
                    }
                }
                out.add(new Subscribed(type, List.copyOf(guids)));
            });
        }
        return out;
    }

    /** Calls {@code reader} once for each session subscribed to this event that has a stream open. */
    void forEachReader(Event e, Consumer<Session> reader) {
        Set<Session> direct = index.get(new IndexKey(e.getType(), e.getSource()));
        Set<Session> wide = index.get(new IndexKey(e.getType(), entityTypeOf(e)));
        if (direct != null) {
            for (Session s : direct) {
                if (s.hasStreams()) {
                    reader.accept(s);
                }
            }
        }
        if (wide != null) {
            for (Session s : wide) {
                if (s.hasStreams()
                        && (direct == null || !direct.contains(s))
                        && !s.excludes(e.getType(), e.getSource())) {
                    reader.accept(s);
                }
            }
        }
    }

    private static Object entityTypeOf(Event e) {
        return EntityType.parse(e.getSourceType()).orElse(null);
    }

    public void attach(Session s, StreamSink sink) {
        if (s.streams().size() >= config.maxStreamsPerSession) {
            throw new RefusedException(
                    ErrorCode.TOO_MANY_CONNECTIONS,
                    "a session holds at most "
                            + config.maxStreamsPerSession + " streams (streaming.maxStreamsPerSession); close one with "
                            + "POST /events/closeconnection/{id}");
        }
        s.streams().put(sink.connectionId(), sink);
        s.touch();
    }

    public void detach(Session s, String connectionId) {
        s.streams().remove(connectionId);
        s.touch();
    }

    /** Closes one of the session's streams; false when it has none with that id. */
    public boolean closeConnection(Session s, String connectionId) {
        StreamSink sink = s.streams().remove(connectionId);
        if (sink == null) {
            return false;
        }
        sink.close("closed by POST /events/closeconnection");
        return true;
    }

    public void alarmMonitoring(Session s, boolean on) {
        if (on && !s.expired()) {
            monitoring.add(s);
        } else {
            monitoring.remove(s);
        }
    }

    /** Sessions with alarm monitoring on: the only ones an alarm change has to look at. */
    Collection<Session> monitoring() {
        return monitoring;
    }

    int streamCount() {
        int n = 0;
        for (Session s : byId.values()) {
            n += s.streams().size();
        }
        return n;
    }

    private Set<Session> indexed(String eventType, Object target) {
        return index.computeIfAbsent(new IndexKey(eventType, target), k -> ConcurrentHashMap.newKeySet());
    }

    private void unindex(Session s, String eventType, Object target) {
        IndexKey key = new IndexKey(eventType, target);
        index.computeIfPresent(key, (k, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
    }

    void expireIdle() {
        long now = System.nanoTime();
        long timeout = config.sessionIdleTimeout.toNanos();
        for (Session s : List.copyOf(byId.values())) {
            if (s.hasStreams() && s.hasSubscriptions()) {
                s.touch();
            } else if (now - s.lastSeenNanos() > timeout) {
                expire(s);
            }
        }
    }

    private void expire(Session s) {
        s.markExpired();
        monitoring.remove(s);
        byId.remove(s.id());
        byPrincipal.remove(s.user() + ";" + s.applicationId(), s);
        synchronized (s) {
            s.subscriptions().forEach((type, t) -> {
                t.wide.forEach(w -> unindex(s, type, w));
                t.entities.forEach(g -> unindex(s, type, g));
            });
            s.subscriptions().clear();
        }
        for (StreamSink sink : List.copyOf(s.streams().values())) {
            sink.close("session expired");
        }
        s.streams().clear();
        LOG.info("Session {} of {} expired after {} idle", shortId(s), s.user(), config.sessionIdleTimeout);
    }

    private static String shortId(Session s) {
        return s.id().substring(0, 6) + "…";
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        for (Session s : byId.values()) {
            for (StreamSink sink : List.copyOf(s.streams().values())) {
                sink.close("server stopping");
            }
        }
    }
}
