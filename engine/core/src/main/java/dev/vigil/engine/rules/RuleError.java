package dev.vigil.engine.rules;

/** One compile problem: the DRL file, where in it, and what is wrong. Line/column 0 when unknown. */
public record RuleError(String file, int line, int column, String message, boolean warning) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (warning ? "warning: " : "error: ") + message;
    }
}
