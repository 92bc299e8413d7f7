package dev.vigil.engine.support;

import dev.vigil.api.Event;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.entity.EntitiesFile;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.ingest.IngestService;
import dev.vigil.engine.journal.FileJournal;
import dev.vigil.engine.outbox.DeadLetters;
import dev.vigil.engine.outbox.SinkService;
import dev.vigil.engine.rules.Alarms;
import dev.vigil.engine.rules.CompileResult;
import dev.vigil.engine.rules.RulesCompiler;
import dev.vigil.engine.rules.RulesEngine;
import dev.vigil.engine.store.AlarmStore;
import dev.vigil.engine.store.Database;
import dev.vigil.engine.store.DeadLetterStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The engine's real parts wired by hand without HTTP: shipped entities and DRL, an H2 store in
 * the given folder, a file journal, and a rules session on a pseudo clock the test moves.
 */
public final class EngineRig implements AutoCloseable {
    public final EntityRegistry entities;
    public final Database db;
    public final AlarmService alarms;
    public final RulesEngine rules;
    public final IngestService ingest;
    public final SinkService sinks;
    public final FileJournal journal;
    private final DeadLetters deadLetters;
    private final MutableClock clock;

    /** A wall clock the test sets; the rules thread moves the session's clock to it on every batch. */
    public static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        public void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    public EngineRig(Path work, Path rulesDir, Instant start) {
        this.clock = new MutableClock(start);
        this.entities = EntitiesFile.load(Path.of("../../conf/entities.yaml"));
        VigilConfig.Store store = new VigilConfig.Store();
        this.db = new Database(store, work);
        this.alarms = new AlarmService(new AlarmStore(db), entities, clock);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        this.deadLetters = new DeadLetters(new DeadLetterStore(db), clock, meters);
        this.journal = new FileJournal(work.resolve("journal"), 1 << 20, 4, 1024, false, 100_000, () -> 0);
        this.sinks = new SinkService(deadLetters, new AlarmStore(db), new dev.vigil.engine.store.SinkCursorStore(db),
                alarms::lastChangeId, journal, meters, entities::userGuid);
        CompileResult compiled = new RulesCompiler(Duration.ofMinutes(10)).compile(rulesDir);
        if (!compiled.ok()) {
            throw new IllegalStateException("rules do not compile: " + compiled.errors());
        }
        this.rules = new RulesEngine(compiled, alarms, new Alarms(alarms, entities), sinks, journal,
                work.resolve("rules.checkpoint"), 100_000, 1024, clock, meters);
        this.ingest = new IngestService(entities, journal, rules, clock, Duration.ofDays(1), meters);
        alarms.addListener(rules);
        alarms.addListener(sinks);
        ingest.addListener(sinks);
        rules.start();
        at(start);
    }

    /** Moves both clocks to {@code instant} and fires what became due. */
    public void at(Instant instant) {
        clock.set(instant);
        settle();
    }

    /** Raises an event through the real ingest path at the current time and waits until the rules saw it. */
    public Event raise(String type, String entity) {
        Event e = ingest.describe(type, entity, clock.instant(), null, null, "test");
        Event journaled = await(ingest.ingest(e, System.nanoTime()));
        settle();
        return journaled;
    }

    /** Waits until the rules thread has worked through everything queued so far. */
    public void settle() {
        await(rules.onRulesThread(() -> { }));
    }

    public static <T> T await(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public List<dev.vigil.engine.alarm.Alarm> active() {
        return alarms.active();
    }

    @Override
    public void close() {
        journal.close();
        rules.close();
        alarms.close();
        sinks.close();
        deadLetters.close();
        db.close();
    }
}
