package dev.vigil.engine.rules;

/**
 * The rule whose consequence runs now on the rules thread, as {@code name (file.drl)}: set around
 * each firing, read by the {@code alarms} global so an alarm records the rule that triggered it.
 *
 * <p>It also says when the rules thread is rebuilding a session (after a rules edit, a restart or a
 * crash, see {@link TimedReplay}): the consequences then run again over events the rules already
 * handled, so that what they inserted or changed in the session comes back, but their calls to the
 * globals ({@code alarms}, {@code sinks}) are the ones already made and are skipped.
 */
public final class FiringRule {
    private volatile String current;
    private volatile Thread on;
    private volatile Thread rebuildingOn;
    private long skipped;

    void begin(String rule, String file) {
        current = rule + " (" + file + ")";
        on = Thread.currentThread();
    }

    void end() {
        current = null;
        on = null;
    }

    /** The firing rule when called from its consequence; null elsewhere (an API call, another thread). */
    public String current() {
        return on == Thread.currentThread() ? current : null;
    }

    void rebuilding(boolean yes) {
        rebuildingOn = yes ? Thread.currentThread() : null;
        if (yes) {
            skipped = 0;
        }
    }

    /**
     * True when the caller, a consequence run during a rebuild, must not act: the rules already did
     * this before the session was rebuilt. Counts the skipped action.
     */
    public boolean skipRepeat() {
        if (rebuildingOn != Thread.currentThread()) {
            return false;
        }
        skipped++;
        return true;
    }

    /** True while the calling thread rebuilds a session. */
    boolean isRebuilding() {
        return rebuildingOn == Thread.currentThread();
    }

    /** Actions skipped since the current or last rebuild began. */
    long skipped() {
        return skipped;
    }
}
