package dev.vigil.engine.alarm;

import dev.vigil.api.AlarmChange;
import dev.vigil.engine.concurrent.BatchingWorker;
import dev.vigil.engine.store.AlarmStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes alarm changes to the store in groups (one transaction per group), then completes each
 * caller's future and tells the listeners, in change order. Nothing is reported before it is
 * stored. A failed transaction fails the callers of that group; their in-memory change stands
 * (it is logged) since the state machine already moved, and the next restart reloads the store.
 */
final class AlarmPersister {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmPersister.class);
    private static final int MAX_GROUP = 1024;
    private static final Duration LINGER = Duration.ofMillis(2);

    record Item(AlarmStore.StoredChange change, CompletableFuture<Alarm> done) {}

    private final AlarmStore store;
    private final AlarmReplication replication;
    private final List<AlarmListener> listeners;
    private final Function<String, UUID> userGuids;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>(AlarmService.PERSIST_QUEUE_CAPACITY);
    private final BatchingWorker<Item> worker;
    /** Changes handed in, and changes whose store write is over (stored or refused): FIFO, so a ticket tells. */
    private final AtomicLong submitted = new AtomicLong();

    private final AtomicLong settled = new AtomicLong();

    AlarmPersister(AlarmStore store, List<AlarmListener> listeners, Function<String, UUID> userGuids) {
        this(store, listeners, userGuids, AlarmReplication.NONE);
    }

    /** @param replication on a cluster, puts each group in the cluster's order before it is stored */
    AlarmPersister(
            AlarmStore store,
            List<AlarmListener> listeners,
            Function<String, UUID> userGuids,
            AlarmReplication replication) {
        this.replication = replication;
        this.userGuids = userGuids;
        this.store = store;
        this.listeners = listeners;
        this.worker = new BatchingWorker<>(
                        "vigil-alarm-persister", queue, MAX_GROUP, Duration.ofMillis(100), this::persist)
                // Each group is one commit that writes the store's pages: under load, fewer and larger
                // groups (and more repeats folded in them) for at most this much delay of a report.
                .linger(LINGER)
                .start();
    }

    /** Blocks when the persister is far behind, which slows the producer instead of losing changes. */
    void submit(Item item) {
        try {
            synchronized (submitted) {
                queue.put(item);
                submitted.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            item.done().completeExceptionally(e);
        }
    }

    private void persist(List<Item> group) {
        Map<Item, List<CompletableFuture<Alarm>>> foldedInto = new IdentityHashMap<>();
        List<Item> kept = fold(group, foldedInto);
        List<AlarmStore.StoredChange> changes = new ArrayList<>(kept.size());
        for (Item i : kept) {
            changes.add(i.change());
        }
        try {
            long[] positions = replication.publish(changes);
            if (positions == null) {
                store.save(changes);
            } else {
                store.saveOrdered(changes, positions);
            }
        } catch (RuntimeException e) {
            LOG.error(
                    "Alarm store refused {} change(s) (first: alarm instance {}): {}",
                    changes.size(),
                    changes.get(0).alarm().getInstanceId(),
                    e.getMessage());
            settled.addAndGet(group.size());
            for (Item i : group) {
                i.done().completeExceptionally(e);
            }
            return;
        }
        for (Item i : kept) {
            AlarmStore.StoredChange sc = i.change();
            AlarmChange change = new AlarmChange(
                    sc.kind(),
                    sc.alarm().snapshot(userGuids.apply(sc.alarm().getAckBy())),
                    Instant.ofEpochMilli(sc.atMillis()),
                    sc.changeId());
            for (AlarmListener l : listeners) {
                try {
                    l.onAlarmChange(change, sc.alarm());
                } catch (RuntimeException e) {
                    LOG.error(
                            "Alarm listener {} failed on change {} of alarm instance {}",
                            l.getClass().getSimpleName(),
                            sc.changeId(),
                            sc.alarm().getInstanceId(),
                            e);
                }
            }
            i.done().complete(sc.alarm());
            for (CompletableFuture<Alarm> earlier : foldedInto.getOrDefault(i, List.of())) {
                earlier.complete(sc.alarm());
            }
        }
        // Settled once stored and reported: whoever waits on a ticket (a rule test moving its clock) then
        // knows the rules thread has the change waiting for it, not only the store.
        settled.addAndGet(group.size());
    }

    /**
     * A hot camera repeats its alarm many times a second: when the persister is behind, a group holds
     * runs of repeats of one instance. Each run (nothing else of that instance between) folds into its
     * last repeat, which carries the instance's final count and time and the causes of the others: one
     * row, one report to the streams, sinks and rules instead of one each. Change ids stay increasing.
     */
    static List<Item> fold(List<Item> group, Map<Item, List<CompletableFuture<Alarm>>> foldedInto) {
        Item[] kept = group.toArray(new Item[0]);
        Map<Long, Integer> openRun = new HashMap<>();
        boolean any = false;
        for (int i = 0; i < kept.length; i++) {
            Item it = kept[i];
            long instance = it.change().alarm().getInstanceId();
            if (it.change().kind() != AlarmChange.Kind.RETRIGGERED) {
                openRun.remove(instance);
                continue;
            }
            Integer previous = openRun.put(instance, i);
            if (previous != null) {
                Item earlier = kept[previous];
                kept[previous] = null;
                Item merged = new Item(it.change().foldIn(earlier.change()), it.done());
                List<CompletableFuture<Alarm>> waiting = new ArrayList<>(foldedInto.getOrDefault(earlier, List.of()));
                foldedInto.remove(earlier);
                waiting.add(earlier.done());
                foldedInto.put(merged, waiting);
                kept[i] = merged;
                any = true;
            }
        }
        if (!any) {
            return group;
        }
        List<Item> out = new ArrayList<>(kept.length);
        for (Item i : kept) {
            if (i != null) {
                out.add(i);
            }
        }
        return out;
    }

    /** The number of changes handed in so far: a ticket that {@link #settled()} passes once they are written. */
    long submitted() {
        return submitted.get();
    }

    long settled() {
        return settled.get();
    }

    int backlog() {
        return queue.size();
    }

    void close() {
        worker.close(Duration.ofSeconds(10));
    }
}
