package dev.vigil.engine.rules;

import dev.vigil.api.Event;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.rule.Match;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a rule consequence that runs longer than its budget (an endless loop, a call that never
 * returns): logs the rule, its file, the events it fired on and the rules thread's stack once,
 * counts it ({@code vigil_rules_stuck_total}), tells health, interrupts the thread (enough for a
 * consequence stuck in a sleep or a wait), and notes the events in {@code rules.stuck} beside the
 * checkpoint. At the next start the replay reads that note and skips those events instead of
 * running them into the same loop again.
 */
final class RulesWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(RulesWatchdog.class);

    /**
     * One consequence running: its match (read only if it runs too long: the rule, its file, the
     * journaled events it fired on), since when, on which thread. Cheap to make for every firing.
     */
    /** The DRL file a rule is written in (its package when Drools kept no source path). */
    static String fileOf(Rule r) {
        return r instanceof RuleImpl impl
                        && impl.getResource() != null
                        && impl.getResource().getSourcePath() != null
                ? impl.getResource().getSourcePath()
                : r.getPackageName();
    }

    record Firing(Match match, long startNanos, Thread thread) {
        String rule() {
            return match.getRule().getName();
        }

        String file() {
            return fileOf(match.getRule());
        }

        long[] sequences() {
            return match.getObjects().stream()
                    .filter(o -> o instanceof Event)
                    .mapToLong(o -> ((Event) o).getSequence())
                    .filter(s -> s > 0)
                    .toArray();
        }

        String describe() {
            return "rule '" + rule() + "' (" + file() + ")";
        }

        String events() {
            long[] seqs = sequences();
            return seqs.length == 0 ? "no journaled event" : "event(s) " + Arrays.toString(seqs);
        }
    }

    private final Path stuckFile;
    private final long budgetNanos;
    private final Counter stuckCount;
    private final Map<Long, String> stuckBefore;
    private final List<String> skipped = new CopyOnWriteArrayList<>();
    private volatile Firing firing;
    private volatile Firing stuck;

    RulesWatchdog(Path stuckFile, Duration budget, MeterRegistry meters) {
        this.stuckFile = stuckFile;
        this.budgetNanos = budget.toNanos();
        this.stuckCount = Counter.builder("vigil.rules.stuck")
                .description("rule consequences that ran longer than rules.firingBudget")
                .register(meters);
        this.stuckBefore = readStuckFile();
    }

    /** Tracks the consequence being run; registered on every session. */
    /** What the engine does after each firing (counting, tracing). */
    interface AfterFiring {
        void fired(String rule, String file, org.kie.api.runtime.rule.Match match);
    }

    DefaultAgendaEventListener listener(FiringRule firingRule, AfterFiring afterEachFiring) {
        return new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                Firing f = new Firing(event.getMatch(), System.nanoTime(), Thread.currentThread());
                firing = f;
                firingRule.begin(f.rule(), f.file());
            }

            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                Firing done = firing;
                if (done != null && done.thread == Thread.currentThread()) {
                    firing = null;
                    if (stuck == done) {
                        stuck = null;
                        LOG.warn(
                                "{} finished after {} ms; the rules thread goes on",
                                done.describe(),
                                (System.nanoTime() - done.startNanos) / 1_000_000);
                        deleteStuckFile();
                    }
                }
                firingRule.end();
                Firing f = new Firing(event.getMatch(), 0, Thread.currentThread());
                afterEachFiring.fired(f.rule(), f.file(), event.getMatch());
            }
        };
    }

    /** Called a few times a second from another thread. */
    void check() {
        Firing f = firing;
        if (f == null || stuck == f || System.nanoTime() - f.startNanos < budgetNanos) {
            return;
        }
        stuck = f;
        stuckCount.increment();
        String stack = Arrays.stream(f.thread.getStackTrace())
                .limit(40)
                .map(e -> "\tat " + e)
                .collect(Collectors.joining("\n"));
        LOG.error(
                "{} has been running for {} ms on {}: the rules thread is stuck in it and new events wait in the "
                        + "queue. Fix or remove the rule (a rules edit that compiles replaces the stuck thread); after a "
                        + "restart the replay skips these events. Stack of {}:\n{}",
                f.describe(),
                (System.nanoTime() - f.startNanos) / 1_000_000,
                f.events(),
                f.thread.getName(),
                stack);
        writeStuckFile(f);
        f.thread.interrupt();
    }

    /** The firing declared stuck and not finished, or null. */
    Firing stuck() {
        return stuck;
    }

    /** The stuck firing was abandoned with its thread. */
    void abandoned(Firing f) {
        if (stuck == f) {
            stuck = null;
        }
        if (firing == f) {
            firing = null;
        }
        for (long s : f.sequences()) {
            stuckBefore.put(s, f.describe());
        }
    }

    /** Why the replay must not run this event again, or null. */
    String stuckOn(long sequence) {
        return stuckBefore.isEmpty() ? null : stuckBefore.get(sequence);
    }

    void skipped(long sequence, String why) {
        LOG.warn("Event {} is skipped by the rules: {} got stuck on it before", sequence, why);
        skipped.add("event " + sequence + " was skipped: " + why + " got stuck on it");
    }

    /** The replay got past every event noted as stuck: the note has done its job. */
    void replayed() {
        if (stuck == null) {
            deleteStuckFile();
        }
    }

    List<String> problems() {
        List<String> out = new ArrayList<>();
        Firing f = stuck;
        if (f != null) {
            out.add(f.describe() + " has been running for " + (System.nanoTime() - f.startNanos) / 1_000_000_000L
                    + " s on " + f.events() + ": the rules thread is stuck and events wait in the queue");
        }
        out.addAll(skipped);
        return out;
    }

    private Map<Long, String> readStuckFile() {
        Map<Long, String> out = new ConcurrentHashMap<>();
        if (!Files.exists(stuckFile)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(stuckFile, StandardCharsets.UTF_8)) {
                String[] parts = line.split("\t", 2);
                if (parts.length == 2) {
                    out.put(Long.parseLong(parts[0].trim()), parts[1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.warn(
                    "Cannot read {} ({}): events a rule got stuck on before may be run again",
                    stuckFile,
                    e.getMessage());
        }
        return out;
    }

    private void writeStuckFile(Firing f) {
        Map<Long, String> all = new LinkedHashMap<>(stuckBefore);
        for (long s : f.sequences()) {
            all.put(s, f.describe());
        }
        String text = all.entrySet().stream()
                .map(e -> e.getKey() + "\t" + e.getValue() + "\n")
                .collect(Collectors.joining());
        try {
            Files.writeString(stuckFile, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("Cannot write {}: {}", stuckFile, e.getMessage());
        }
    }

    private void deleteStuckFile() {
        try {
            Files.deleteIfExists(stuckFile);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", stuckFile, e.getMessage());
        }
    }
}
