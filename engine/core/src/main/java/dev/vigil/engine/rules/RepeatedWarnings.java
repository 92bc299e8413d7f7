package dev.vigil.engine.rules;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps a problem that repeats on every firing (a rule naming an unknown alarm, a consequence that
 * throws on each event) to one log line a minute per problem: the first occurrence is logged at once,
 * later ones are counted and the count comes with the next line.
 */
public final class RepeatedWarnings {
    /** How long a problem stays quiet after it was logged. */
    public static final long QUIET_MILLIS = 60_000;

    private static final class Tally {
        long loggedAt;
        long suppressed;
    }

    private final ConcurrentHashMap<String, Tally> tallies = new ConcurrentHashMap<>();
    private final LongSupplier millis;

    public RepeatedWarnings(LongSupplier millis) {
        this.millis = millis;
    }

    /**
     * Null when this occurrence of {@code problem} is to stay quiet; otherwise what to append to its
     * log line ("" the first time, " (and N more times in the last minute)" later).
     */
    public String occurrence(String problem) {
        long now = millis.getAsLong();
        Tally t = tallies.computeIfAbsent(problem, k -> new Tally());
        synchronized (t) {
            if (t.loggedAt != 0 && now - t.loggedAt < QUIET_MILLIS) {
                t.suppressed++;
                return null;
            }
            String note = t.suppressed == 0
                    ? ""
                    : " (it happened " + t.suppressed + " more time(s) since it was last logged)";
            t.loggedAt = now == 0 ? 1 : now;
            t.suppressed = 0;
            return note;
        }
    }
}
