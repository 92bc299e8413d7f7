package dev.vigil.engine.outbox;

import dev.vigil.api.EventSink;
import dev.vigil.api.PermanentDeliveryException;
import dev.vigil.api.RetryLaterException;
import dev.vigil.engine.concurrent.Threads;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.store.SinkCursorStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers to one sink instance on its own thread, one item at a time, in order. The cursor (last
 * alarm change id, last journal sequence) moves only past an item that was delivered or whose dead
 * letter is in the store, and is saved about once a second; after a stop or a crash the sink reads
 * what follows its cursor from the store and the journal (at least once: up to a second again).
 *
 * <p>The live queue is a shortcut, not the record: when it is full the newcomer is dropped and the
 * sink is marked behind; once it gets to that point it reads the gap from the store and the journal,
 * skipping what its cursor says it already handled. A slow sink thus costs neither memory nor data.
 * Only events that rules send ({@code sinks.send}) are not in a stream the sink can re-read: when the
 * queue is full those are dead-lettered at once.
 *
 * <p>With {@code batch.size} above 1 or a {@code batch.window}, items are handed to the sink's
 * {@code onBatch} together: a full batch at once, a smaller one when the window since the previous
 * call has passed (so the first item after a quiet spell goes at once, and a burst is folded into
 * the next call).
 *
 * <p>A failed item (or batch) is retried with exponential backoff (capped at 60 s) up to {@code maxAttempts},
 * then dead-lettered; if even the dead-letter write fails, the item is tried again later rather
 * than passed over.
 */
