package dev.vigil.engine.concurrent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named daemon thread that takes what others put in a bounded queue, in batches, and hands each
 * batch to a handler: the journal writer, the alarm persister, the stream fan-out and the dead-letter
 * writer are each one of these. The owner keeps the queue (and decides what to do when it is full);
 * the worker only takes from it.
 *
 * <p><b>Stopping.</b> {@link #close(Duration)} lets the thread handle every item queued so far, then
 * end; it waits up to the given time for that. If the thread is still busy then, it is interrupted
 * and what is left in the queue is counted in a warning: the owner's recovery (the journal's replay,
 * the store's reload) covers it, which is why a bounded wait is safe. A batch that throws is logged
 * and the thread goes on with the next; an interrupt ends the thread.
 *
 * @param <T> what the queue holds
 */
public final class BatchingWorker<T> {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingWorker.class);

    /** What the worker does with each batch, on its thread. */
    public interface Handler<T> {
        void handle(List<T> batch) throws InterruptedException;

        /** Called when nothing arrived for the idle interval. */
        default void idle() {}
    }

    private final String name;
    private final BlockingQueue<T> queue;
    private final int maxBatch;
    private final ToIntFunction<T> weight;
    private final long idleMillis;
    private volatile long lingerNanos;
    private final Handler<T> handler;
    private final Thread thread;
    private volatile boolean stopping;

    /**
     * @param maxBatch the most a batch weighs (the first item always goes in, whatever it weighs)
     * @param weight what one item counts for toward {@code maxBatch} (the journal counts events, not appends)
     * @param idle how long to wait for an item before calling {@link Handler#idle()}
     */
    public BatchingWorker(
            String name,
            BlockingQueue<T> queue,
            int maxBatch,
            ToIntFunction<T> weight,
            Duration idle,
            Handler<T> handler) {
        this.name = name;
        this.queue = queue;
        this.maxBatch = maxBatch;
        this.weight = weight;
        this.idleMillis = idle.toMillis();
        this.handler = handler;
        this.thread = Threads.daemon(name, this::loop);
    }

    /** Items count one each toward {@code maxBatch}. */
    public BatchingWorker(String name, BlockingQueue<T> queue, int maxBatch, Duration idle, Handler<T> handler) {
        this(name, queue, maxBatch, item -> 1, idle, handler);
    }

    /**
     * After the first item of a batch, waits up to {@code linger} for more before handling it: for a
     * worker whose every batch costs a fixed price (a store commit), fewer, larger batches under load,
     * at the price of that much delay.
     */
    public BatchingWorker<T> linger(Duration linger) {
        this.lingerNanos = linger.toNanos();
        return this;
    }

    public BatchingWorker<T> start() {
        thread.start();
        return this;
    }

    private void loop() {
        List<T> batch = new ArrayList<>();
        while (!stopping || !queue.isEmpty()) {
            try {
                T first = queue.poll(idleMillis, TimeUnit.MILLISECONDS);
                if (first == null) {
                    handler.idle();
                    continue;
                }
                batch.add(first);
                int weighs = weight.applyAsInt(first);
                long lingerUntil = lingerNanos == 0 ? 0 : System.nanoTime() + lingerNanos;
                while (weighs < maxBatch) {
                    T next = queue.poll();
                    if (next == null && lingerUntil != 0 && !stopping) {
                        long left = lingerUntil - System.nanoTime();
                        next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                    }
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    weighs += weight.applyAsInt(next);
                }
                handler.handle(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("{} failed on a batch of {} item(s); it goes on with the next", name, batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }

    /** Handles what is queued, then ends; see the class comment. */
    public void close(Duration drainFor) {
        stopping = true;
        try {
            thread.join(drainFor.toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(1_000);
                LOG.warn(
                        "{} stopped after {} ms with {} item(s) still queued", name, drainFor.toMillis(), queue.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
