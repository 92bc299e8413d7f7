package dev.vigil.engine.rules;

import dev.vigil.api.Event;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.alarm.AlarmChanged;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.kie.api.runtime.rule.Match;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Why did this rule fire?": while switched on, each firing of a rule whose name matches a pattern
 * is logged (logger {@code dev.vigil.rules.trace}) with the facts it matched, and the latest are kept
 * for {@code GET /WebSdk/rules/trace}. It switches itself off at its deadline, so a trace left on
 * does not fill the log.
 */
public final class RuleTrace {
    private static final Logger TRACE = LoggerFactory.getLogger("dev.vigil.rules.trace");
    private static final Logger LOG = LoggerFactory.getLogger(RuleTrace.class);
    /** The longest a trace may run. */
    public static final Duration LONGEST = Duration.ofHours(24);

    private static final int KEPT = 200;

    /** One traced firing. */
    public record Traced(Instant at, String rule, String file, List<String> facts) {}

    /** What is traced, until when, and the latest firings (newest last). */
    public record Status(String rules, Instant until, List<Traced> recent) {}

    private record On(Pattern rules, long untilMillis) {}

    private final Clock clock;
    private final Function<UUID, String> names;
    private final ArrayDeque<Traced> recent = new ArrayDeque<>();
    private volatile On on;

    /** @param names an entity's name for a GUID, to print facts as people know them */
    public RuleTrace(Clock clock, Function<UUID, String> names) {
        this.clock = clock;
        this.names = names;
    }

    /** Traces the rules whose name matches {@code regex} (found anywhere in the name) for {@code length}. */
    public Status start(String regex, Duration length) {
        if (regex == null || regex.isBlank()) {
            throw new IllegalArgumentException("name the rules to trace: a pattern such as 'Door.*'");
        }
        if (length.isNegative() || length.isZero() || length.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("a trace lasts more than 0 s and at most " + LONGEST.toHours() + " h");
        }
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + regex + "' is not a pattern: " + e.getDescription());
        }
        on = new On(p, clock.millis() + length.toMillis());
        LOG.info("Tracing the firings of rules matching '{}' until {}", regex, Instant.ofEpochMilli(on.untilMillis));
        return status();
    }

    public Status stop() {
        if (on != null) {
            LOG.info("Rule trace of '{}' switched off", on.rules.pattern());
        }
        on = null;
        return status();
    }

    public Status status() {
        On o = on;
        synchronized (recent) {
            return new Status(
                    o == null ? null : o.rules.pattern(),
                    o == null ? null : Instant.ofEpochMilli(o.untilMillis),
                    List.copyOf(recent));
        }
    }

    /** On the rules thread, after each firing. */
    void fired(String rule, String file, Match match) {
        On o = on;
        if (o == null) {
            return;
        }
        if (clock.millis() >= o.untilMillis) {
            on = null;
            LOG.info("Rule trace of '{}' ended at its deadline", o.rules.pattern());
            return;
        }
        if (!o.rules.matcher(rule).find()) {
            return;
        }
        List<String> facts = new ArrayList<>();
        for (Object f : match.getObjects()) {
            facts.add(describe(f));
        }
        Traced t = new Traced(clock.instant(), rule, file, List.copyOf(facts));
        synchronized (recent) {
            if (recent.size() == KEPT) {
                recent.pollFirst();
            }
            recent.addLast(t);
        }
        TRACE.info("Rule '{}' ({}) fired on {}", rule, file, String.join("; ", facts));
    }

    private String describe(Object fact) {
        if (fact instanceof Event e) {
            return "Event #" + e.getSequence() + " " + e.getType() + " from " + names.apply(e.getSource()) + " at "
                    + e.getTimestamp()
                    + (e.getProperties() == null || e.getProperties().isEmpty() ? "" : " " + e.getProperties());
        }
        if (fact instanceof Alarm a) {
            return "Alarm #" + a.getInstanceId() + " '" + a.getAlarmName() + "' " + a.getState() + " from "
                    + names.apply(a.getSourceGuid()) + ", triggered " + a.getTriggerTime();
        }
        if (fact instanceof AlarmChanged c) {
            return "AlarmChanged " + c.getKind() + " of #" + c.getInstanceId() + " by " + c.getBy();
        }
        String text = String.valueOf(fact);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
