package dev.vigil.engine.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.vigil.engine.store.DeadLetterStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes undeliverable items to the dead-letter table on a thread of its own, so a sink's
 * trouble never puts JDBC on the ingest or rules path. If even this queue overflows, the loss is
 * logged with the item's key (events stay in the journal under their sequence number).
 */
public final class DeadLetters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private record Letter(String sink, Delivery delivery, String error) {
    }

    private final DeadLetterStore store;
    private final Clock clock;
    private final BlockingQueue<Letter> queue = new ArrayBlockingQueue<>(100_000);
    private final Counter written;
    private final Thread thread;
    private volatile boolean running = true;

    public DeadLetters(DeadLetterStore store, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.clock = clock;
        this.written = Counter.builder("vigil.sink.deadletters").description("items dead-lettered").register(meters);
        this.thread = new Thread(this::loop, "vigil-dead-letters");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void add(String sink, Delivery d, String error) {
        if (!queue.offer(new Letter(sink, d, error))) {
            LOG.error("Dead-letter queue full: {} for sink {} could not be recorded ({})", d.key(), sink, error);
        }
    }

    private void loop() {
        while (running || !queue.isEmpty()) {
            try {
                Letter l = queue.poll(200, TimeUnit.MILLISECONDS);
                if (l == null) {
                    continue;
                }
                Object item = l.delivery.event() != null ? l.delivery.event() : l.delivery.change();
                store.add(l.sink, l.delivery.kind(), l.delivery.key(), JSON.writeValueAsString(item), l.error,
                        l.delivery.attempts(), clock.millis());
                written.increment();
                LOG.warn("Sink {} gave up on {} after {} attempt(s): {}", l.sink, l.delivery.key(),
                        l.delivery.attempts(), l.error);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (JsonProcessingException | RuntimeException e) {
                LOG.error("Cannot record a dead letter: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
