package dev.vigil.engine.ruletest;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.vigil.api.Event;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.camlytics.LongPolls;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.config.VigilPaths;
import dev.vigil.engine.daemon.DaemonGraph;
import dev.vigil.engine.entity.Entity;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The engine as the daemon builds it ({@link DaemonGraph}: the same modules and listeners), without
 * the network: a site's entities, the given DRL folder, an H2 store and a file journal in a scratch
 * folder, and a rules session on a pseudo clock that the caller moves. What {@code vigil test-rules}
 * runs a scenario on, and what the engine's own tests use.
 */
public class RuleTestSite implements AutoCloseable {
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

    /**
     * @param work a scratch folder for the journal and the store
     * @param entitiesYaml the site to run on
     * @param config the site's configuration; its rules folder, journal and queue are set here for a test run
     */
    public RuleTestSite(Path work, Path entitiesYaml, Path rulesDir, VigilConfig config, Instant start) {
        this.clock = new MutableClock(start);
        Path conf = work.resolve("conf");
        try {
            Files.createDirectories(conf);
            Files.copy(entitiesYaml, conf.resolve("entities.yaml"), StandardCopyOption.REPLACE_EXISTING);
            // The site's schedules come along, found where the site's configuration says, beside its entities.
            Path schedules = entitiesYaml.resolveSibling(config.site.schedules);
            if (Files.exists(schedules)) {
                Files.copy(schedules, conf.resolve(config.site.schedules), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.rules.directory = rulesDir.toAbsolutePath().toString();
        config.rules.queueCapacity = 100_000;
        config.rules.batchSize = 1024;
        config.rules.maxClockSkew = Duration.ofDays(1);
        config.journal.fsync = false;
        config.journal.segmentBytes = 1 << 20;
        config.journal.retainSegments = 4;
        config.journal.maxBatch = 1024;
        config.sinks = List.of();
        config.sources = List.of();
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

    public Instant now() {
        return clock.instant();
    }

    /** Moves both clocks to {@code instant} and fires what became due. */
    public void at(Instant instant) {
        // From timer to timer, so a timed rule fires at its time and what it raises carries that
        // time, as in the daemon (whose clock moves every 100 ms), not all at once at the jump's end.
        for (int guard = 0; guard < 100_000; guard++) {
            long due = await(rules.nextTimerDue());
            if (due < 0 || due > instant.toEpochMilli()) {
                break;
            }
            if (due > clock.millis()) {
                clock.set(Instant.ofEpochMilli(due));
            }
            settle();
        }
        clock.set(instant);
        settle();
    }

    /** Raises an event through the real ingest path at the current time and waits until the rules saw it. */
    public Event raise(String type, String entity) {
        return raise(type, entity, null);
    }

    /** As above, with properties. */
    public Event raise(String type, String entity, java.util.Map<String, String> properties) {
        UUID named = guidOf(entity);
        String ref = named != null ? named.toString() : entity;
        Event e = ingest.describe(type, ref, clock.instant(), properties, null, "test");
        Event journaled = await(ingest.ingest(e, System.nanoTime()));
        settle();
        return journaled;
    }

    /**
     * Registers a stand-in for each named sink, so the rules' {@code sinks.send} calls reach {@code onSend}
     * (on the sink's thread) instead of a real destination.
     */
    public void standInSinks(List<String> names, java.util.function.BiConsumer<String, Event> onSend) {
        for (String name : names) {
            VigilConfig.PluginInstance p = new VigilConfig.PluginInstance();
            p.name = name;
            p.type = "rule-test";
            p.events = false;
            p.alarms = false;
            sinks.register(p, new dev.vigil.api.EventSink() {
                @Override
                public String type() {
                    return "rule-test";
                }

                @Override
                public void start(dev.vigil.api.PluginContext context) {}

                @Override
                public void onBatch(List<dev.vigil.api.SinkItem> items) {
                    items.stream().filter(dev.vigil.api.SinkItem::isEvent).forEach(i -> onSend.accept(name, i.event()));
                }
            });
        }
    }

    /** An entity's GUID from its GUID, LogicalID or name (of any type); null when the site has none such. */
    public UUID guidOf(String ref) {
        Entity e = entities.resolveAny(ref);
        return e == null ? null : e.guid();
    }

    /** Waits until the rules thread has worked through everything queued so far, and its alarms are stored. */
    public void settle() {
        await(rules.tick());
        long ticket = alarms.persistTicket();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!alarms.isStored(ticket) && System.nanoTime() < until) {
            // the persister and the sinks work on their own threads: look again shortly
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
        // The alarms just stored reach the session as facts on the next step of the rules thread.
        await(rules.tick());
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
