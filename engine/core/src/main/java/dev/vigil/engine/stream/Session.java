package dev.vigil.engine.stream;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.vigil.engine.entity.EntityType;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A session: one per login (user and application id). It holds the subscriptions and the open
 * streams (whether it monitors alarms is kept by the {@link SessionRegistry}). Subscription state is
 * guarded by the session's own lock; the fan-out reads it through the registry's index.
 */
public final class Session {
    private final String id;
    private final String user;
    private final String applicationId;
    private final UUID userGuid;
    private volatile long lastSeenNanos;
    private final Map<String, StreamSink> streams = new ConcurrentHashMap<>();

    @GuardedBy("this")
    private final Map<String, TypeSubscriptions> byEventType = new LinkedHashMap<>();

    private volatile boolean expired;

    /** What one session asked for, for one event type. */
    static final class TypeSubscriptions {
        final Set<EntityType> wide = new HashSet<>();
        final Set<UUID> entities = new LinkedHashSet<>();
        /** Entities unsubscribed one by one while their type stays subscribed. */
        final Set<UUID> excluded = new HashSet<>();

        int size() {
            return wide.size() + entities.size();
        }
    }

    Session(String id, String user, String applicationId, UUID userGuid) {
        this.id = id;
        this.user = user;
        this.applicationId = applicationId;
        this.userGuid = userGuid;
        touch();
    }

    public String id() {
        return id;
    }

    public String user() {
        return user;
    }

    public String applicationId() {
        return applicationId;
    }

    /** The user's entity GUID (entities.yaml user with the login name), or null when there is none. */
    public UUID userGuid() {
        return userGuid;
    }

    void touch() {
        lastSeenNanos = System.nanoTime();
    }

    long lastSeenNanos() {
        return lastSeenNanos;
    }

    Map<String, StreamSink> streams() {
        return streams;
    }

    public boolean hasStreams() {
        return !streams.isEmpty();
    }

    boolean expired() {
        return expired;
    }

    void markExpired() {
        expired = true;
    }

    synchronized Map<String, TypeSubscriptions> subscriptions() {
        return byEventType;
    }

    synchronized int subscriptionCount() {
        int n = 0;
        for (TypeSubscriptions t : byEventType.values()) {
            n += t.size();
        }
        return n;
    }

    synchronized boolean hasSubscriptions() {
        return !byEventType.isEmpty();
    }

    /** For a type-wide match: false when this entity was unsubscribed on its own. */
    synchronized boolean excludes(String eventType, UUID entity) {
        TypeSubscriptions t = byEventType.get(eventType);
        return t != null && t.excluded.contains(entity);
    }
}
