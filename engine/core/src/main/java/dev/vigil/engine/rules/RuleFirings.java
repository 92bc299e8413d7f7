package dev.vigil.engine.rules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How often each rule fired and when it last did, since the daemon started (counts survive a
 * reload: a rule keeps its name and file). Shown in {@code GET /WebSdk/rules/status} and in
 * {@code /metrics} as {@code vigil_rule_firings_total{rule,file}}.
 */
public final class RuleFirings {
    /** One rule's figures. */
    public record Stats(String rule, String file, long count, Instant lastFiredAt) {}

    private record Key(String rule, String file) {}

    private static final class Tally {
        final AtomicLong count = new AtomicLong();
        volatile long lastMillis;
        final Counter meter;

        Tally(Counter meter) {
            this.meter = meter;
        }
    }

    private final ConcurrentHashMap<Key, Tally> tallies = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Clock clock;

    public RuleFirings(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    /** Called on the rules thread after each consequence. */
    void fired(String rule, String file) {
        Tally t = tallies.computeIfAbsent(
                new Key(rule, file),
                k -> new Tally(Counter.builder("vigil.rule.firings")
                        .description("consequences run, per rule")
                        .tag("rule", rule)
                        .tag("file", file)
                        .register(meters)));
        t.count.incrementAndGet();
        t.lastMillis = clock.millis();
        t.meter.increment();
    }

    /** Every rule that fired, most often first. */
    public List<Stats> stats() {
        return tallies.entrySet().stream()
                .map(e -> new Stats(
                        e.getKey().rule(),
                        e.getKey().file(),
                        e.getValue().count.get(),
                        Instant.ofEpochMilli(e.getValue().lastMillis)))
                .sorted(Comparator.comparingLong(Stats::count).reversed().thenComparing(Stats::rule))
                .toList();
    }
}