final class SinkRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SinkRunner.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final int PAGE = 1000;

    private final String name;
    private final EventSink sink;
    private final VigilConfig.PluginInstance config;
    private final DeadLetters deadLetters;
    private final SinkBacklog backlog;
    private final SinkCursorStore cursors;
    private final BlockingQueue<Delivery> queue;
    private final LongConsumer forgetSend;
    private final AtomicBoolean behind = new AtomicBoolean(true);
    private final Thread thread;
    private final Counter delivered;
    private final Counter failed;
    private final Counter overflowed;
    private volatile boolean running = true;
    /** The latest failure, for GET /sinks: what the receiver or the plugin said, and when. */
    private volatile String lastError;

    private volatile long lastErrorAtMillis;
    private volatile long handledChangeId;
    private volatile long handledSequence;
    private SinkCursorStore.Cursor saved;
    private long lastSave = System.nanoTime();
    /** Items waiting for the batch to fill or its window to end; the cursor does not cover them yet. */
    private final List<Delivery> pending = new ArrayList<>();
    /** The highest id and sequence taken into a batch: the live queue and the catch-up skip what is at or below. */
    private long takenChangeId;

    private long takenSequence;
    private long lastFlush;

    SinkRunner(
            String name,
            EventSink sink,
            VigilConfig.PluginInstance config,
            DeadLetters deadLetters,
            SinkBacklog backlog,
            SinkCursorStore cursors,
            SinkCursorStore.Cursor cursor,
            MeterRegistry meters,
            LongConsumer forgetSend) {
        this.forgetSend = forgetSend;
        this.name = name;
        this.sink = sink;
        this.config = config;
        this.deadLetters = deadLetters;
        this.backlog = backlog;
        this.cursors = cursors;
        this.handledChangeId = cursor.changeId();
        this.handledSequence = cursor.eventSequence();
        this.saved = cursor;
        this.takenChangeId = cursor.changeId();
        this.takenSequence = cursor.eventSequence();
        this.lastFlush = System.nanoTime() - config.batch.window.toNanos();
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity);
        this.delivered = Counter.builder("vigil.sink.delivered")
                .tag("sink", name)
                .description("items the sink delivered")
                .register(meters);
        this.failed = Counter.builder("vigil.sink.failures")
                .tag("sink", name)
                .description("failed delivery attempts (retried, then dead-lettered)")
                .register(meters);
        this.overflowed = Counter.builder("vigil.sink.behind")
                .tag("sink", name)
                .description("items left to be re-read from the journal or store because the sink queue was full")
                .register(meters);
        this.thread = Threads.daemon("vigil-sink-" + name, this::loop);
    }

    /** Starts delivering: first what follows the saved cursor in the store and the journal, then the live queue. */
    void start() {
        thread.start();
    }

    int queueSize() {
        return queue.size();
    }

    /** What GET /sinks shows of this instance. */
    SinkStatus status() {
        return new SinkStatus(
                name,
                config.type,
                config.events,
                config.alarms,
                queue.size(),
                behind.get(),
                (long) delivered.count(),
                (long) failed.count(),
                lastError,
                lastErrorAtMillis,
                handledSequence,
                handledChangeId);
    }

    /** The highest journal sequence this sink has handled (delivered or dead-lettered). */
    long handledSequence() {
        return handledSequence;
    }

    VigilConfig.PluginInstance config() {
        return config;
    }

    void offer(Delivery d) {
        if (d.sendId() > 0) {
            // A kept rule send, handed over by the writer thread of the sends (never the rules thread): it
            // waits for room rather than be dead-lettered, since the store holds it anyway.
            // If the sink stops meanwhile, the send stays in the store for its next start.
            try {
                while (running && !queue.offer(d, 200, TimeUnit.MILLISECONDS)) {
                    // waiting for room
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (queue.offer(d)) {
            return;
        }
        if (d.fromRule()) {
            deadLetters.add(name, d.retried(), "sink queue full (" + config.queueCapacity + " items waiting)");
        } else {
            overflowed.increment();
            behind.set(true);
        }
    }

    private void loop() {
        while (running) {
            if (behind.getAndSet(false)) {
                // What waits for the window goes first: the catch-up reads after it.
                flush();
                try {
                    catchUp();
                } catch (RuntimeException e) {
                    // The store or journal could not be read (disk full, database down): try again shortly.
                    behind.set(true);
                    LOG.warn(
                            "Sink {} cannot read what it missed ({}); trying again in {} ms",
                            name,
                            e.getMessage(),
                            config.backoff.toMillis());
                    try {
                        Thread.sleep(config.backoff.toMillis());
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
                continue;
            }
            Delivery d;
            try {
                d = queue.poll(pollMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (d != null) {
                take(d);
                List<Delivery> more = new ArrayList<>();
                queue.drainTo(more, Math.max(0, config.batch.size - pending.size()));
                more.forEach(this::take);
            }
            if (pending.size() >= config.batch.size || (!pending.isEmpty() && windowOver())) {
                flush();
            }
            saveCursor(false);
        }
    }

    private long pollMillis() {
        if (pending.isEmpty()) {
            return 200;
        }
        long left = TimeUnit.NANOSECONDS.toMillis(lastFlush + config.batch.window.toNanos() - System.nanoTime());
        return Math.max(1, Math.min(200, left));
    }

    private boolean windowOver() {
        return System.nanoTime() - lastFlush >= config.batch.window.toNanos();
    }

    /** Adds a new item to what waits for the next call to the sink; an item the cursor says was handled is dropped. */
    private void take(Delivery d) {
        if (d.fromRule()) {
            pending.add(d);
        } else if (d.change() != null
                ? d.changePosition() > takenChangeId
                : d.event().getSequence() > takenSequence) {
            pending.add(d);
            if (d.change() != null) {
                takenChangeId = d.changePosition();
            } else {
                takenSequence = d.event().getSequence();
            }
        }
        if (pending.size() >= config.batch.size) {
            flush();
        }
    }

    /** Reads everything after the cursor from the store and the journal; the live queue's copies are then skipped. */
    private void catchUp() {
        if (config.alarms) {
            List<Delivery> page;
            do {
                page = backlog.changesAfter(takenChangeId, PAGE);
                for (Delivery c : page) {
                    if (!running) {
                        return;
                    }
                    take(c);
                }
                flush();
                saveCursor(false);
            } while (page.size() == PAGE && running);
        }
        if (config.events) {
            backlog.eventsAfter(takenSequence, e -> {
                if (running) {
                    take(Delivery.ofEvent(e));
                    saveCursor(false);
                }
            });
            flush();
        }
    }

    private void handled(Delivery d) {
        if (d.sendId() > 0) {
            forgetSend.accept(d.sendId());
        }
        if (d.fromRule()) {
            return;
        }
        if (d.change() != null) {
            handledChangeId = Math.max(handledChangeId, d.changePosition());
        } else {
            handledSequence = Math.max(handledSequence, d.event().getSequence());
        }
    }

    private void saveCursor(boolean now) {
        SinkCursorStore.Cursor current = new SinkCursorStore.Cursor(handledChangeId, handledSequence);
        if (current.equals(saved) || (!now && System.nanoTime() - lastSave < 1_000_000_000L)) {
            return;
        }
        try {
            cursors.put(name, current);
            saved = current;
            lastSave = System.nanoTime();
        } catch (RuntimeException e) {
            LOG.warn(
                    "Sink {} cannot save how far it got ({}); it will resend from {} after a restart",
                    name,
                    e.getMessage(),
                    saved);
        }
    }

    /** The longest a receiver's Retry-After is honoured; a longer one is taken as this. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<Delivery> batch = List.copyOf(pending);
        pending.clear();
        deliver(batch);
        lastFlush = System.nanoTime();
    }

    /**
     * Delivers one batch with retries; returns once every item is delivered or dead-lettered, or the
     * runner stops. The batch is all or nothing: a failed call is retried whole.
     */
    private void deliver(List<Delivery> first) {
        List<Delivery> batch = first;
        Duration backoff = config.backoff;
        while (running) {
            batch = batch.stream().map(Delivery::retried).toList();
            int attempts = batch.get(0).attempts();
            String reason;
            boolean permanent = false;
            Duration wait = backoff;
            try {
                sink.onBatch(batch.stream().map(Delivery::item).toList());
                delivered.increment(batch.size());
                batch.forEach(this::handled);
                return;
            } catch (PermanentDeliveryException e) {
                // The receiver refused this for good: retrying would only repeat its answer.
                failed.increment();
                permanent = true;
                reason = "refused for good: " + e.getMessage();
            } catch (RetryLaterException e) {
                failed.increment();
                reason = e.getClass().getSimpleName() + ": " + e.getMessage();
                wait = max(backoff, min(e.retryAfter(), MAX_RETRY_AFTER));
            } catch (Exception | LinkageError e) {
                failed.increment();
                reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            String what = batch.size() == 1
                    ? batch.get(0).key()
                    : batch.size() + " items from " + batch.get(0).key();
            lastError = what + ": " + reason;
            lastErrorAtMillis = System.currentTimeMillis();
            if (permanent || attempts >= config.maxAttempts) {
                List<Delivery> kept = new ArrayList<>();
                for (Delivery d : batch) {
                    if (deadLetters.record(name, d, reason)) {
                        handled(d);
                    } else {
                        // The store refused the dead letter too: keep the item, and try it again later.
                        kept.add(d.withAttempts(0));
                    }
                }
                if (kept.isEmpty()) {
                    return;
                }
                batch = kept;
            } else {
                LOG.warn(
                        "Sink {} failed on {} (attempt {} of {}): {}; retrying in {} ms",
                        name,
                        what,
                        attempts,
                        config.maxAttempts,
                        reason,
                        wait.toMillis());
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException ie) {
                for (Delivery d : batch) {
                    if (d.fromRule() && d.sendId() == 0) {
                        // A kept rule send stays in the store and comes again at the next start.
                        deadLetters.record(name, d, "sink " + name + " stopped while retrying: " + reason);
                    }
                }
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /**
     * Stops the thread. Items still queued from the journal or the store stay behind the saved cursor
     * and are read again when the sink runs again; rule-sent events still queued are dead-lettered.
     */
    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        saveCursor(true);
        List<Delivery> left = new ArrayList<>(pending);
        pending.clear();
        queue.drainTo(left);
        for (Delivery d : left) {
            if (d.fromRule() && d.sendId() == 0) {
                deadLetters.record(name, d.retried(), "sink " + name + " stopped before delivery");
            }
        }
        try {
            sink.stop();
        } catch (Exception | LinkageError e) {
            LOG.warn("Sink {} failed to stop cleanly: {}", name, e.getMessage());
        }
    }
}
