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
import java.util.Map;
import java.util.Set;
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
import org.kie.api.runtime.rule.ConsequenceException;
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
 * it. A new rule base swaps in between two batches: a fresh session is rebuilt with what the old
 * one was tracking (see {@link #rebuild}), and the old session is disposed. A start rebuilds the
 * same way from the journal, so a restart or a crash loses no window and no pending timer either.
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
    private sealed interface Item permits Queued, Swap, Control, WakeUp, Reassign {}

    /** A journaled event for the session. */
    private record Queued(Event event, long receivedNanos) implements Item {}

    /** Nothing to do but look at the alarm facts waiting. */
    private record WakeUp() implements Item {}

    /** New rules, compiled, to replace the session's. */
    private record Swap(CompileResult rules) implements Item {}

    /** Work that must run on the rules thread between batches (tests, replays). */
    private record Control(Runnable action, CompletableFuture<Void> done) implements Item {}

    /** The shared log assigned this node other partitions: the session is rebuilt for them. */
    private record Reassign(Set<Integer> owned) implements Item {}

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
    private final RulesShare share;
    /**
     * The partitions the session runs; null on one node (all of them). Written on the rules thread, so
     * events and alarms are let in by the same view of ownership the session was rebuilt for.
     */
    private volatile Set<Integer> owned;

    private final RulesCheckpoint checkpoint;
    private final RulesWatchdog watchdog;
    /** The thread that owns the session; replaced when the old one is stuck in a rule and new rules arrive. */
    private volatile Thread thread;

    private final Counter firings;
    private final Counter failures;
    private final RepeatedWarnings repeatedFailures;
    private final Counter processed;
    private final Timer latency;
    private volatile boolean running = true;
    private volatile long factCount;
    private volatile long lastProcessed;
    /** The sequence before the oldest event the session holds (what a rebuild reads the journal after). */
    private volatile long carryFrom;

    private final RulesCheckpoint.Mark startedAt;
    /** Set once the session has what the checkpoint says the rules were holding (or a fresh thread rebuilt its own). */
    private volatile boolean rebuiltAtStart;

    private KieSession session;
    private CompileResult currentRules;
    private volatile List<RunningRule> runningRules = List.of();
    private final Site siteGlobal;
    private final RuleFirings ruleFirings;
    private final FiringRule firingRule;
    private final RuleTrace trace;
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
            RuleTrace trace,
            Journal journal,
            RulesShare share,
            Path checkpointFile,
            int capacity,
            int batchSize,
            Clock clock,
            MeterRegistry meters,
            Duration firingBudget) {
        this.share = share;
        this.owned = share.assigned() ? Set.of() : null;
        this.watchdog = new RulesWatchdog(checkpointFile.resolveSibling("rules.stuck"), firingBudget, meters);
        this.alarmService = alarmService;
        this.alarmsGlobal = alarmsGlobal;
        this.sinksGlobal = sinksGlobal;
        this.siteGlobal = siteGlobal;
        this.firingRule = firingRule;
        this.trace = trace;
        this.ruleFirings = new RuleFirings(meters, clock);
        this.schedulesGlobal = schedulesGlobal;
        this.journal = journal;
        this.batchSize = batchSize;
        this.clock = clock;
        this.admission = new RulesAdmission(capacity);
        this.checkpoint = new RulesCheckpoint(checkpointFile, alarmService, sinksGlobal, this::saveShare);
        this.firings = Counter.builder("vigil.rules.firings")
                .description("rule consequences run")
                .register(meters);
        this.failures = Counter.builder("vigil.rules.failures")
                .description("rule consequences that threw")
                .register(meters);
        this.repeatedFailures = new RepeatedWarnings(clock::millis);
        this.processed = Counter.builder("vigil.rules.events")
                .description("events inserted into the session")
                .register(meters);
        this.latency = LatencyTimers.register(
                meters, "vigil.event.latency", "from ingest request to rules fired for the event");
        Gauge.builder("vigil.rules.queue.depth", this, RulesEngine::queueDepth)
                .description("journaled events waiting for the rules thread")
                .register(meters);
        Gauge.builder("vigil.rules.queue.capacity", this, RulesEngine::capacity)
                .description("events the rules queue takes before ingest answers 503")
                .register(meters);
        Gauge.builder("vigil.rules.facts", this, e -> e.factCount)
                .description("facts in the session")
                .register(meters);
        // On a cluster the node starts owning nothing: each partition's state comes with its assignment.
        this.startedAt = share.assigned()
                ? new RulesCheckpoint.Mark(journal.lastSequence(), 0, journal.lastSequence())
                : checkpoint.start();
        this.lastProcessed = startedAt.sequence();
        this.carryFrom = startedAt.carryFrom();
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

    /**
     * Reserves room for {@code n} events read back from a shared log, waiting while the queue is full
     * (the log holds the events meanwhile). False when the rules are stopping, or {@code n} is more
     * than the queue can ever take.
     */
    public boolean admitWaiting(int n) {
        try {
            while (running) {
                if (admission.admitWithin(n, 100)) {
                    return true;
                }
                if (n > admission.capacity()) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Gives back room reserved by {@link #tryAdmit} for events that were then not submitted. */
    public void cancelAdmission(int n) {
        admission.release(n);
    }

    /**
     * The shared log now assigns this node {@code partitions}: between two batches the session is
     * rebuilt for them (see {@link #takeShare}). Ownership may change again before that runs; each
     * change is taken in turn.
     */
    public void reassign(Set<Integer> partitions) {
        queue.add(new Reassign(java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(partitions))));
    }

    /** The events of these that the session runs (all on one node; the owned partitions' on a cluster). */
    public List<Event> ownedOf(List<Event> events) {
        Set<Integer> mine = owned;
        if (mine == null) {
            return events;
        }
        List<Event> out = new ArrayList<>(events.size());
        for (Event e : events) {
            if (mine.contains(share.partitionOf(e))) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * How long the event at the head of the rules queue has waited since the log took it (0 when none
     * waits): on a cluster, the events behind it may still be in Kafka, so the queue's own wait says less.
     */
    public long behindMillis() {
        Item head = queue.peek();
        return head instanceof Queued q ? Math.max(0, share.waitedMillis(q.event)) : 0;
    }

    /** The partitions the session runs now; null on one node. */
    public Set<Integer> ownedPartitions() {
        return owned;
    }

    private boolean owns(Event e) {
        Set<Integer> mine = owned;
        return mine == null || mine.contains(share.partitionOf(e));
    }

    private boolean owns(Alarm a) {
        Set<Integer> mine = owned;
        return mine == null || mine.contains(share.partitionOf(a));
    }

    private void saveShare(RulesCheckpoint.Mark mark) {
        Set<Integer> mine = owned;
        if (mine != null && !mine.isEmpty()) {
            share.save(
                    mine,
                    new dev.vigil.engine.store.RulesCheckpointStore.PartitionMark(
                            mark.sequence(), mark.clockMillis(), mark.carryFrom()),
                    behindMillis());
        }
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

    /**
     * The journal must keep the events after this sequence: those not settled, and those a start would
     * put back into the session because the rules were still holding them.
     */
    public long journalNeededAfter() {
        return checkpoint.settledMark().carryFrom();
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
        long from = carryFrom;
        long upTo = lastProcessed;
        rebuiltAtStart = true;
        Thread fresh = rulesThread(() -> {
            session = newSession(rules);
            try {
                rebuildFromJournal(from, upTo, clock.millis(), "Rules thread replaced", true);
            } catch (AbandonedThread gone) {
                return;
            }
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

    /** One rule of the running rule set, and the file it is written in. */
    public record RunningRule(String rule, String file) {}

    /** The rules of the running rule set, by file then name (set at each swap; read from any thread). */
    public List<RunningRule> runningRules() {
        return runningRules;
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
        if (!owns(alarm)) {
            return;
        }
        // Not behind the queued events: see AlarmMirror.
        if (alarmMirror.offer(change, alarm)) {
            queue.add(WAKE_UP);
        }
    }

    /** An empty session on the pseudo clock at 0; a {@link #rebuild} fills it. */
    private KieSession newSession(CompileResult rules) {
        KieBase base = rules.kieBase();
        KieSessionConfiguration conf = KieServices.Factory.get().newKieSessionConfiguration();
        conf.setOption(ClockTypeOption.get("pseudo"));
        KieSession s = base.newKieSession(conf, null);
        for (KiePackage pkg : base.getKiePackages()) {
            for (Global g : pkg.getGlobalVariables()) {
                bindGlobal(s, g);
            }
        }
        s.addEventListener(watchdog.listener(firingRule, (rule, file, match) -> {
            if (!firingRule.isRebuilding()) {
                firings.increment();
                ruleFirings.fired(rule, file);
                trace.fired(rule, file, match);
            }
        }));
        events = new EventWindow(s, rules);
        alarmMirror.reset();
        currentRules = rules;
        List<RunningRule> listed = new ArrayList<>();
        for (KiePackage pkg : base.getKiePackages()) {
            for (org.kie.api.definition.rule.Rule r : pkg.getRules()) {
                listed.add(new RunningRule(r.getName(), RulesWatchdog.fileOf(r)));
            }
        }
        listed.sort(java.util.Comparator.comparing(RunningRule::file).thenComparing(RunningRule::rule));
        runningRules = List.copyOf(listed);
        return s;
    }

    /**
     * Puts back into the fresh session what the rules were tracking: the {@code carried} events at
     * their own times and the active alarms at their trigger times, the clock moving with them up to
     * {@code until} (where the old session's clock had got). Consequences run again, so the facts rules
     * insert and the timers they start come back, but their calls to {@code alarms} and {@code sinks}
     * were made already and are skipped. Timers due after {@code until} fire for real, later.
     */
    private void rebuild(List<Event> carried, long until, String why, boolean alwaysSay) {
        long started = System.nanoTime();
        TimedReplay replay = new TimedReplay(session, events, alarmMirror, this::fire, batchSize);
        firingRule.rebuilding(true);
        try {
            replay.begin(
                    carried, alarmService.active().stream().filter(this::owns).toList(), until);
            for (Event e : carried) {
                replay.event(e, until);
            }
            replay.finish(until);
        } finally {
            if (owner()) {
                firingRule.rebuilding(false);
            }
        }
        // A start with nothing to carry says nothing; a rules edit always says what it carried.
        if (replay.events() > 0 || replay.alarms() > 0 || alwaysSay) {
            LOG.info(
                    "{}: {} event(s) the rules were holding and {} active alarm(s) put back, each at its own time;"
                            + " {} action(s) the rules had already taken not repeated ({} ms)",
                    why,
                    replay.events(),
                    replay.alarms(),
                    firingRule.skipped(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** As {@link #rebuild}, with the events the new rules keep read from the journal after {@code from}. */
    private void rebuildFromJournal(long from, long upTo, long until, String why, boolean alwaysSay) {
        List<Event> carried = new ArrayList<>();
        long oldest = until - events.expiryMillis();
        long first = journal.firstSequence();
        if (upTo > from && first > from + 1) {
            LOG.warn(
                    "{}: events {}..{} the rules were holding are no longer in the journal (pruned); their windows"
                            + " start again without them",
                    why,
                    from + 1,
                    Math.min(upTo, first - 1));
        }
        if (upTo > from) {
            journal.scan(Math.max(from, first - 1), e -> {
                if (e.getSequence() > upTo) {
                    return false;
                }
                if (events.keeps(e) && e.getTimestampMillis() >= oldest && watchdog.stuckOn(e.getSequence()) == null) {
                    carried.add(e);
                }
                return true;
            });
        }
        rebuild(carried, until, why, alwaysSay);
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
            if (!rebuiltAtStart) {
                rebuildAtStart();
                rebuiltAtStart = true;
            }
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
                    // Timed rules may have acted: the checkpoint's clock moves with them.
                    progress(lastProcessed);
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
                    if (seq <= lastProcessed || !owns(q.event) || skipStuck(seq)) {
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
                    newest = handleControl(item, newest);
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
                progress(newest);
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

    /** A batch whose consequences keep throwing gets this many restarts; the matches left fire with the next. */
    private static final int MAX_FAILURES_PER_FIRING = 1000;

    private void fire() {
        for (int failures = 0; ; ) {
            try {
                session.fireAllRules();
                break;
            } catch (RuntimeException e) {
                if (!owner()) {
                    throw new AbandonedThread();
                }
                consequenceFailed(e);
                // Drools stops firing at the exception; the failed match is spent, the others are still due.
                if (++failures >= MAX_FAILURES_PER_FIRING) {
                    break;
                }
            }
        }
        if (!owner()) {
            throw new AbandonedThread();
        }
        alarmMirror.afterFiring(session);
        events.afterFiring();
        factCount = session.getFactCount();
    }

    /** The rules are through {@code newest}: recorded for the checkpoint with the clock and the events held. */
    private void progress(long newest) {
        lastProcessed = newest;
        carryFrom = events.carryFrom(newest);
        checkpoint.fired(newest, session.getSessionClock().getCurrentTime(), carryFrom);
    }

    /** One line naming the rule, its file and what it threw; repeats of it once a minute. */
    private void consequenceFailed(RuntimeException e) {
        String rule = firingRule.current();
        firingRule.end();
        Throwable cause = e instanceof ConsequenceException && e.getCause() != null ? e.getCause() : e;
        String what = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        failures.increment();
        String note = repeatedFailures.occurrence(rule + " " + cause.getClass().getName());
        if (note != null) {
            StackTraceElement[] trace = cause.getStackTrace();
            LOG.warn(
                    "Rule {} failed: {}{}; its other matches and the other rules go on{}",
                    rule == null ? "(unknown)" : rule,
                    what,
                    trace.length == 0 ? "" : " (at " + trace[0].getClassName() + "." + trace[0].getMethodName() + ")",
                    note);
        }
    }

    private long handleControl(Item item, long newest) {
        if (item instanceof Swap s) {
            swapIn(s.rules, newest);
        } else if (item instanceof Reassign r) {
            return takeShare(r.owned, newest);
        } else if (item instanceof Control c) {
            try {
                c.action.run();
                c.done.complete(null);
            } catch (RuntimeException e) {
                c.done.completeExceptionally(e);
            }
        }
        return newest;
    }

    /**
     * Rebuilds the session for the partitions now owned, as a start does after a crash: each
     * partition's events the rules had been through (here, or on the node that owned it before, up to
     * its stored checkpoint) go back in without their actions; the ones nobody had been through go
     * through the rules with their actions, a trigger already stored not repeated. Events of
     * partitions no longer owned leave with the old session.
     *
     * @return how far the rules now are
     */
    private long takeShare(Set<Integer> now, long newest) {
        long started = System.nanoTime();
        Set<Integer> before = owned == null ? Set.of() : owned;
        Set<Integer> gained = new java.util.TreeSet<>(now);
        gained.removeAll(before);
        Set<Integer> lost = new java.util.TreeSet<>(before);
        lost.removeAll(now);
        Map<Integer, dev.vigil.engine.store.RulesCheckpointStore.PartitionMark> marks =
                share.marks(gained, events.expiryMillis());
        long heldFrom = events.carryFrom(newest);
        // From here the reader hands this node the new partitions' events; whatever it released before
        // this read is replayed below, whatever after comes through the queue.
        owned = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(now));
        long upTo = Math.max(newest, journal.lastSequence());
        long until = clock.millis();
        long oldest = until - events.expiryMillis();
        long scanFrom = heldFrom;
        long settledGained = Long.MAX_VALUE;
        for (var m : marks.values()) {
            scanFrom = Math.min(scanFrom, Math.min(m.carryFrom(), m.sequence()));
            settledGained = Math.min(settledGained, m.sequence());
        }
        List<Event> carried = new ArrayList<>();
        List<Event> unprocessed = new ArrayList<>();
        journal.scan(scanFrom, e -> {
            long seq = e.getSequence();
            if (seq > upTo) {
                return false;
            }
            int p = share.partitionOf(e);
            if (!now.contains(p)) {
                return true;
            }
            var m = marks.get(p);
            long settled = m == null ? newest : m.sequence();
            long held = m == null ? heldFrom : m.carryFrom();
            if (seq <= settled) {
                if (seq > held && events.keeps(e) && e.getTimestampMillis() >= oldest) {
                    carried.add(e);
                }
            } else if (watchdog.stuckOn(seq) == null) {
                unprocessed.add(e);
            }
            return true;
        });
        KieSession old = session;
        session = newSession(currentRules);
        old.dispose();
        rebuild(carried, until, "Partitions " + now + " taken (gained " + gained + ", gave up " + lost + ")", true);
        if (!unprocessed.isEmpty()) {
            alarmService.replayFrom(settledGained == Long.MAX_VALUE ? newest : settledGained);
            try {
                TimedReplay replay = new TimedReplay(session, events, alarmMirror, this::fire, batchSize);
                for (Event e : unprocessed) {
                    replay.event(e, until);
                }
                replay.fireNow();
            } finally {
                if (owner()) {
                    alarmService.replayDone();
                }
            }
        }
        progress(upTo);
        factCount = session.getFactCount();
        LOG.info(
                "Rules now run partitions {}: {} event(s) put back, {} event(s) not yet through the rules run now ({} ms)",
                now,
                carried.size(),
                unprocessed.size(),
                (System.nanoTime() - started) / 1_000_000);
        return upTo;
    }

    /**
     * A rules edit: the new session gets what the old one was tracking. The old session's events are
     * carried from memory when the new rules keep no type the old ones let go; otherwise from the journal.
     */
    private void swapIn(CompileResult rules, long newest) {
        KieSession old = session;
        CompileResult before = currentRules;
        EventWindow oldEvents = events;
        long until = old.getSessionClock().getCurrentTime();
        long from = oldEvents.carryFrom(newest);
        Map<String, Integer> declaredBefore = DeclaredFacts.count(old, before.kieBase());
        session = newSession(rules);
        if (covers(before.retention(), rules.retention())) {
            List<Event> carried = new ArrayList<>();
            for (Event e : oldEvents.keptEvents()) {
                if (events.keeps(e)) {
                    carried.add(e);
                }
            }
            rebuild(carried, until, "Rules swapped in", true);
        } else {
            rebuildFromJournal(from, newest, until, "Rules swapped in", true);
        }
        DeclaredFacts.warnLost(declaredBefore, DeclaredFacts.count(session, rules.kieBase()), events.expiryMillis());
        old.dispose();
    }

    /** True when every event {@code next} keeps was kept by {@code previous}, so the old session has them all. */
    private static boolean covers(EventRetention previous, EventRetention next) {
        return previous.keepsAll() || (!next.keepsAll() && previous.keptTypes().containsAll(next.keptTypes()));
    }

    /** A start: the session gets back what the rules were holding when the checkpoint was written. */
    private void rebuildAtStart() {
        RulesCheckpoint.Mark mark = startedAt;
        long now = clock.millis();
        long until = mark.clockMillis() > 0 ? Math.min(mark.clockMillis(), now) : now;
        rebuildFromJournal(mark.carryFrom(), mark.sequence(), until, "Started", false);
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
        // Each event at its own time, so a check it starts or ends (absence, a window) ends as it would have live.
        TimedReplay replay = new TimedReplay(session, events, alarmMirror, this::fire, batchSize);
        long until = clock.millis();
        long[] count = {0};
        long[] last = {lastProcessed};
        journal.replay(from, e -> {
            if (skipStuck(e.getSequence())) {
                return;
            }
            replay.event(e, until);
            last[0] = Math.max(last[0], e.getSequence());
            if (++count[0] % batchSize == 0) {
                replayed(replay, last[0]);
            }
        });
        replayed(replay, last[0]);
        watchdog.replayed();
        LOG.info(
                "Replayed {} journaled event(s) after sequence {} that had not been through the rules", count[0], from);
    }

    private void replayed(TimedReplay replay, long upTo) {
        replay.fireNow();
        // Progress only once the rules have fired: a crash or a stuck rule in between replays the chunk again.
        progress(Math.max(lastProcessed, upTo));
        factCount = session.getFactCount();
    }

    /** The sequence the rules had processed when the checkpoint was last written; 0 when there is none. */
    public static long readCheckpoint(Path checkpointFile) {
        return RulesCheckpoint.read(checkpointFile).sequence();
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
