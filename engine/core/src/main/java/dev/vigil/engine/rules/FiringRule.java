package dev.vigil.engine.rules;

/**
 * The rule whose consequence runs now on the rules thread, as {@code name (file.drl)}: set around
 * each firing, read by the {@code alarms} global so an alarm records the rule that triggered it.
 */
public final class FiringRule {
    private volatile String current;
    private volatile Thread on;

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
}
