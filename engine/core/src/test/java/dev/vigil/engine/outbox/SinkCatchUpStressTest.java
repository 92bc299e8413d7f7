package dev.vigil.engine.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.Event;
import dev.vigil.api.EventSink;
import dev.vigil.api.PluginContext;
import dev.vigil.api.SinkItem;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.journal.FileJournal;
import dev.vigil.engine.store.Database;
import dev.vigil.engine.store.DeadLetterStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slow sink with a tiny queue behind concurrent writers, "killed" (abandoned without a clean stop,
 * its journal reopened) and started again three times, as ReliabilityIT does from the distribution,
 * but in one process and fast: every journaled sequence must reach the sink.
 */
class SinkCatchUpStressTest {
    @TempDir
    Path dir;

    /** Records sequences until it is "killed"; then it hangs, as a dead process would. */
    static final class SlowSink implements EventSink {
        final Set<Long> got;
        final AtomicBoolean dead = new AtomicBoolean();

        SlowSink(Set<Long> got) {
            this.got = got;
        }

        @Override
        public String type() {
            return "t";
        }

        @Override
        public void start(PluginContext context) {}

        @Override
        public void onBatch(List<SinkItem> items) {
            while (dead.get()) {
                // a killed process delivers nothing more and saves no cursor: this thread just stops here
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000_000L);
            }
            long until = System.nanoTime() + 2_000L * items.size();
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            items.forEach(i -> got.add(i.event().getSequence()));
        }
    }

    @RepeatedTest(3)
    void everyJournaledEventReachesASlowSinkAcrossKills() throws Exception {
        Set<Long> got = ConcurrentHashMap.newKeySet();
        Set<Long> journaled = ConcurrentHashMap.newKeySet();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Database db = new Database(new VigilConfig.Store(), dir);
                DeadLetters dl = new DeadLetters(new DeadLetterStore(db), Clock.systemUTC(), meters)) {
            VigilConfig.PluginInstance cfg = new VigilConfig.PluginInstance();
            cfg.name = "file";
            cfg.type = "t";
            cfg.events = true;
            cfg.alarms = false;
            cfg.queueCapacity = 20;
            for (int cycle = 0; cycle < 4; cycle++) {
                FileJournal journal = new FileJournal(dir.resolve("journal"), 1 << 20, 16, 64, false, 100_000, () -> 0);
                SinkService sinks = new SinkService(
                        dl,
                        new dev.vigil.engine.store.AlarmStore(db),
                        new dev.vigil.engine.store.SinkCursorStore(db),
                        () -> 0,
                        journal,
                        meters,
                        name -> null,
                        new dev.vigil.engine.store.RuleSendStore(db),
                        Clock.systemUTC(),
                        dev.vigil.engine.alarm.AlarmReplication.NONE);
                SlowSink sink = new SlowSink(got);
                sinks.register(cfg, sink);
                if (cycle == 3) {
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                        Set<Long> missing = new TreeSet<>(journaled);
                        missing.removeAll(got);
                        assertThat(missing).as("journaled, never delivered").isEmpty();
                    });
                    sinks.close();
                    journal.close();
                    return;
                }
                List<Thread> writers = new ArrayList<>();
                long end = System.nanoTime() + 400_000_000L;
                for (int w = 0; w < 2; w++) {
                    Thread t = new Thread(() -> {
                        for (int n = 0; n < 100 && System.nanoTime() < end; n++) {
                            List<Event> batch = new ArrayList<>();
                            for (int i = 0; i < 201; i++) {
                                batch.add(Event.builder()
                                        .type("ObjectEntered")
                                        .source(new UUID(1, 1))
                                        .timestamp(Instant.now())
                                        .build());
                            }
                            // As IngestService does: the listener is attached before the journal sees the batch.
                            CompletableFuture<List<Event>> done = new CompletableFuture<>();
                            CompletableFuture<List<Event>> handed = done.thenApply(j -> {
                                sinks.onEvents(j);
                                return j;
                            });
                            journal.append(batch, done);
                            handed.join().forEach(e -> journaled.add(e.getSequence()));
                        }
                    });
                    t.start();
                    writers.add(t);
                }
                for (Thread t : writers) {
                    t.join();
                }
                // "kill -9": no clean stop, no last cursor save; the sink stops delivering at once.
                sink.dead.set(true);
                journal.close();
            }
        }
    }
}
