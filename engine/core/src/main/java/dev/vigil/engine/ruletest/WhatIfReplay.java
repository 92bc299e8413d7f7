package dev.vigil.engine.ruletest;

import dev.vigil.api.Event;
import dev.vigil.engine.journal.FileJournal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vigil replay} and its HTTP twin: reads the events the journal still holds between two times
 * (read-only, beside a running daemon), runs the live rules and the candidate rules over them on
 * scratch sites, and compares what each did.
 */
public final class WhatIfReplay {
    /** The replay of both rule sets over the same events, and how they differ. */
    public record Report(
            Instant from,
            Instant to,
            int events,
            long firstSequence,
            long lastSequence,
            WhatIf.Run live,
            WhatIf.Run candidate,
            WhatIfDiff diff) {}

    /** Thrown when the time range holds more events than a replay takes; nothing was run. */
    public static final class TooManyEvents extends RuntimeException {
        public TooManyEvents(String message) {
            super(message);
        }
    }

    private WhatIfReplay() {}

    /** The journaled events stamped in [{@code from}, {@code to}), in journal order; at most {@code max}. */
    public static List<Event> events(Path journalDir, Instant from, Instant to, int max) {
        List<Event> out = new ArrayList<>();
        long fromMillis = from.toEpochMilli();
        long toMillis = to.toEpochMilli();
        FileJournal.readOnly(journalDir, 0, e -> {
            long ts = e.getTimestampMillis();
            if (ts >= fromMillis && ts < toMillis) {
                if (out.size() >= max) {
                    throw new TooManyEvents("more than " + max + " events between " + from + " and " + to
                            + "; replay a shorter time range");
                }
                out.add(e);
            }
            return true;
        });
        return out;
    }

    public static Report run(
            WhatIf whatIf, Path journalDir, Instant from, Instant to, Path live, Path candidate, int max) {
        List<Event> events = events(journalDir, from, to, max);
        WhatIf.Run liveRun = whatIf.run(live, events, to);
        WhatIf.Run candidateRun = whatIf.run(candidate, events, to);
        return new Report(
                from,
                to,
                events.size(),
                events.isEmpty() ? 0 : events.get(0).getSequence(),
                events.isEmpty() ? 0 : events.get(events.size() - 1).getSequence(),
                liveRun,
                candidateRun,
                WhatIfDiff.of(liveRun.actions(), candidateRun.actions()));
    }

    /** The report as a person reads it: added (+), missing (-), changed (~), then the totals. */
    public static String text(Report r) {
        StringBuilder b = new StringBuilder();
        b.append("Replayed ")
                .append(r.events())
                .append(" journaled event(s) from ")
                .append(r.from())
                .append(" to ")
                .append(r.to());
        if (r.events() > 0) {
            b.append(" (sequences ")
                    .append(r.firstSequence())
                    .append("..")
                    .append(r.lastSequence())
                    .append(')');
        }
        b.append('\n');
        b.append("live rules ")
                .append(r.live().rules())
                .append(": ")
                .append(summary(r.live()))
                .append('\n');
        b.append("candidate  ")
                .append(r.candidate().rules())
                .append(": ")
                .append(summary(r.candidate()))
                .append('\n');
        for (String e : r.live().errors()) {
            b.append("  live rules error: ").append(e).append('\n');
        }
        for (String e : r.candidate().errors()) {
            b.append("  candidate error: ").append(e).append('\n');
        }
        WhatIfDiff d = r.diff();
        for (WhatIf.Action a : d.added()) {
            b.append("+ ").append(line(a)).append('\n');
        }
        for (WhatIf.Action a : d.missing()) {
            b.append("- ").append(line(a)).append('\n');
        }
        for (WhatIfDiff.Changed c : d.changed()) {
            b.append("~ ").append(line(c.live())).append('\n');
            b.append("  becomes ").append(line(c.candidate())).append('\n');
        }
        b.append(d.added().size())
                .append(" added, ")
                .append(d.missing().size())
                .append(" missing, ")
                .append(d.changed().size())
                .append(" changed, ")
                .append(d.same())
                .append(" the same\n");
        return b.toString();
    }

    private static String summary(WhatIf.Run run) {
        if (!run.errors().isEmpty()) {
            return "do not compile (" + run.errors().size() + " error(s)), nothing run";
        }
        return run.actions().size() + " action(s) in " + run.took().toMillis() + " ms";
    }

    private static String line(WhatIf.Action a) {
        return a.at() + "  " + a.kind() + "  " + a.subject() + "  " + a.source()
                + (a.detail().isEmpty() ? "" : "  " + a.detail())
                + (a.rule() == null ? "" : "  [rule " + a.rule() + "]");
    }
}
