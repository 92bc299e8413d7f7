package dev.vigil.bench;

import dev.vigil.api.Event;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.entity.EntitiesFile;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.rules.Alarms;
import dev.vigil.engine.rules.CompileResult;
import dev.vigil.engine.rules.RulesCompiler;
import dev.vigil.engine.store.AlarmStore;
import dev.vigil.engine.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.kie.api.KieServices;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.time.SessionPseudoClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The rules step alone, as the rules thread does it: insert a batch of 1,000 events into a
 * STREAM session holding the benchmark's 100 rules (the shipped three files plus 96 generated),
 * fire, drop what no rule can match again, expire the rest after 30 s. The pseudo clock moves
 * 20 ms per batch, i.e. the events arrive at 50,000/s of session time. Score = events per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx1g"})
public class RulesStepBenchmark {
    private static final int BATCH = 1000;

    @Param({"100"})
    public int rules;

    /** "zone" (a map read per rule) or "source" (hashed by Drools): see BenchSite.generatedRules. */
    @Param({"zone"})
    public String selector;

    private Path work;
    private Database db;
    private AlarmService alarms;
    private KieSession session;
    private SessionPseudoClock clock;
    private dev.vigil.engine.rules.EventWindow window;
    /** Alarm changes come back as facts, as the rules thread applies them (the escalation guard needs them). */
    private final java.util.Queue<dev.vigil.engine.alarm.Alarm> alarmChanges =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    private final Map<Long, org.kie.api.runtime.rule.FactHandle> alarmHandles = new java.util.HashMap<>();
    private List<Event> events;
    private long now;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        work = Files.createTempDirectory("vigil-jmh");
        Path rulesDir = Files.createDirectories(work.resolve("rules"));
        for (String f : List.of("motion.drl", "door.drl", "escalation.drl")) {
            Files.copy(Path.of("rules", f), rulesDir.resolve(f));
        }
        Files.writeString(rulesDir.resolve("bench.drl"), BenchSite.generatedRules(rules - 4, selector));
        Files.writeString(work.resolve("entities.yaml"), BenchSite.entities());
        EntityRegistry entities = EntitiesFile.load(work.resolve("entities.yaml"));
        CompileResult compiled = new RulesCompiler(Duration.ofSeconds(30)).compile(rulesDir);
        if (!compiled.ok()) {
            throw new IllegalStateException(compiled.errors().toString());
        }
        db = new Database(new VigilConfig.Store(), work);
        alarms = new AlarmService(new AlarmStore(db), entities, Clock.systemUTC());
        KieSessionConfiguration conf = KieServices.Factory.get().newKieSessionConfiguration();
        conf.setOption(ClockTypeOption.get("pseudo"));
        session = compiled.kieBase().newKieSession(conf, null);
        session.setGlobal(
                "alarms",
                new Alarms(
                        alarms,
                        entities,
                        new dev.vigil.engine.rules.FiringRule(),
                        new dev.vigil.engine.rules.RepeatedWarnings(System::currentTimeMillis)));
        window = new dev.vigil.engine.rules.EventWindow(session, compiled);
        alarms.addListener((change, alarm) -> alarmChanges.add(alarm));
        clock = session.getSessionClock();
        now = Instant.parse("2026-03-15T11:00:00Z").toEpochMilli();
        clock.advanceTime(now, TimeUnit.MILLISECONDS);
        SplittableRandom rnd = new SplittableRandom(42);
        events = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            events.add(Event.builder()
                    .sequence(i + 1)
                    .type(BenchSite.TYPES.get(rnd.nextInt(BenchSite.TYPES.size())))
                    .source(UUID.fromString(BenchSite.cameraGuid(1 + rnd.nextInt(BenchSite.CAMERAS))))
                    .sourceType("Camera")
                    .timestamp(Instant.EPOCH)
                    .origin("bench")
                    .properties(Map.of("zone", "Z" + rnd.nextInt(BenchSite.ZONES)))
                    .build());
        }
    }

    private int cursor;
    private long firings;
    private long inserted;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int insertAndFire() {
        now += 20;
        clock.advanceTime(20, TimeUnit.MILLISECONDS);
        window.expire();
        for (dev.vigil.engine.alarm.Alarm a; (a = alarmChanges.poll()) != null; ) {
            org.kie.api.runtime.rule.FactHandle h = alarmHandles.get(a.getInstanceId());
            if (!a.isActive()) {
                if (h != null) {
                    session.delete(alarmHandles.remove(a.getInstanceId()));
                }
            } else if (h == null) {
                alarmHandles.put(a.getInstanceId(), session.insert(a));
            } else {
                session.update(h, a);
            }
        }
        Instant at = Instant.ofEpochMilli(now);
        for (int i = 0; i < BATCH; i++) {
            Event template = events.get(cursor++ % events.size());
            window.insert(template.toBuilder().timestamp(at).build());
        }
        int fired = session.fireAllRules();
        firings += fired;
        inserted += BATCH;
        window.afterFiring();
        return fired;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.printf(
                "%n  facts in session at end: %d (30 s expiry for kept types, 50,000 events/s of session time);"
                        + " %d firings for %d events%n",
                session.getFactCount(), firings, inserted);
        session.dispose();
        alarms.close();
        db.close();
    }
}
