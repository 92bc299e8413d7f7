package dev.vigil.engine.outbox;

import dev.vigil.api.EventSink;
import dev.vigil.engine.config.VigilConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers to one sink instance on its own thread, one item at a time, in order: first the alarm
 * changes and then the journaled events it missed while it was not running, then what arrives live. A failed
 * item is retried with exponential backoff (capped at 60 s) up to {@code maxAttempts}, then
 * dead-lettered. A full queue dead-letters the newcomer at once: the sink is behind, and nothing
 * else waits for it. How far it got (alarm change id, journal sequence) is saved about once a
 * second, so after a stop or a crash the sink resumes from there (at least once: up to a second again).
 */
final class SinkRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SinkRunner.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final String name;
    private final EventSink sink;
    private final VigilConfig.PluginInstance config;
    private final DeadLetters deadLetters;
    private final BlockingQueue<Delivery> queue;
    private final Thread thread;
    private final Counter delivered;
    private final Counter failed;
    private final dev.vigil.engine.store.SinkCursorStore cursors;
    private volatile boolean running = true;
    private List<Delivery> backlog = List.of();
    private java.util.function.Consumer<java.util.function.Consumer<dev.vigil.api.Event>> missedEvents;
    private long handledChangeId;
    private volatile long handledSequence;
    private dev.vigil.engine.store.SinkCursorStore.Cursor saved;
    private long lastSave = System.nanoTime();

    SinkRunner(String name, EventSink sink, VigilConfig.PluginInstance config, DeadLetters deadLetters,
               dev.vigil.engine.store.SinkCursorStore cursors, dev.vigil.engine.store.SinkCursorStore.Cursor cursor,
               MeterRegistry meters) {
        this.cursors = cursors;
        this.handledChangeId = cursor.changeId();
        this.handledSequence = cursor.eventSequence();
        this.saved = cursor;
        this.name = name;
        this.sink = sink;
        this.config = config;
        this.deadLetters = deadLetters;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity);
        this.delivered = Counter.builder("vigil.sink.delivered").tag("sink", name).register(meters);
        this.failed = Counter.builder("vigil.sink.failures").tag("sink", name).register(meters);
        this.thread = new Thread(this::loop, "vigil-sink-" + name);
        this.thread.setDaemon(true);
    }

    /**
     * Starts delivering: the alarm changes in {@code missed} first (oldest first), then the events
     * {@code events} feeds (a journal replay, or null), then the live queue.
     */
    void start(List<Delivery> missed,
               java.util.function.Consumer<java.util.function.Consumer<dev.vigil.api.Event>> events) {
        this.backlog = missed;
        this.missedEvents = events;
        thread.start();
    }

    int queueSize() {
        return queue.size();
    }

    /** The highest journal sequence this sink has handled (delivered or dead-lettered). */
    long handledSequence() {
        return handledSequence;
    }

    VigilConfig.PluginInstance config() {
        return config;
    }

    void offer(Delivery d) {
        if (!queue.offer(d)) {
            deadLetters.add(name, d, "sink queue full (" + config.queueCapacity + " items waiting)");
        }
    }

    private void loop() {
        for (Delivery d : backlog) {
            if (!running) {
                return;
            }
            deliver(d);
        }
        backlog = List.of();
        if (missedEvents != null) {
            missedEvents.accept(e -> {
                if (running) {
                    deliver(new Delivery(e, null, 0));
                }
            });
            missedEvents = null;
        }
        while (running) {
            Delivery d;
            try {
                d = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (d != null) {
                deliver(d);
            }
            saveCursor(false);
        }
    }

    private void handled(Delivery d) {
        if (d.change() != null && d.change().changeId() > handledChangeId) {
            handledChangeId = d.change().changeId();
        }
        if (d.event() != null && d.event().getSequence() > handledSequence) {
            handledSequence = d.event().getSequence();
        }
    }

    private void saveCursor(boolean now) {
        var current = new dev.vigil.engine.store.SinkCursorStore.Cursor(handledChangeId, handledSequence);
        if (current.equals(saved) || (!now && System.nanoTime() - lastSave < 1_000_000_000L)) {
            return;
        }
        try {
            cursors.put(name, current);
            saved = current;
            lastSave = System.nanoTime();
        } catch (RuntimeException e) {
            LOG.warn("Sink {} cannot save how far it got ({}); it will resend from {} after a restart", name,
                    e.getMessage(), saved);
        }
    }

    private void deliver(Delivery first) {
        Delivery d = first;
        Duration backoff = config.backoff;
        while (true) {
            d = d.retried();
            try {
                if (d.event() != null) {
                    sink.onEvent(d.event());
                } else {
                    sink.onAlarmChange(d.change());
                }
                delivered.increment();
                handled(d);
                return;
            } catch (Exception | LinkageError e) {
                failed.increment();
                String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
                if (d.attempts() >= config.maxAttempts || !running) {
                    deadLetters.add(name, d, reason);
                    handled(d);
                    return;
                }
                LOG.warn("Sink {} failed on {} (attempt {} of {}): {}; retrying in {} ms", name, d.key(), d.attempts(),
                        config.maxAttempts, reason, backoff.toMillis());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    if (d.change() == null) {
                        deadLetters.add(name, d, "stopped while retrying: " + reason);
                    }
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Stops the thread. Alarm changes still queued stay behind the saved cursor and are resent
     * when the sink runs again; events still queued are dead-lettered so they are not lost.
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
        for (Delivery d; (d = queue.poll()) != null; ) {
            if (d.change() == null) {
                deadLetters.add(name, d.retried(), "sink " + name + " stopped before delivery");
            }
        }
        try {
            sink.stop();
        } catch (Exception | LinkageError e) {
            LOG.warn("Sink {} failed to stop cleanly: {}", name, e.getMessage());
        }
    }
}
