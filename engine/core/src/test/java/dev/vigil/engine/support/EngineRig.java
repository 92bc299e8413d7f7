package dev.vigil.engine.support;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.vigil.api.Event;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.camlytics.LongPolls;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.config.VigilPaths;
import dev.vigil.engine.daemon.DaemonGraph;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.ingest.IngestService;
import dev.vigil.engine.journal.FileJournal;
import dev.vigil.engine.journal.Journal;
import dev.vigil.engine.outbox.DeadLetters;
import dev.vigil.engine.outbox.SinkService;
import dev.vigil.engine.rules.RulesEngine;
import dev.vigil.engine.store.Database;
import dev.vigil.engine.stream.FanOut;
import dev.vigil.engine.stream.SessionRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The engine as the daemon builds it ({@link DaemonGraph}: the same modules and listeners), without
 * the network: shipped entities, the given DRL folder, an H2 store and a file journal in the given
 * folder, and a rules session on a pseudo clock the test moves.
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
    private final FanOut fanOut;
    private final Injector injector;
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
        Path conf = work.resolve("conf");
        try {
            Files.createDirectories(conf);
            Files.copy(
                    Path.of("../../conf/entities.yaml"),
                    conf.resolve("entities.yaml"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        VigilConfig config = new VigilConfig();
        config.rules.directory = rulesDir.toAbsolutePath().toString();
        config.rules.eventExpiry = Duration.ofMinutes(10);
        config.rules.queueCapacity = 100_000;
        config.rules.batchSize = 1024;
        config.rules.maxClockSkew = Duration.ofDays(1);
        config.journal.fsync = false;
        config.journal.segmentBytes = 1 << 20;
        config.journal.retainSegments = 4;
        config.journal.maxBatch = 1024;
        // The daemon's own modules and wiring; only the clock, the folders and these values differ.
        this.injector = Guice.createInjector(
                Stage.DEVELOPMENT, DaemonGraph.modules(new VigilPaths(work, conf, work), config, clock));
        DaemonGraph.connect(injector);
        this.entities = injector.getInstance(EntityRegistry.class);
        this.db = injector.getInstance(Database.class);
        this.alarms = injector.getInstance(AlarmService.class);
        this.journal = (FileJournal) injector.getInstance(Journal.class);
        this.sinks = injector.getInstance(SinkService.class);
        this.rules = injector.getInstance(RulesEngine.class);
        this.ingest = injector.getInstance(IngestService.class);
        this.deadLetters = injector.getInstance(DeadLetters.class);
        this.fanOut = injector.getInstance(FanOut.class);
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
        await(rules.onRulesThread(() -> {}));
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
        injector.getInstance(SessionRegistry.class).close();
        injector.getInstance(LongPolls.class).close();
        fanOut.close();
        journal.close();
        rules.close();
        alarms.close();
        sinks.close();
        deadLetters.close();
        db.close();
    }
}
