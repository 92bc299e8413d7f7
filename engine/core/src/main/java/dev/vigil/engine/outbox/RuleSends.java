package dev.vigil.engine.outbox;

import dev.vigil.api.Event;
import dev.vigil.engine.concurrent.BatchingWorker;
import dev.vigil.engine.store.RuleSendStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@code sinks.send} from a rule as safe as any other delivery: the event is written to the
 * store off the rules thread, then handed to the sink with the row's id, and the row goes once the
 * sink delivered or dead-lettered it. The rules checkpoint waits for the write (a ticket, as for
 * alarm changes), so a crash before it replays the event through the rules and the send happens
 * again; a crash after it finds the row at the next start.
 */
final class RuleSends implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RuleSends.class);

    /** What the writer thread does: keep a send, or forget a delivered one. */
    private sealed interface Item permits Keep, Forget {}

    private record Keep(String sink, Event event, LongConsumer kept) implements Item {}

    private record Forget(long id) implements Item {}

    private final RuleSendStore store;
    private final Clock clock;
    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(100_000);
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong settled = new AtomicLong();
    private final BatchingWorker<Item> worker;

    RuleSends(RuleSendStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.worker =
                new BatchingWorker<Item>("vigil-rule-sends", queue, 256, Duration.ofMillis(200), this::write).start();
    }

    /**
     * Keeps a send; {@code kept} gets the row id on the writer thread, once it is in the store. Waits
     * when the writer is far behind rather than lose the send.
     */
    void keep(String sink, Event event, LongConsumer kept) {
        try {
            synchronized (submitted) {
                queue.put(new Keep(sink, event, kept));
                submitted.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The send was delivered or dead-lettered: its row can go. */
    void forget(long id) {
        if (!queue.offer(new Forget(id))) {
            LOG.warn(
                    "Rule send {} was delivered but its row stays (the writer is far behind); it may be sent again"
                            + " after a restart",
                    id);
        }
    }

    /** The number of sends kept or asked for so far: a ticket that {@link #isSettled} passes once written. */
    long ticket() {
        return submitted.get();
    }

    boolean isSettled(long ticket) {
        return settled.get() >= ticket;
    }

    List<RuleSendStore.Send> pending(String sink) {
        return store.pending(sink);
    }

    private void write(List<Item> batch) throws InterruptedException {
        for (Item item : batch) {
            if (item instanceof Keep k) {
                k.kept().accept(keepUntilStored(k));
                settled.incrementAndGet();
            } else if (item instanceof Forget f) {
                try {
                    store.delete(f.id());
                } catch (RuntimeException e) {
                    LOG.warn(
                            "Rule send {} was delivered but its row stays ({}); it may be sent again after a restart",
                            f.id(),
                            e.getMessage());
                }
            }
        }
    }

    /** A store that refuses holds the send (and the rules checkpoint) until it answers again. */
    private long keepUntilStored(Keep k) throws InterruptedException {
        Duration wait = Duration.ofMillis(100);
        while (true) {
            try {
                return store.add(k.sink(), k.event(), clock.millis());
            } catch (RuntimeException e) {
                LOG.warn(
                        "Cannot keep a rule send to {} ({}); trying again in {} ms",
                        k.sink(),
                        e.getMessage(),
                        wait.toMillis());
                Thread.sleep(wait.toMillis());
                wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                        ? Duration.ofSeconds(5)
                        : wait.multipliedBy(2);
            }
        }
    }

    @Override
    public void close() {
        worker.close(Duration.ofSeconds(5));
    }
}
