package dev.vigil.engine.alarm;

import dev.vigil.api.AlarmChange;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.entity.EntityType;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.store.AlarmStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locking and persistence for the alarm instances; the moves themselves are {@link Alarm}'s. A
 * move happens in memory under one lock (microseconds), then goes to the {@link AlarmPersister}
 * in the same order; every returned future completes
 * only once the change is in the store. Instance and change ids continue from the store's
 * highest at start, so they keep increasing across restarts.
 */
public final class AlarmService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmService.class);

    private final EntityRegistry entities;
    private final AlarmStore store;
    private final Clock clock;
    /** Changed only under {@link #lock} (so moves apply in order); read without it. */
    private final ActiveAlarms active = new ActiveAlarms();

    private final AlarmIds ids;
    private final AlarmReplication replication;
    private final List<AlarmListener> listeners = new CopyOnWriteArrayList<>();
    private final AlarmPersister persister;
    /** Orders every move: the active map's changes and their hand-over to the persister happen under it. */
    private final Object lock = new Object();

    public AlarmService(AlarmStore store, EntityRegistry entities, Clock clock) {
        this(store, entities, clock, AlarmIds.continuing(store), AlarmReplication.NONE);
    }

    /** @param replication on a cluster, how this node's changes reach the others and theirs reach it */
    public AlarmService(
            AlarmStore store, EntityRegistry entities, Clock clock, AlarmIds ids, AlarmReplication replication) {
        this.store = store;
        this.entities = entities;
        this.clock = clock;
        this.ids = ids;
        this.replication = replication;
        replication.beforeLoad();
        for (Alarm a : store.loadActive()) {
            active.apply(a);
        }
        this.persister = new AlarmPersister(store, listeners, entities::userGuid, replication);
        replication.follow(this);
        LOG.info("Alarm service ready: {} active instance(s)", active.size());
    }

    /**
     * This node's own change coming back in the cluster's order: applied again, silently, so that when
     * another node changed the same instance meanwhile, the one the order puts last stays.
     */
    public void applyOwnEcho(Alarm after) {
        synchronized (lock) {
            active.apply(after);
        }
    }

    /**
     * A change another node of the cluster made and stored: this node's view follows it, and the
     * listeners that follow other nodes are told (not the sinks: the other node's deliver it).
     */
    public void applyRemote(AlarmChange.Kind kind, Alarm after, long atMillis, long changeId) {
        synchronized (lock) {
            active.apply(after);
        }
        AlarmChange change = new AlarmChange(
                kind, after.snapshot(entities.userGuid(after.getAckBy())), Instant.ofEpochMilli(atMillis), changeId);
        for (AlarmListener l : listeners) {
            if (!l.followsOtherNodes()) {
                continue;
            }
            try {
                l.onAlarmChange(change, after);
            } catch (RuntimeException e) {
                LOG.error(
                        "Alarm listener {} failed on another node's change {} of alarm instance {}",
                        l.getClass().getSimpleName(),
                        changeId,
                        after.getInstanceId(),
                        e);
            }
        }
    }

    public void addListener(AlarmListener listener) {
        listeners.add(listener);
    }

    /** Active instances, oldest first. */
    public List<Alarm> active() {
        List<Alarm> list = new ArrayList<>(active.all());
        list.sort(Comparator.comparingLong(Alarm::getInstanceId));
        return list;
    }

    public int activeCount() {
        return active.size();
    }

    public boolean isActive(UUID alarmGuid) {
        return active.all().stream().anyMatch(a -> a.getAlarmGuid().equals(alarmGuid));
    }

    public CompletableFuture<Alarm> trigger(TriggerRequest req) {
        return trigger(req, 0);
    }

    /**
     * Replays after a crash run the rules again over events whose triggers may already be stored:
     * the keys of those stored triggers, loaded for the replayed range, make a repeat a no-op.
     */
    private volatile Set<String> storedDuringReplay = Set.of();

    /** Called before the rules replay events after {@code checkpoint}; {@link #replayDone} ends it. */
    public void replayFrom(long checkpoint) {
        storedDuringReplay = store.triggersCausedAfter(checkpoint);
        if (!storedDuringReplay.isEmpty()) {
            LOG.info(
                    "{} trigger(s) from events after sequence {} are already stored; the replay will not repeat them",
                    storedDuringReplay.size(),
                    checkpoint);
        }
    }

    public void replayDone() {
        storedDuringReplay = Set.of();
    }

    /**
     * A trigger made by a rule for the journaled event {@code causeSequence} (0: not from a rule's
     * event). Completes with null when a replay finds this very trigger already stored.
     */
    public CompletableFuture<Alarm> trigger(TriggerRequest req, long causeSequence) {
        if (causeSequence > 0
                && !storedDuringReplay.isEmpty()
                && storedDuringReplay.contains(AlarmStore.triggerKey(
                        causeSequence, req.alarm(), req.source() == null ? new UUID(0, 0) : req.source()))) {
            return CompletableFuture.completedFuture(null);
        }
        Entity alarmEntity = entities.get(req.alarm())
                .filter(e -> e.type() == EntityType.Alarm)
                .orElseThrow(() -> new AlarmException(ErrorCode.UNKNOWN_ENTITY, "no alarm entity " + req.alarm()));
        int priority = req.priority() == 0 ? alarmEntity.priority() : req.priority();
        if (priority < 1 || priority > 255) {
            throw new AlarmException(ErrorCode.INVALID_VALUE, "priority " + priority + " is outside 1..255");
        }
        Instant now = clock.instant();
        UUID source = req.source() == null ? new UUID(0, 0) : req.source();
        synchronized (lock) {
            Alarm repeat = reactivationCandidate(alarmEntity, source, now);
            if (repeat != null) {
                return change(
                        AlarmChange.Kind.RETRIGGERED, repeat.retrigger(priority, now), req.by(), now, causeSequence);
            }
            Alarm.Draft d = new Alarm.Draft();
            d.instanceId = ids.nextInstanceId();
            d.alarmGuid = alarmEntity.guid();
            d.alarmName = alarmEntity.name();
            d.sourceGuid = source;
            d.triggerEvent = req.triggerEvent();
            d.priority = priority;
            d.contentPriority = req.priority();
            d.context = req.context();
            d.attachedEntities = req.attachedEntities();
            d.forwardedRecipients = req.forwardedRecipients();
            if (!req.forwardedRecipients().isEmpty()) {
                d.forwards = List.of(new Alarm.Forward(req.by(), req.forwardedRecipients(), now));
            }
            d.urls = req.urls();
            d.triggerTime = now;
            d.creationTime = now;
            d.lastTriggerTime = now;
            d.ackConditionId = req.ackConditionId();
            d.userAckRequired = req.userAckRequired();
            d.latitude = req.latitude();
            d.longitude = req.longitude();
            d.contextBy = req.by();
            d.rule = req.rule();
            return change(AlarmChange.Kind.TRIGGERED, d.build(), req.by(), now, causeSequence);
        }
    }

    /** A repeat inside the alarm's reactivation threshold folds into the active instance. */
    private Alarm reactivationCandidate(Entity alarmEntity, UUID source, Instant now) {
        Duration threshold = alarmEntity.reactivationThreshold();
        if (threshold.isZero()) {
            return null;
        }
        for (Alarm a : active.of(alarmEntity.guid(), source)) {
            if (!a.getLastTriggerTime().plus(threshold).isBefore(now)) {
                return a;
            }
        }
        return null;
    }

    /**
     * @param alarmGuid when not null, the instance must belong to this alarm
     * @param type {@link AckType#FORCED} bypasses the acknowledgement condition
     */
    public CompletableFuture<Alarm> acknowledge(long instanceId, UUID alarmGuid, AckType type, String by) {
        synchronized (lock) {
            Instant now = clock.instant();
            return change(
                    AlarmChange.Kind.ACKNOWLEDGED,
                    requireActive(instanceId, alarmGuid).acknowledge(type, by, now),
                    by,
                    now);
        }
    }

    public CompletableFuture<Alarm> investigate(long instanceId, UUID alarmGuid, String by) {
        synchronized (lock) {
            Instant now = clock.instant();
            return change(
                    AlarmChange.Kind.INVESTIGATING,
                    requireActive(instanceId, alarmGuid).investigate(by, now),
                    by,
                    now);
        }
    }

    public CompletableFuture<Alarm> forward(long instanceId, Collection<UUID> recipients, String by) {
        for (UUID r : recipients) {
            entities.get(r)
                    .filter(e -> e.type() == EntityType.User || e.type() == EntityType.UserGroup)
                    .orElseThrow(() -> new AlarmException(
                            ErrorCode.UNKNOWN_ENTITY, "recipient " + r + " is not a configured user or user group"));
        }
        synchronized (lock) {
            Instant now = clock.instant();
            return change(
                    AlarmChange.Kind.FORWARDED, requireActive(instanceId, null).forward(recipients, by, now), by, now);
        }
    }

    public CompletableFuture<Alarm> editContext(long instanceId, UUID alarmGuid, String context, String by) {
        synchronized (lock) {
            return change(
                    AlarmChange.Kind.CONTEXT_EDITED,
                    requireActive(instanceId, alarmGuid).editContext(context, by),
                    by,
                    clock.instant());
        }
    }

    /** Clears the condition on every active instance triggered by {@code source} with {@code conditionId}. */
    public List<CompletableFuture<Alarm>> clearSourceCondition(UUID source, int conditionId, String by) {
        List<CompletableFuture<Alarm>> done = new ArrayList<>();
        synchronized (lock) {
            Instant now = clock.instant();
            for (Alarm a : active()) {
                if (a.getSourceGuid().equals(source)
                        && a.getAckConditionId() == conditionId
                        && !a.isSourceConditionCleared()) {
                    done.add(change(AlarmChange.Kind.SOURCE_CONDITION_CLEARED, a.clearSourceCondition(), by, now));
                }
            }
        }
        return done;
    }

    private Alarm requireActive(long instanceId, UUID alarmGuid) {
        Alarm a = active.get(instanceId);
        if (a == null) {
            throw new AlarmException(
                    ErrorCode.UNKNOWN_ALARM_INSTANCE, "alarm instance " + instanceId + " is not active");
        }
        if (alarmGuid != null && !a.getAlarmGuid().equals(alarmGuid)) {
            throw new AlarmException(
                    ErrorCode.INVALID_VALUE,
                    "alarm instance " + instanceId + " belongs to alarm " + a.getAlarmGuid() + ", not " + alarmGuid);
        }
        return a;
    }

    private CompletableFuture<Alarm> change(AlarmChange.Kind kind, Alarm after, String by, Instant at) {
        return change(kind, after, by, at, 0);
    }

    private CompletableFuture<Alarm> change(
            AlarmChange.Kind kind, Alarm after, String by, Instant at, long causeSequence) {
        active.apply(after);
        CompletableFuture<Alarm> done = new CompletableFuture<>();
        // Submitted under the lock so the store sees changes in the same order as memory.
        persister.submit(new AlarmPersister.Item(
                new AlarmStore.StoredChange(ids.nextChangeId(), kind, after, at.toEpochMilli(), by, causeSequence),
                done));
        return done;
    }

    /** The highest change id handed out so far (persisted or on its way to the store). */
    public long lastChangeId() {
        return ids.lastChangeId();
    }

    /** Alarm changes that may wait for the store; beyond, whoever makes a change waits. */
    public static final int PERSIST_QUEUE_CAPACITY = 100_000;

    /** A ticket for every alarm change made so far; {@link #isStored} says when they are all written. */
    public long persistTicket() {
        return persister.submitted();
    }

    /** True once every change made before {@code ticket} was taken has been written (or refused) by the store. */
    public boolean isStored(long ticket) {
        return persister.settled() >= ticket;
    }

    public int persistBacklog() {
        return persister.backlog();
    }

    @Override
    public void close() {
        persister.close();
        replication.close();
    }
}
