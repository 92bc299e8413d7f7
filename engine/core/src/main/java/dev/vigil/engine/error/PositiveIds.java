package dev.vigil.engine.error;

/** Ids that requests name in their path (alarm instances, dead letters): positive integers, or a 400. */
public final class PositiveIds {
    private PositiveIds() {}

    /** @param what the id's name in the refusal, with its article: "a dead letter id" */
    public static long parse(String text, String what) {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new RefusedException(ErrorCode.INVALID_VALUE, "'" + text + "' is not " + what + " (a positive integer)");
    }
}
