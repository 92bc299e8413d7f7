package dev.vigil.engine.rules;

import dev.vigil.api.AlarmChange;
import dev.vigil.api.Event;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.alarm.AlarmListener;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.concurrent.Threads;
import dev.vigil.engine.journal.Journal;
import dev.vigil.engine.metrics.LatencyTimers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Global;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.time.SessionPseudoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one rules thread of a partition. Events arrive (already journaled) through a queue whose
 * admission is bounded by a semaphore: {@link #tryAdmit} refuses when {@code queueCapacity}
 * events are waiting, so ingest can answer 503 before writing anything. The thread drains the
 * queue in batches into a STREAM-mode session and calls {@code fireAllRules()} once per batch.
 *
 * <p>Only this thread touches the session. Everything else (new rules, alarm fact changes)
 * arrives as a control item on the same queue, so it takes effect in order with the events around
 * it. A new rule base swaps in between two batches: a fresh session gets the active alarms
 * re-inserted, and the old session is disposed.
 *
 * <p>The session runs on a pseudo clock that this thread moves to the wall clock before every
 * batch and at least every 100 ms when idle. Drools' real-time clock would schedule one JDK timer
 * task per event for its expiry (about 300 bytes each, and a timer thread contending for the
 * session); the pseudo clock keeps expiry on this thread, and lets tests drive time exactly.
 */
public final class RulesEngine implements AlarmListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RulesEngine.class);

    /**
     * What the rules thread takes from its queue. Java 17 has no pattern switch, so the thread still
     * tells them apart with instanceof, but nothing else can be queued.
     */
    private sealed interface Item permits Queued, Swap, Control, WakeUp {}

    /** A journaled event for the session. */
    private record Queued(Event event, long receivedNanos) implements Item {}

    /** Nothing to do but look at the alarm facts waiting. */
    private record WakeUp() implements Item {}

    /** New rules, compiled, to replace the session's. */
    private record Swap(CompileResult rules) implements Item {}

    /** Work that must run on the rules thread between batches (tests, replays). */
    private record Control(Runnable action, CompletableFuture<Void> done) implements Item {}

    private final AlarmService alarmService;
    private final Alarms alarmsGlobal;
    private final Sinks sinksGlobal;
    private final Journal journal;
    private final int batchSize;
    private final Clock clock;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final AlarmMirror alarmMirror = new AlarmMirror();
    /** Wakes an idle rules thread for alarm facts; carries nothing itself. */
    private static final WakeUp WAKE_UP = new WakeUp();

    private final RulesAdmission admission;
    private final RulesCheckpoint checkpoint;
    private final RulesWatchdog watchdog;
    /** The thread that owns the session; replaced when the old one is stuck in a rule and new rules arrive. */
    private volatile Thread thread;

    private final Counter firings;
    private final Counter processed;
    private final Timer latency;
    private volatile boolean running = true;
    private volatile long factCount;
    private volatile long lastProcessed;
    private KieSession session;
    private final Site siteGlobal;
    private final RuleFirings ruleFirings;
    private final FiringRule firingRule;
    private final Schedules schedulesGlobal;
    private EventWindow events;

    /** @param firingBudget how long one rule consequence may run before it is reported as stuck */
    public RulesEngine(
            CompileResult initial,
            AlarmService alarmService,
            Alarms alarmsGlobal,
            Sinks sinksGlobal,
            Site siteGlobal,
            Schedules schedulesGlobal,
            FiringRule firingRule,
            Journal journal,
            Path checkpointFile,
            int capacity,
            int batchSize,
            Clock clock,
            MeterRegistry meters,
            Duration firingBudget) {
        this.watchdog = new RulesWatchdog(checkpointFile.resolveSibling("rules.stuck"), firingBudget, meters);
        this.alarmService = alarmService;
        this.alarmsGlobal = alarmsGlobal;
        this.sinksGlobal = sinksGlobal;
        this.siteGlobal = siteGlobal;
        this.firingRule = firingRule;
        this.ruleFirings = new RuleFirings(meters, clock);
        this.schedulesGlobal = schedulesGlobal;
        this.journal = journal;
        this.batchSize = batchSize;
        this.clock = clock;
        this.admission = new RulesAdmission(capacity);
        this.checkpoint = new RulesCheckpoint(checkpointFile, alarmService, sinksGlobal);
        this.firings = Counter.builder("vigil.rules.firings")
                .description("rule consequences run")
                .register(meters);
        this.processed = Counter.builder("vigil.rules.events")
                .description("events inserted into the session")
                .register(meters);
        this.latency = LatencyTimers.register(
                meters, "vigil.event.latency", "from ingest request to rules fired for the event");
        Gauge.builder("vigil.rules.queue.depth", this, RulesEngine::queueDepth).register(meters);
        Gauge.builder("vigil.rules.facts", this, e -> e.factCount)
                .description("facts in the session")
                .register(meters);
        this.lastProcessed = checkpoint.start();
        this.session = newSession(initial);
        this.thread = rulesThread(this::loop);
    }

    private static Thread rulesThread(Runnable body) {
        // A daemon thread: one stuck in a rule must never keep the JVM from stopping.
        return Threads.daemon("vigil-rules", body);
    }

    public void start() {
        thread.start();
        checkpoint.startWriting();
        checkpoint.alsoEvery(200, watchdog::check);
    }

    /** What is wrong with the rules thread now (a stuck rule, events skipped), one sentence each. */
    public List<String> problems() {
        return watchdog.problems();
    }

    /** Thrown on a thread that was replaced while it was stuck in a rule, should it ever get out. */
    private static final class AbandonedThread extends RuntimeException {
        AbandonedThread() {
            super("rules thread replaced", null, false, false);
        }
    }

    private boolean owner() {
        return Thread.currentThread() == thread;
    }

    /** Reserves room for {@code n} events; false means the queue is full and the caller must refuse them. */
    public boolean tryAdmit(int n) {
        return admission.tryAdmit(n);
    }

    /** Gives back room reserved by {@link #tryAdmit} for events that were then not submitted. */
    public void cancelAdmission(int n) {
        admission.release(n);
    }

    /** Queues journaled events; room must have been reserved with {@link #tryAdmit}. */
    public void submit(List<Event> journaled, long receivedNanos) {
        for (Event e : journaled) {
            queue.add(new Queued(e, receivedNanos));
        }
    }

    public int queueDepth() {
        return admission.depth();
    }

    public int capacity() {
        return admission.capacity();
    }

    /** Highest journal sequence whose rules have fired. */
    public long lastProcessed() {
        return lastProcessed;
    }

    /** Highest journal sequence whose rules have fired and whose alarm changes are stored: safe to forget. */
    public long settledProcessed() {
        return checkpoint.settled();
    }

    /**
     * Swaps the rules in between two batches; when the rules thread is stuck in a rule, a fresh thread
     * takes the new rules at once and resumes after the last processed event, skipping the stuck one.
     */
    public void swap(CompileResult rules) {
        if (!replaceStuckThread(rules)) {
            queue.add(new Swap(rules));
        }
    }

    private synchronized boolean replaceStuckThread(CompileResult rules) {
        RulesWatchdog.Firing stuck = watchdog.stuck();
        Thread old = thread;
        if (stuck == null || stuck.thread() != old || !running) {
            return false;
        }
        watchdog.abandoned(stuck);
        LOG.warn(
                "New rules replace the rules thread stuck in {}: a fresh thread resumes after event {} and skips {}",
                stuck.describe(),
                lastProcessed,
                stuck.events());
        Thread fresh = rulesThread(() -> {
            session = newSession(rules);
            loop();
        });
        thread = fresh;
        fresh.start();
        stopAbandoned(old);
        return true;
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void stopAbandoned(Thread old) {
        try {
            // Interrupting did not help (checked before it was declared stuck); on JDK 17 stop() ends a busy
            // loop. The session it owned is thrown away with it.
            old.stop();
        } catch (RuntimeException notSupported) {
            LOG.warn(
                    "The stuck rules thread cannot be stopped on this JVM ({}); it is left running, detached",
                    notSupported.toString());
        }
    }

    /** Runs {@code action} on the rules thread between batches (tests: clock, inspection). */
    public CompletableFuture<Void> onRulesThread(Runnable action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Control(action, done));
        return done;
    }

    /**
     * Moves the session's clock to the wall clock and fires what became due, on the rules thread, as
     * the idle loop does every 100 ms: for rule tests, whose clock jumps.
     */
    public CompletableFuture<Void> tick() {
        return onRulesThread(() -> {
            advanceClock(session);
            alarmMirror.apply(session);
            fire();
        });
    }

    /** When the session's next timer (a timed rule, a window's end) is due, in epoch ms; -1 when none is pending. */
    public CompletableFuture<Long> nextTimerDue() {
        CompletableFuture<Long> due = new CompletableFuture<>();
        onRulesThread(() -> {
            SessionPseudoClock c = session.getSessionClock();
            long next = c instanceof org.drools.core.time.impl.PseudoClockScheduler p ? p.getTimeToNextJob() : -1;
            due.complete(next < 0 || next == Long.MAX_VALUE ? -1 : c.getCurrentTime() + next);
        });
        return due;
    }

    /** How often each rule fired, and when it last did. */
    public List<RuleFirings.Stats> ruleFirings() {
        return ruleFirings.stats();
    }

    /** Facts in the session after the latest batch. */
    public long factCount() {
        return factCount;
    }

    @Override
    public void onAlarmChange(AlarmChange change, Alarm alarm) {
        // Not behind the queued events: see AlarmMirror.
        if (alarmMirror.offer(change, alarm)) {
            queue.add(WAKE_UP);
        }
    }

    private KieSession newSession(CompileResult rules) {
        KieBase base = rules.kieBase();
        KieSessionConfiguration conf = KieServices.Factory.get().newKieSessionConfiguration();
        conf.setOption(ClockTypeOption.get("pseudo"));
        KieSession s = base.newKieSession(conf, null);
        advanceClock(s);
        for (KiePackage pkg : base.getKiePackages()) {
            for (Global g : pkg.getGlobalVariables()) {
                bindGlobal(s, g);
            }
        }
        s.addEventListener(watchdog.listener(firingRule, (rule, file) -> {
            firings.increment();
            ruleFirings.fired(rule, file);
        }));
        events = new EventWindow(s, rules);
        alarmMirror.fill(s, alarmService.active());
        return s;
    }

    private void bindGlobal(KieSession s, Global g) {
        switch (g.getName()) {
            case "alarms" -> s.setGlobal("alarms", alarmsGlobal);
            case "sinks" -> s.setGlobal("sinks", sinksGlobal);
            case "site" -> s.setGlobal("site", siteGlobal);
            case "schedules" -> s.setGlobal("schedules", schedulesGlobal);
            default ->
                LOG.warn(
                        "Rules declare global '{}' ({}), which Vigil does not provide; it stays null",
                        g.getName(),
                        g.getType());
        }
    }

    private void loop() {
        try {
            replayUnprocessed();
            runBatches();
        } catch (AbandonedThread gone) {
            LOG.info("The replaced rules thread got out of its rule and ends");
        }
    }

    private void runBatches() {
        List<Item> batch = new ArrayList<>(batchSize);
        while (running && owner()) {
            try {
                Item first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    // Nothing arrived: time still moves, expiring events and firing timed rules.
                    advanceClock(session);
                    alarmMirror.apply(session);
                    fire();
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                process(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
                // The watchdog interrupts a consequence stuck in a wait; the thread itself goes on.
            } catch (AbandonedThread e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.error("Rules batch of {} item(s) failed; the session goes on with the next batch", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }

    private void advanceClock(KieSession s) {
        SessionPseudoClock pseudo = s.getSessionClock();
        long delta = clock.millis() - pseudo.getCurrentTime();
        if (delta > 0) {
            pseudo.advanceTime(delta, TimeUnit.MILLISECONDS);
        }
        if (s == session) {
            events.expire();
        }
    }

    private void process(List<Item> batch) {
        int inserted = 0;
        int taken = 0;
        long newest = lastProcessed;
        advanceClock(session);
        try {
            alarmMirror.apply(session);
            for (Item item : batch) {
                if (item instanceof Queued q) {
                    taken++;
                    long seq = q.event.getSequence();
                    // Already through the rules by a replay (start-up, or a fresh thread after a stuck rule).
                    if (seq <= lastProcessed || skipStuck(seq)) {
                        continue;
                    }
                    events.insert(q.event);
                    inserted++;
                    newest = Math.max(newest, seq);
                } else if (item == WAKE_UP) {
                    continue;
                } else {
                    if (inserted > 0) {
                        fire();
                    }
                    handleControl(item);
                }
            }
            fire();
        } finally {
            if (owner()) {
                long now = System.nanoTime();
                for (Item item : batch) {
                    if (item instanceof Queued q) {
                        latency.record(now - q.receivedNanos, TimeUnit.NANOSECONDS);
                    }
                }
                admission.release(taken);
                processed.increment(inserted);
                lastProcessed = newest;
                checkpoint.fired(newest);
                factCount = session.getFactCount();
            }
        }
    }

    private boolean skipStuck(long sequence) {
        String why = watchdog.stuckOn(sequence);
        if (why != null) {
            watchdog.skipped(sequence, why);
            return true;
        }
        return false;
    }

    private void fire() {
        try {
            session.fireAllRules();
        } catch (RuntimeException e) {
            if (!owner()) {
                throw new AbandonedThread();
            }
            LOG.error("A rule consequence threw; the other rules keep running", e);
        }
        if (!owner()) {
            throw new AbandonedThread();
        }
        alarmMirror.afterFiring(session);
        events.afterFiring();
        factCount = session.getFactCount();
    }

    private void handleControl(Item item) {
        if (item instanceof Swap s) {
            KieSession old = session;
            session = newSession(s.rules);
            old.dispose();
            LOG.info(
                    "Rules swapped in: {} active alarm(s) carried into the new session", alarmMirror.activeInSession());
        } else if (item instanceof Control c) {
            try {
                c.action.run();
                c.done.complete(null);
            } catch (RuntimeException e) {
                c.done.completeExceptionally(e);
            }
        }
    }

    /** Events journaled before a crash but not yet through the rules go through them now. */
    private void replayUnprocessed() {
        long from = lastProcessed;
        if (journal.lastSequence() <= from) {
            return;
        }
        alarmService.replayFrom(from);
        try {
            replayEvents(from);
        } finally {
            if (owner()) {
                alarmService.replayDone();
            }
        }
    }

    private void replayEvents(long from) {
        long[] count = {0};
        List<Event> chunk = new ArrayList<>(batchSize);
        journal.replay(from, e -> {
            if (skipStuck(e.getSequence())) {
                return;
            }
            chunk.add(e);
            if (chunk.size() >= batchSize) {
                replayChunk(chunk);
                count[0] += chunk.size();
                chunk.clear();
            }
        });
        replayChunk(chunk);
        count[0] += chunk.size();
        watchdog.replayed();
        LOG.info(
                "Replayed {} journaled event(s) after sequence {} that had not been through the rules", count[0], from);
    }

    private void replayChunk(List<Event> chunk) {
        if (chunk.isEmpty()) {
            return;
        }
        advanceClock(session);
        for (Event e : chunk) {
            events.insert(e);
        }
        fire();
        // Progress only once the rules have fired: a crash or a stuck rule in between replays the chunk again.
        lastProcessed = Math.max(lastProcessed, chunk.get(chunk.size() - 1).getSequence());
        checkpoint.fired(lastProcessed);
        factCount = session.getFactCount();
    }

    /** The sequence the rules had processed when the checkpoint was last written; 0 when there is none. */
    public static long readCheckpoint(Path checkpointFile) {
        return RulesCheckpoint.read(checkpointFile);
    }

    @Override
    public void close() {
        running = false;
        Thread t = thread;
        RulesWatchdog.Firing stuck = watchdog.stuck();
        try {
            t.join(stuck != null ? 1_000 : 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint.close();
        if (t.isAlive()) {
            // Its session is in use by the stuck consequence; the checkpoint stops before the stuck batch.
            LOG.warn(
                    "Stopping without the rules thread, which is stuck in {}; the next start skips {}",
                    stuck != null ? stuck.describe() : "a rule",
                    stuck != null ? stuck.events() : "nothing");
            return;
        }
        session.dispose();
    }
}
