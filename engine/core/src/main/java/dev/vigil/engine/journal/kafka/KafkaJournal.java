package dev.vigil.engine.journal.kafka;

import dev.vigil.api.Event;
import dev.vigil.engine.concurrent.Threads;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.journal.EventCodec;
import dev.vigil.engine.journal.Journal;
import dev.vigil.engine.journal.JournalFullException;
import dev.vigil.engine.journal.JournalOpenException;
import dev.vigil.engine.journal.ReadBack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of a cluster: a Kafka topic every node appends to and reads all of.
 *
 * <p>An append sends each event keyed by its {@link CorrelationKey}, so one key's events keep their
 * order in one partition, and completes once every in-sync replica has them (acks=all, idempotent
 * producer). The events then come back to every node through its reader, which stamps them with
 * their {@link ClusterSequence} and releases them in one {@link MergedOrder}: the same ids in the
 * same order on every node. Each node also sends every partition a tick every {@code tickInterval}
 * (unless it just sent the partition an event), so a quiet partition does not hold the others
 * back; readers skip ticks. The newest events stay in memory ({@link RecentEvents}); older ones are
 * read back from the topic ({@link TopicScan}).
 *
 * <p>The events an append completes with carry no sequence yet (0): it is known once read back.
 */
public final class KafkaJournal implements Journal, ReadBack {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaJournal.class);
    /** How far back a starting reader fills its memory from. */
    private static final Duration READ_BACK = Duration.ofMinutes(10);
    /** Events sent but not yet acknowledged before appends are refused (the producer's buffer bound). */
    private static final int MAX_IN_FLIGHT = 50_000;

    private final VigilConfig.Kafka config;
    private final KafkaClients clients;
    private final CorrelationKey key;
    private final int partitions;
    private final String nodeName;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicIntegerArray sentSinceTick;
    private final RecentEvents recent;
    private final ScheduledExecutorService ticker;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread reader;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Object firstLock = new Object();
    private volatile Consumer<List<Event>> delivery;
    private volatile boolean running = true;
    private volatile long lastSequence;
    private volatile Throwable readerFailure;
    private long firstSequence;
    private long firstCheckedNanos;
    private long lastTickWarning;
    private long lastUnreadableWarning;

    private KafkaJournal(VigilConfig.Kafka config, KafkaClients clients, int partitions, String nodeName) {
        this.config = config;
        this.clients = clients;
        this.partitions = partitions;
        this.nodeName = nodeName;
        this.key = CorrelationKey.parse(config.key);
        this.sentSinceTick = new AtomicIntegerArray(partitions);
        this.producer = clients.producer();
        this.consumer = clients.reader("reader");
        long startMillis = System.currentTimeMillis() - READ_BACK.toMillis();
        this.recent = new RecentEvents(config.recentEvents, ClusterSequence.firstAt(startMillis) - 1);
        Map<TopicPartition, Long> ends = seekTo(startMillis);
        this.reader = Threads.daemon("vigil-kafka-reader", () -> read(ends));
        this.ticker = Threads.scheduler("vigil-kafka-ticks");
    }

    /**
     * Connects to the brokers, creates the topic when it is missing, and reads the recent past into
     * memory before answering, so {@link #lastSequence} is where the log stands.
     *
     * @throws JournalOpenException when the brokers cannot be reached or the topic cannot be used
     */
    public static KafkaJournal open(VigilConfig.Kafka config, String nodeName) {
        KafkaClients clients = new KafkaClients(config, nodeName);
        int partitions = TopicSetup.ensure(clients, config);
        KafkaJournal journal = new KafkaJournal(config, clients, partitions, nodeName);
        journal.start();
        return journal;
    }

    private Map<TopicPartition, Long> seekTo(long startMillis) {
        List<TopicPartition> all = new ArrayList<>();
        Map<TopicPartition, Long> times = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            TopicPartition tp = new TopicPartition(config.topic, p);
            all.add(tp);
            times.put(tp, startMillis);
        }
        consumer.assign(all);
        Map<TopicPartition, Long> ends = consumer.endOffsets(all);
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times);
        for (TopicPartition tp : all) {
            OffsetAndTimestamp s = starts.get(tp);
            consumer.seek(tp, s == null ? ends.get(tp) : s.offset());
        }
        return ends;
    }

    private void start() {
        // The producer's first send would otherwise wait for the topic's metadata.
        producer.partitionsFor(config.topic);
        reader.start();
        long tickMillis = config.tickInterval.toMillis();
        ticker.scheduleAtFixedRate(this::tick, 0, tickMillis, TimeUnit.MILLISECONDS);
        try {
            // Reading back up to where the log stood needs every partition's time: ticks bring it.
            if (!caughtUp.await(60, TimeUnit.SECONDS)) {
                close();
                throw new JournalOpenException("could not read Kafka topic " + config.topic + " back within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new JournalOpenException("interrupted while reading Kafka topic " + config.topic + " back");
        }
        if (readerFailure != null) {
            close();
            throw new JournalOpenException(
                    "cannot read Kafka topic " + config.topic + ": " + readerFailure.getMessage(), readerFailure);
        }
        LOG.info(
                "Journal on Kafka topic {} at {}: {} partition(s) keyed by {}, read back to event {}",
                config.topic,
                config.bootstrapServers,
                partitions,
                key.describe(),
                lastSequence);
    }

    @Override
    public void deliverTo(Consumer<List<Event>> delivery) {
        this.delivery = delivery;
    }

    /** Partitions of the topic. */
    public int partitions() {
        return partitions;
    }

    public String topic() {
        return config.topic;
    }

    /** A member of consumer group {@code group} for the topic, sharing its partitions with the other nodes. */
    KafkaConsumer<byte[], byte[]> groupMember(String group, Duration sessionTimeout) {
        return clients.groupMember(group, sessionTimeout);
    }

    @Override
    public void append(List<Event> events, CompletableFuture<List<Event>> done) {
        int n = events.size();
        Throwable broken = readerFailure;
        if (broken != null) {
            done.completeExceptionally(new IllegalStateException("the Kafka reader stopped: " + broken.getMessage()));
            return;
        }
        if (!inFlight.tryAcquire(n)) {
            done.completeExceptionally(
                    new JournalFullException(MAX_IN_FLIGHT + " events are on their way to Kafka already"));
            return;
        }
        AtomicInteger left = new AtomicInteger(n);
        EventCodec.Writer w = new EventCodec.Writer();
        int handedOver = 0;
        for (Event e : events) {
            w.reset();
            EventCodec.encode(e, w);
            byte[] value = Arrays.copyOf(w.array(), w.length());
            try {
                producer.send(new ProducerRecord<>(config.topic, key.of(e), value), (sent, error) -> {
                    inFlight.release();
                    if (error != null) {
                        done.completeExceptionally(error);
                        return;
                    }
                    sentSinceTick.set(sent.partition(), 1);
                    if (left.decrementAndGet() == 0) {
                        done.complete(events);
                    }
                });
                handedOver++;
            } catch (KafkaException | IllegalStateException e2) {
                // Thrown by send itself (closed producer, metadata not to be had): the rest are not sent, and
                // only their room is given back here (the sent ones give theirs back when answered).
                inFlight.release(n - handedOver);
                done.completeExceptionally(e2);
                return;
            }
        }
    }

    private void tick() {
        byte[] node = nodeName.getBytes(StandardCharsets.UTF_8);
        for (int p = 0; p < partitions; p++) {
            if (sentSinceTick.getAndSet(p, 0) == 1) {
                continue;
            }
            ProducerRecord<byte[], byte[]> tick = new ProducerRecord<>(config.topic, p, null, new byte[0]);
            tick.headers().add(new RecordHeader(TopicRecords.TICK, node));
            try {
                producer.send(tick, (sent, error) -> {
                    if (error != null) {
                        warnTick(error);
                    }
                });
            } catch (KafkaException | IllegalStateException e) {
                warnTick(e);
                return;
            }
        }
    }

    private synchronized void warnTick(Throwable error) {
        long now = System.nanoTime();
        if (now - lastTickWarning > TimeUnit.MINUTES.toNanos(1) || lastTickWarning == 0) {
            lastTickWarning = now;
            LOG.warn("Cannot send ticks to Kafka topic {}: {} (said once a minute)", config.topic, error.toString());
        }
    }

    private void read(Map<TopicPartition, Long> ends) {
        MergedOrder merged = new MergedOrder(partitions);
        List<Event> released = new ArrayList<>();
        boolean reachedEnds = false;
        long reachedAt = 0;
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    TopicRecords.feed(r, merged, this::warnUnreadable);
                }
                released.clear();
                merged.release(released::add);
                if (!released.isEmpty()) {
                    recent.add(released);
                    lastSequence = released.get(released.size() - 1).getSequence();
                    Consumer<List<Event>> d = delivery;
                    if (d != null && caughtUp.getCount() == 0) {
                        d.accept(List.copyOf(released));
                    }
                }
                if (caughtUp.getCount() > 0) {
                    if (!reachedEnds
                            && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                        reachedEnds = true;
                        reachedAt = System.nanoTime();
                    }
                    // What the log held at the start is released once the ticks sent since then arrive.
                    if (reachedEnds
                            && (merged.waiting() == 0
                                    || System.nanoTime() - reachedAt > 3 * config.tickInterval.toNanos())) {
                        caughtUp.countDown();
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the reader
        } catch (RuntimeException e) {
            readerFailure = e;
            LOG.error("Kafka reader of topic {} stopped: {}", config.topic, e.toString());
        } finally {
            caughtUp.countDown();
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private synchronized void warnUnreadable(String what) {
        long now = System.nanoTime();
        if (now - lastUnreadableWarning > TimeUnit.MINUTES.toNanos(1) || lastUnreadableWarning == 0) {
            lastUnreadableWarning = now;
            LOG.warn("Kafka topic {} holds a record that is not a Vigil event, skipped: {}", config.topic, what);
        }
    }

    @Override
    public long lastSequence() {
        return lastSequence;
    }

    @Override
    public void replay(long afterSequence, Consumer<Event> sink) {
        scan(afterSequence, e -> {
            sink.accept(e);
            return true;
        });
    }

    @Override
    public void scan(long afterSequence, Predicate<Event> visitor) {
        long cursor = afterSequence;
        while (true) {
            List<Event> chunk = recent.after(cursor, 1024);
            if (chunk == null) {
                long upTo = recent.completeAfter();
                long[] last = {cursor};
                boolean more = TopicScan.read(clients, config.topic, partitions, cursor, upTo, e -> {
                    last[0] = e.getSequence();
                    return visitor.test(e);
                });
                if (!more) {
                    return;
                }
                cursor = Math.max(last[0], upTo);
                continue;
            }
            if (chunk.isEmpty()) {
                return;
            }
            for (Event e : chunk) {
                if (!visitor.test(e)) {
                    return;
                }
                cursor = e.getSequence();
            }
        }
    }

    @Override
    public long firstSequence() {
        synchronized (firstLock) {
            long now = System.nanoTime();
            if (firstCheckedNanos == 0 || now - firstCheckedNanos > TimeUnit.MINUTES.toNanos(1)) {
                firstSequence = TopicScan.first(clients, config.topic, partitions);
                firstCheckedNanos = now;
            }
            return firstSequence;
        }
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        ticker.shutdownNow();
        consumer.wakeup();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
