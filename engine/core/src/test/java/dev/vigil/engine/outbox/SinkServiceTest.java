package dev.vigil.engine.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.Event;
import dev.vigil.api.EventSink;
import dev.vigil.api.PluginContext;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.store.Database;
import dev.vigil.engine.store.DeadLetterStore;
import dev.vigil.engine.store.RuleSendStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkServiceTest {
    @TempDir
    Path dir;

    private dev.vigil.engine.journal.FileJournal journal;

    private dev.vigil.engine.journal.FileJournal journal() {
        if (journal == null) {
            journal = new dev.vigil.engine.journal.FileJournal(
                    dir.resolve("journal"), 1 << 20, 4, 64, false, 1000, () -> 0);
        }
        return journal;
    }

    private SinkService sinkService(
            Database db, DeadLetters dl, java.util.function.LongSupplier lastChangeId, SimpleMeterRegistry meters) {
        return new SinkService(
                dl,
                new dev.vigil.engine.store.AlarmStore(db),
                new dev.vigil.engine.store.SinkCursorStore(db),
                lastChangeId,
                journal(),
                meters,
                name -> null,
                new dev.vigil.engine.store.RuleSendStore(db),
                Clock.systemUTC(),
                dev.vigil.engine.alarm.AlarmReplication.NONE);
    }

    @org.junit.jupiter.api.AfterEach
    void closeJournal() {
        if (journal != null) {
            journal.close();
        }
    }

    @Test
    void anEventSinkResumesFromTheJournal() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Database db = new Database(new VigilConfig.Store(), dir);
                DeadLetters dl = new DeadLetters(new DeadLetterStore(db), Clock.systemUTC(), meters)) {
            dev.vigil.engine.journal.FileJournal j = journal();
            j.append(List.of(event(0), event(0))).get(); // history before the sink existed: not sent
            VigilConfig.PluginInstance cfg = config("archive", 3, 100);
            SinkService first = sinkService(db, dl, () -> 0, meters);
            FlakySink before = new FlakySink(0);
            first.register(cfg, before);
            first.onEvents(j.append(List.of(event(0))).get());
            await().untilAsserted(() -> assertThat(before.received).containsExactly(3L));
            first.close();

            j.append(List.of(event(0), event(0))).get(); // journaled while the sink was away

            SinkService second = sinkService(db, dl, () -> 0, meters);
            FlakySink after = new FlakySink(0);
            second.register(cfg, after);
            second.onEvents(j.append(List.of(event(0))).get());
            await().untilAsserted(() -> assertThat(after.received).containsExactly(4L, 5L, 6L));
            second.close();
        }
    }

    private static Event event(long seq) {
        return Event.builder()
                .sequence(seq)
                .type("CameraMotion")
                .source(new UUID(1, 1))
                .timestamp(Instant.now())
                .build();
    }

    private static VigilConfig.PluginInstance config(String name, int attempts, int capacity) {
        VigilConfig.PluginInstance p = new VigilConfig.PluginInstance();
        p.name = name;
        p.type = "t";
        p.events = true;
        p.maxAttempts = attempts;
        p.queueCapacity = capacity;
        p.backoff = Duration.ofMillis(10);
        return p;
    }

    /** A sink that fails its first {@code failures} calls, then records what it receives. */
    static class FlakySink implements EventSink {
        final List<Long> received = new CopyOnWriteArrayList<>();
        final AtomicInteger calls = new AtomicInteger();
        private final int failures;

        FlakySink(int failures) {
            this.failures = failures;
        }

        @Override
        public String type() {
            return "t";
        }

        @Override
        public void start(PluginContext context) {}

        @Override
        public void onEvent(Event e) throws Exception {
            if (calls.incrementAndGet() <= failures) {
                throw new java.io.IOException("connection refused");
            }
            received.add(e.getSequence());
        }
    }

    @Test
    void retriesThenDeadLettersWithoutBlockingOtherSinks() {
        try (Database db = new Database(new VigilConfig.Store(), dir)) {
            DeadLetterStore store = new DeadLetterStore(db);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (DeadLetters dl = new DeadLetters(store, Clock.systemUTC(), meters);
                    SinkService sinks = sinkService(db, dl, () -> 0, meters)) {
                FlakySink flaky = new FlakySink(2);
                FlakySink dead = new FlakySink(Integer.MAX_VALUE);
                sinks.register(config("flaky", 5, 100), flaky);
                sinks.register(config("dead", 3, 100), dead);
                sinks.onEvents(List.of(event(1), event(2)));

                await().untilAsserted(() -> assertThat(flaky.received).containsExactly(1L, 2L));
                await().untilAsserted(() -> assertThat(store.recent(10)).hasSize(2));
                DeadLetterStore.DeadLetter letter = store.recent(10).get(1);
                assertThat(letter.sink()).isEqualTo("dead");
                assertThat(letter.itemKey()).isEqualTo("event-1");
                assertThat(letter.attempts()).isEqualTo(3);
                assertThat(letter.error()).contains("connection refused");
                assertThat(letter.doc()).contains("CameraMotion");
            }
        }
    }

    @Test
    void aRuleSendIsKeptUntilDeliveredAndComesAgainAfterARestartOfTheSink() {
        try (Database db = new Database(new VigilConfig.Store(), dir)) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            RuleSendStore kept = new RuleSendStore(db);
            try (DeadLetters dl = new DeadLetters(new DeadLetterStore(db), Clock.systemUTC(), meters)) {
                try (SinkService sinks = sinkService(db, dl, () -> 0, meters)) {
                    sinks.register(config("mail", 1000, 100), new FlakySink(Integer.MAX_VALUE));
                    long before = sinks.sendTicket();
                    sinks.send("mail", event(7));
                    long ticket = sinks.sendTicket();
                    assertThat(ticket).isGreaterThan(before);
                    await().until(() -> sinks.isSent(ticket));
                    assertThat(kept.pending("mail"))
                            .extracting(s -> s.event().getSequence())
                            .containsExactly(7L);
                } // stopped while still retrying: the send stays kept, neither lost nor dead-lettered
                assertThat(kept.pending("mail")).hasSize(1);
                try (SinkService sinks = sinkService(db, dl, () -> 0, meters)) {
                    FlakySink working = new FlakySink(0);
                    sinks.register(config("mail", 5, 100), working);
                    await().untilAsserted(() -> assertThat(working.received).containsExactly(7L));
                    await().untilAsserted(() -> assertThat(kept.pending("mail")).isEmpty());
                }
            }
            assertThat(new DeadLetterStore(db).recent(10)).isEmpty();
        }
    }

    /** Records the alarm changes it receives. */
    static final class ChangeSink implements EventSink {
        final List<Long> changes = new CopyOnWriteArrayList<>();

        @Override
        public String type() {
            return "t";
        }

        @Override
        public void start(PluginContext context) {}

        @Override
        public void onAlarmChange(dev.vigil.api.AlarmChange c) {
            changes.add(c.changeId());
        }
    }

    @Test
    void aSinkResumesWithTheAlarmChangesStoredWhileItWasAway() throws Exception {
        dev.vigil.engine.entity.EntityRegistry entities =
                dev.vigil.engine.entity.EntitiesFile.load(Path.of("../../conf/entities.yaml"));
        UUID alarm = entities.resolve("LogicalID(Alarm,2)", null).guid();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Database db = new Database(new VigilConfig.Store(), dir);
                dev.vigil.engine.alarm.AlarmService alarms = new dev.vigil.engine.alarm.AlarmService(
                        new dev.vigil.engine.store.AlarmStore(db), entities, Clock.systemUTC());
                DeadLetters dl = new DeadLetters(new DeadLetterStore(db), Clock.systemUTC(), meters)) {
            dev.vigil.engine.alarm.TriggerRequest trigger =
                    dev.vigil.engine.alarm.TriggerRequest.simple(alarm, null, "ManualAction", "", "admin");
            alarms.trigger(trigger).get(); // before the sink ever existed: not sent to it

            SinkService first = sinkService(db, dl, alarms::lastChangeId, meters);
            alarms.addListener(first);
            ChangeSink before = new ChangeSink();
            VigilConfig.PluginInstance cfg = config("audit", 3, 100);
            first.register(cfg, before);
            alarms.trigger(trigger).get();
            await().untilAsserted(() -> assertThat(before.changes).containsExactly(2L));
            first.unregister("audit");

            alarms.trigger(trigger).get(); // while the sink is away (plugin removed, daemon down)
            alarms.trigger(trigger).get();

            SinkService second = sinkService(db, dl, alarms::lastChangeId, meters);
            alarms.addListener(second);
            ChangeSink after = new ChangeSink();
            second.register(cfg, after);
            alarms.trigger(trigger).get();
            await().untilAsserted(() -> assertThat(after.changes).containsExactly(3L, 4L, 5L));
            second.close();
        }
    }

    @Test
    void aFullSinkQueueMakesTheSinkReadTheJournalLaterInsteadOfDroppingOrDeadLettering() throws Exception {
        try (Database db = new Database(new VigilConfig.Store(), dir)) {
            DeadLetterStore store = new DeadLetterStore(db);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (DeadLetters dl = new DeadLetters(store, Clock.systemUTC(), meters);
                    SinkService sinks = sinkService(db, dl, () -> 0, meters)) {
                java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
                FlakySink stuck = new FlakySink(0) {
                    @Override
                    public void onEvent(Event e) throws Exception {
                        release.await();
                        super.onEvent(e);
                    }
                };
                sinks.register(config("stuck", 1, 2), stuck);
                java.util.List<Event> batch = new java.util.ArrayList<>();
                for (int i = 1; i <= 10; i++) {
                    batch.add(event(0));
                }
                sinks.onEvents(journal().append(batch).get());
                assertThat(meters.counter("vigil.sink.behind", "sink", "stuck").count())
                        .isGreaterThanOrEqualTo(7);
                // What the queue could not hold is durable in the journal and nowhere else: the cursor has not moved.
                assertThat(new dev.vigil.engine.store.SinkCursorStore(db)
                                .get("stuck")
                                .orElseThrow()
                                .eventSequence())
                        .isZero();
                release.countDown();
                await().untilAsserted(() ->
                        assertThat(stuck.received).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L));
                assertThat(store.recent(100)).isEmpty();
                await().untilAsserted(() -> assertThat(new dev.vigil.engine.store.SinkCursorStore(db)
                                .get("stuck")
                                .orElseThrow()
                                .eventSequence())
                        .isEqualTo(10));
            }
        }
    }

    @Test
    void theCursorPassesAFailedItemOnlyOnceItsDeadLetterIsStored() throws Exception {
        try (Database db = new Database(new VigilConfig.Store(), dir)) {
            DeadLetterStore store = new DeadLetterStore(db);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (DeadLetters dl = new DeadLetters(store, Clock.systemUTC(), meters);
                    SinkService sinks = sinkService(db, dl, () -> 0, meters)) {
                FlakySink dead = new FlakySink(Integer.MAX_VALUE);
                sinks.register(config("dead", 2, 100), dead);
                sinks.onEvents(
                        journal().append(List.of(event(0), event(0), event(0))).get());
                await().untilAsserted(() -> assertThat(new dev.vigil.engine.store.SinkCursorStore(db)
                                .get("dead")
                                .orElseThrow()
                                .eventSequence())
                        .isEqualTo(3));
                assertThat(store.recent(10))
                        .extracting(DeadLetterStore.DeadLetter::itemKey)
                        .containsExactlyInAnyOrder("event-1", "event-2", "event-3");
            }
        }
    }

    /** Records each onBatch call's sequences; fails the first {@code failures} calls. */
    static class BatchSink implements EventSink {
        final List<List<Long>> calls = new CopyOnWriteArrayList<>();
        private final AtomicInteger failures;

        BatchSink(int failures) {
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public String type() {
            return "t";
        }

        @Override
        public void start(PluginContext context) {}

        @Override
        public void onBatch(List<dev.vigil.api.SinkItem> items) {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("receiver down");
            }
            calls.add(items.stream().map(i -> i.event().getSequence()).toList());
        }
    }

    @Test
    void aBurstIsFoldedIntoOneCallAfterTheFirstItemWentAtOnceAndAFailedBatchIsRetriedWhole() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Database db = new Database(new VigilConfig.Store(), dir);
                DeadLetters dl = new DeadLetters(new DeadLetterStore(db), Clock.systemUTC(), meters)) {
            DeadLetterStore letters = new DeadLetterStore(db);
            dev.vigil.engine.journal.FileJournal j = journal();
            VigilConfig.PluginInstance cfg = config("digest", 5, 100);
            cfg.batch.size = 50;
            cfg.batch.window = Duration.ofMillis(700);
            SinkService sinks = sinkService(db, dl, () -> 0, meters);
            BatchSink sink = new BatchSink(0);
            sinks.register(cfg, sink);
            sinks.onEvents(j.append(List.of(event(0))).get());
            await().atMost(Duration.ofMillis(500)).until(() -> sink.calls.size() == 1);
            for (int i = 0; i < 5; i++) {
                sinks.onEvents(j.append(List.of(event(0), event(0))).get());
            }
            Thread.sleep(200);
            assertThat(sink.calls).hasSize(1); // the rest waits for the window
            await().untilAsserted(() -> assertThat(sink.calls)
                    .containsExactly(List.of(1L), List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L)));
            sinks.close();

            VigilConfig.PluginInstance full = config("digest", 5, 100);
            full.batch.size = 4;
            SinkService again = sinkService(db, dl, () -> 0, meters);
            BatchSink flaky = new BatchSink(2);
            again.register(full, flaky);
            again.onEvents(j.append(List.of(event(0), event(0), event(0), event(0), event(0), event(0)))
                    .get());
            await().untilAsserted(() -> assertThat(flaky.calls.stream().flatMap(List::stream))
                    .containsExactly(12L, 13L, 14L, 15L, 16L, 17L));
            assertThat(flaky.calls).allSatisfy(c -> assertThat(c).hasSizeLessThanOrEqualTo(4));
            assertThat(letters.countBySink()).isEmpty();
            again.close();
        }
    }
}
