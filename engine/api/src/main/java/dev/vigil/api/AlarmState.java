package dev.vigil.api;

/**
 * Life cycle of an alarm instance, with the numeric codes the Web SDK reports in {@code State}.
 * Instances go Active, optionally Investigating, then Acknowledged.
 */
public enum AlarmState {
    ACTIVE(1),
    ACKNOWLEDGED(2),
    INVESTIGATING(3),
    SOURCE_CONDITION_CLEARED(4);

    private final int code;

    AlarmState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isActive() {
        return this != ACKNOWLEDGED;
    }
}
