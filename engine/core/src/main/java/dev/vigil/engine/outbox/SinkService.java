package dev.vigil.engine.outbox;

import dev.vigil.api.AlarmChange;
import dev.vigil.api.Event;
import dev.vigil.api.EventSink;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.alarm.AlarmListener;
import dev.vigil.engine.alarm.AlarmReplication;
import dev.vigil.engine.alarm.ClusterChange;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.ingest.EventListener;
import dev.vigil.engine.journal.Journal;
import dev.vigil.engine.rules.Sinks;
import dev.vigil.engine.store.AlarmStore;
import dev.vigil.engine.store.DeadLetterStore;
import dev.vigil.engine.store.RuleSendStore;
import dev.vigil.engine.store.SinkCursorStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox: fans journaled events and persisted alarm changes out to the running sink
 * instances that asked for them, and serves the rules' {@code sinks.send(...)}. Never blocks the
 * caller: each sink has its own bounded queue and thread.
 */
public final class SinkService implements EventListener, AlarmListener, Sinks, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkService.class);
    private final DeadLetters deadLetters;
    private final Function<String, UUID> userGuids;
    private final MeterRegistry meters;
    private final AlarmStore alarmStore;
    private final SinkCursorStore cursors;
    private final LongSupplier lastChangeId;
    private final Journal journal;
    private final Map<String, SinkRunner> runners = new ConcurrentHashMap<>();
    private final RuleSends ruleSends;
    private final AlarmReplication replication;
    /** On a cluster: the sinks run only on the node that owns partition 0 of the shared log (see {@link #lead}). */
    private final boolean clustered;
    /** Every instance the plugin host registered, running here or not. */
    private final Map<String, Registered> registered = new ConcurrentHashMap<>();

    private volatile boolean leading;
    /** Rule sends handed to a runner since this node took the lead: the store's pending ones not among them are new. */
    private final Set<Long> offeredSends = ConcurrentHashMap.newKeySet();

    private final java.util.concurrent.ScheduledExecutorService sendPoller;

    private record Registered(VigilConfig.PluginInstance config, EventSink sink) {}

    public SinkService(
            DeadLetters deadLetters,
            AlarmStore alarmStore,
            SinkCursorStore cursors,
            LongSupplier lastChangeId,
            Journal journal,
            MeterRegistry meters,
            Function<String, UUID> userGuids,
            RuleSendStore ruleSendStore,
            Clock clock,
            AlarmReplication replication) {
        this.replication = replication;
        this.ruleSends = new RuleSends(ruleSendStore, clock);
        this.userGuids = userGuids;
        this.deadLetters = deadLetters;
        this.alarmStore = alarmStore;
        this.cursors = cursors;
        this.lastChangeId = lastChangeId;
        this.journal = journal;
        this.meters = meters;
        this.clustered = replication.ordersTheCluster();
        this.leading = !clustered;
        this.sendPoller = clustered ? dev.vigil.engine.concurrent.Threads.scheduler("vigil-sink-sends") : null;
        replication.allChangesTo(this::onClusterChange);
        if (clustered) {
            // Rules on other nodes keep their sends in the store; the leading node picks them up.
            sendPoller.scheduleWithFixedDelay(this::pickUpSends, 500, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private void pickUpSends() {
        if (!leading) {
            return;
        }
        try {
            long offeredBefore =
                    offeredSends.stream().mapToLong(Long::longValue).max().orElse(0);
            long lowestPending = Long.MAX_VALUE;
            for (SinkRunner r : runners.values()) {
                for (RuleSendStore.Send s : ruleSends.pending(r.config().name)) {
                    lowestPending = Math.min(lowestPending, s.id());
                    if (offeredSends.add(s.id())) {
                        r.offer(Delivery.sentByRule(s.event(), s.id()));
                    }
                }
            }
            // Delivered sends leave the store: ids below every pending one (or, none pending, those offered
            // before this scan) will not come back.
            long below = lowestPending == Long.MAX_VALUE ? offeredBefore + 1 : lowestPending;
            offeredSends.removeIf(id -> id < below);
        } catch (RuntimeException e) {
            LOG.warn("Cannot read the rule sends other nodes kept: {}", e.getMessage());
        }
    }

    /**
     * On a cluster, whether this node runs the sinks: the node that owns partition 0 does, the others
     * do not, so each event goes out once per cluster. A node that takes the lead resumes each sink
     * from its cursor in the shared store (the event ids are the same on every node); one that loses
     * it stops them, their cursors saved.
     */
    public synchronized void lead(boolean lead) {
        if (lead == leading) {
            return;
        }
        leading = lead;
        offeredSends.clear();
        LOG.info(
                lead ? "This node now runs the sinks {} for the cluster" : "This node no longer runs the sinks {}",
                new TreeSet<>(registered.keySet()));
        for (Registered r : registered.values()) {
            if (lead) {
                start(r.config(), r.sink());
            } else {
                SinkRunner runner = runners.remove(r.config().name);
                if (runner != null) {
                    runner.stop();
                }
            }
        }
    }

    /**
     * Starts delivering to a sink instance. A sink seen before first gets what was stored since it
     * last delivered (after a restart, a crash, or its plugin JAR removed and put back): alarm
     * changes from the store, then events from the journal. A new one starts from now rather than
     * replaying all history.
     */
    public synchronized void register(VigilConfig.PluginInstance config, EventSink sink) {
        registered.put(config.name, new Registered(config, sink));
        if (leading) {
            start(config, sink);
        }
    }

    private void start(VigilConfig.PluginInstance config, EventSink sink) {
        SinkCursorStore.Cursor live = new SinkCursorStore.Cursor(
                clustered ? replication.lastPosition() : lastChangeId.getAsLong(), journal.lastSequence());
        Optional<SinkCursorStore.Cursor> saved = cursors.get(config.name);
        SinkCursorStore.Cursor cursor = saved.orElse(live);
        if (saved.isEmpty()) {
            cursors.put(config.name, live);
        } else if (cursor.changeId() < live.changeId() || cursor.eventSequence() < live.eventSequence()) {
            LOG.info(
                    "Sink '{}' resumes after alarm change {} and event {}: what was stored since comes first",
                    config.name,
                    cursor.changeId(),
                    cursor.eventSequence());
        }
        SinkRunner runner = new SinkRunner(
                config.name,
                sink,
                config,
                deadLetters,
                backlog(config.name),
                cursors,
                cursor,
                meters,
                ruleSends::forget);
        // Registered once per name and read through the map, so a restarted instance is the one measured.
        Gauge.builder("vigil.sink.queue.depth", runners, m -> {
                    SinkRunner r = m.get(config.name);
                    return r == null ? 0 : r.queueSize();
                })
                .tag("sink", config.name)
                .description("items waiting in the sink's queue")
                .register(meters);
        SinkRunner previous = runners.put(config.name, runner);
        if (previous != null) {
            previous.stop();
        }
        runner.start();
        // Rule sends kept for this sink and not delivered before it stopped (a restart, a crash) come first.
        for (RuleSendStore.Send s : ruleSends.pending(config.name)) {
            if (!clustered || offeredSends.add(s.id())) {
                runner.offer(Delivery.sentByRule(s.event(), s.id()));
            }
        }
    }

    private SinkBacklog backlog(String sink) {
        return new SinkBacklog() {
            @Override
            public List<Delivery> changesAfter(long position, int limit) {
                List<Delivery> out = new ArrayList<>();
                if (clustered) {
                    for (ClusterChange c : replication.changesAfter(position, limit)) {
                        out.add(Delivery.ofChange(describe(c), c.position()));
                    }
                } else {
                    for (AlarmChange c : storedChangesAfter(position, limit)) {
                        out.add(Delivery.ofChange(c));
                    }
                }
                return out;
            }

            @Override
            public void eventsAfter(long sequence, Consumer<Event> feed) {
                long[] expected = {sequence + 1};
                journal.replay(sequence, e -> {
                    // A cluster's ids are not consecutive (see ClusterSequence): a gap there is no loss.
                    if (!clustered && e.getSequence() > expected[0]) {
                        LOG.warn(
                                "Sink '{}' skips events {}..{}: the journal holds none of them (pruned while the sink "
                                        + "was away, damaged, or never handed out after a recovery)",
                                sink,
                                expected[0],
                                e.getSequence() - 1);
                    }
                    expected[0] = e.getSequence() + 1;
                    feed.accept(e);
                });
            }
        };
    }

    private List<AlarmChange> storedChangesAfter(long changeId, int limit) {
        List<AlarmChange> out = new ArrayList<>();
        for (AlarmStore.StoredChange c : alarmStore.changesBetween(changeId, Long.MAX_VALUE, limit)) {
            out.add(new AlarmChange(
                    c.kind(),
                    c.alarm().snapshot(userGuids.apply(c.alarm().getAckBy())),
                    Instant.ofEpochMilli(c.atMillis()),
                    c.changeId()));
        }
        return out;
    }

    private AlarmChange describe(ClusterChange c) {
        return new AlarmChange(
                c.kind(),
                c.alarm().snapshot(userGuids.apply(c.alarm().getAckBy())),
                Instant.ofEpochMilli(c.atMillis()),
                c.changeId());
    }

    /** On a cluster: any node's change, in the cluster's order; the leading node hands it to its sinks. */
    private void onClusterChange(ClusterChange c) {
        if (!leading) {
            return;
        }
        AlarmChange change = null;
        for (SinkRunner r : runners.values()) {
            if (r.config().alarms) {
                if (change == null) {
                    change = describe(c);
                }
                r.offer(Delivery.ofChange(change, c.position()));
            }
        }
    }

    public synchronized void unregister(String name) {
        registered.remove(name);
        SinkRunner r = runners.remove(name);
        if (r != null) {
            r.stop();
        }
    }

    /**
     * The lowest journal sequence a running event sink still needs, or {@code Long.MAX_VALUE}: the
     * journal keeps segments at least until then, so a slow sink does not lose its backlog.
     */
    public long oldestNeededSequence() {
        long oldest = Long.MAX_VALUE;
        for (SinkRunner r : runners.values()) {
            if (r.config().events) {
                oldest = Math.min(oldest, r.handledSequence());
            }
        }
        return oldest;
    }

    /** Every running instance, by name. */
    /** Whether events rules sent to this sink wait in the store, not yet delivered (rule tests wait on it). */
    public boolean hasUndeliveredSends(String sink) {
        return !ruleSends.pending(sink).isEmpty();
    }

    public List<SinkStatus> status() {
        return runners.values().stream()
                .map(SinkRunner::status)
                .sorted(Comparator.comparing(SinkStatus::name))
                .toList();
    }

    /**
     * Hands a dead letter's item to its sink again, out of band (its cursor is not moved): the event
     * is read back from the journal, the alarm change from the store, so what is retried is what was
     * stored, not a copy.
     *
     * @throws RefusedException when the sink is not running or the item is no longer kept
     */
    public void retry(DeadLetterStore.DeadLetter letter) {
        SinkRunner r = runners.get(letter.sink());
        if (r == null) {
            throw new RefusedException(
                    ErrorCode.INVALID_OPERATION,
                    "dead letter " + letter.id() + " belongs to sink '" + letter.sink()
                            + "', which is not running; running sinks: " + new TreeSet<>(runners.keySet()));
        }
        String key = letter.itemKey();
        if (key.startsWith("event-")) {
            long seq = Long.parseLong(key.substring(6));
            Event[] found = {null};
            journal.scan(seq - 1, e -> {
                if (e.getSequence() == seq) {
                    found[0] = e;
                }
                return false;
            });
            if (found[0] == null) {
                throw new RefusedException(
                        ErrorCode.INVALID_OPERATION,
                        "event " + seq + " of dead letter " + letter.id()
                                + " is no longer in the journal; discard the dead letter");
            }
            r.offer(new Delivery(found[0], null, 0, true));
        } else if (key.startsWith("alarm-change-")) {
            long id = Long.parseLong(key.substring(13));
            AlarmChange change = storedChangesAfter(id - 1, 1).stream()
                    .filter(c -> c.changeId() == id)
                    .findFirst()
                    .orElseThrow(() -> new RefusedException(
                            ErrorCode.INVALID_OPERATION,
                            "alarm change " + id + " of dead letter " + letter.id() + " is not in the store"));
            r.offer(new Delivery(null, change, 0, true));
        } else {
            throw new RefusedException(
                    ErrorCode.INVALID_OPERATION,
                    "dead letter " + letter.id() + " holds an item Vigil cannot read back (" + key + ")");
        }
    }

    public Set<String> running() {
        return Set.copyOf(runners.keySet());
    }

    @Override
    public void onEvents(List<Event> journaled) {
        for (SinkRunner r : runners.values()) {
            if (r.config().events) {
                for (Event e : journaled) {
                    r.offer(Delivery.ofEvent(e));
                }
            }
        }
    }

    @Override
    public void onAlarmChange(AlarmChange change, Alarm alarm) {
        if (clustered) {
            // On a cluster the sinks take every node's changes in the cluster's order (onClusterChange).
            return;
        }
        for (SinkRunner r : runners.values()) {
            if (r.config().alarms) {
                r.offer(Delivery.ofChange(change));
            }
        }
    }

    @Override
    public void send(String sinkName, Event event) {
        SinkRunner r = runners.get(sinkName);
        if (r == null && clustered && registered.containsKey(sinkName)) {
            // The sink runs on the node that leads; it picks the send up from the store.
            ruleSends.keep(sinkName, event, id -> {});
            return;
        }
        if (r == null) {
            LOG.warn(
                    "Rule sent {} to sink '{}', which is not running; running sinks: {}",
                    event,
                    sinkName,
                    runners.keySet());
            return;
        }
        // Kept in the store off the rules thread first; then handed to the sink with the row's id.
        ruleSends.keep(sinkName, event, id -> {
            SinkRunner now = runners.get(sinkName);
            if (now != null && (!clustered || offeredSends.add(id))) {
                now.offer(Delivery.sentByRule(event, id));
            }
        });
    }

    @Override
    public long sendTicket() {
        return ruleSends.ticket();
    }

    @Override
    public boolean isSent(long ticket) {
        return ruleSends.isSettled(ticket);
    }

    @Override
    public void close() {
        if (sendPoller != null) {
            sendPoller.shutdownNow();
        }
        for (String name : List.copyOf(runners.keySet())) {
            unregister(name);
        }
        ruleSends.close();
    }
}
