package dev.vigil.engine.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.vigil.engine.concurrent.BatchingWorker;
import dev.vigil.engine.store.DeadLetterStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes undeliverable items to the dead-letter table. A sink's own thread writes its dead letters
 * at once ({@link #record}), so its cursor moves past an item only once the item's letter is stored.
 * Callers that must not wait on JDBC (the rules thread, for an event a rule sent to a full sink)
 * hand the letter to a thread of this class ({@link #add}); if even that queue overflows, the loss is
 * logged with the item's key. Gave-up lines are summarised: one per sink per ten seconds, then a count.
 */
public final class DeadLetters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private record Letter(String sink, Delivery delivery, String error) {}

    private final DeadLetterStore store;
    private final Clock clock;
    private final BlockingQueue<Letter> queue = new ArrayBlockingQueue<>(100_000);
    private final Counter written;
    private final BatchingWorker<Letter> worker;
    private final Map<String, Summary> summaries = new ConcurrentHashMap<>();

    /** Dead letters of one sink since its last log line. */
    private static final class Summary {
        @GuardedBy("this")
        long windowStart;

        @GuardedBy("this")
        int suppressed;

        @GuardedBy("this")
        String lastKey;

        @GuardedBy("this")
        String lastError;
    }

    public DeadLetters(DeadLetterStore store, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.clock = clock;
        this.written = Counter.builder("vigil.sink.deadletters")
                .description("items dead-lettered")
                .register(meters);
        this.worker = new BatchingWorker<>(
                        "vigil-dead-letters", queue, 64, Duration.ofMillis(200), new BatchingWorker.Handler<Letter>() {
                            @Override
                            public void handle(List<Letter> batch) {
                                recordAll(batch);
                            }

                            @Override
                            public void idle() {
                                flushQuietSummaries();
                            }
                        })
                .start();
    }

    void add(String sink, Delivery d, String error) {
        if (!queue.offer(new Letter(sink, d, error))) {
            LOG.error("Dead-letter queue full: {} for sink {} could not be recorded ({})", d.key(), sink, error);
        }
    }

    /**
     * Stores the dead letter now, on the caller's thread. False when the store refused it: the
     * caller still holds the item and must not move past it.
     */
    boolean record(String sink, Delivery d, String error) {
        Object item = d.event() != null ? d.event() : d.change();
        try {
            store.add(sink, d.kind(), d.key(), JSON.writeValueAsString(item), error, d.attempts(), clock.millis());
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.error(
                    "Sink {} cannot record the dead letter of {}: {}; the item is kept and tried again",
                    sink,
                    d.key(),
                    e.getMessage());
            return false;
        }
        written.increment();
        logGaveUp(sink, d, error);
        return true;
    }

    private void logGaveUp(String sink, Delivery d, String error) {
        Summary s = summaries.computeIfAbsent(sink, k -> new Summary());
        synchronized (s) {
            long now = System.nanoTime();
            if (s.lastKey == null || now - s.windowStart > 10_000_000_000L) {
                flush(sink, s);
                LOG.warn("Sink {} gave up on {} after {} attempt(s): {}", sink, d.key(), d.attempts(), error);
                s.windowStart = now;
                s.lastKey = d.key();
            } else {
                s.suppressed++;
                s.lastKey = d.key();
                s.lastError = error;
            }
        }
    }

    private static void flush(String sink, Summary s) {
        if (s.suppressed > 0) {
            LOG.warn(
                    "Sink {} gave up on {} more item(s) in the last {} s, the last {}: {}",
                    sink,
                    s.suppressed,
                    Math.max(1, (System.nanoTime() - s.windowStart) / 1_000_000_000L),
                    s.lastKey,
                    s.lastError);
            s.suppressed = 0;
        }
    }

    private void flushQuietSummaries() {
        long now = System.nanoTime();
        summaries.forEach((sink, s) -> {
            synchronized (s) {
                if (s.suppressed > 0 && now - s.windowStart > 10_000_000_000L) {
                    flush(sink, s);
                    s.windowStart = now;
                }
            }
        });
    }

    private void recordAll(List<Letter> letters) {
        for (Letter l : letters) {
            record(l.sink, l.delivery, l.error);
        }
    }

    @Override
    public void close() {
        worker.close(Duration.ofSeconds(5));
        summaries.forEach((sink, s) -> {
            synchronized (s) {
                flush(sink, s);
            }
        });
    }
}
