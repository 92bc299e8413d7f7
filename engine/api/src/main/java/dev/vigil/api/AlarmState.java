package dev.vigil.api;

/**
 * Life cycle of an alarm instance, with the numeric codes the Web SDK reports in {@code State}.
 * An instance is {@link #ACTIVE} when triggered, may go to {@link #INVESTIGATING} (and stay there
 * when investigated again), and ends {@link #ACKNOWLEDGED}, the one terminal state. The moves
 * themselves, and which are refused, are in the engine's {@code Alarm} class.
 */
public enum AlarmState {
    /** Triggered (or retriggered) and not yet handled: operators and rules are told about it. */
    ACTIVE(1),
    /** Terminal: acknowledged (Ack, Nack or forced); the instance leaves the active set. */
    ACKNOWLEDGED(2),
    /** Someone has taken the instance in hand; it is still active and can be acknowledged. */
    INVESTIGATING(3),
    /**
     * Never the state of an instance: clearing an acknowledgement condition sets a flag on an
     * active instance, it does not move it. The constant stays because the Web SDK defines code 4, so
     * a stored or imported document that carries it still loads (as an active instance); no version of
     * Vigil sets it.
     */
    SOURCE_CONDITION_CLEARED(4);

    private final int code;

    AlarmState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Every state but {@link #ACKNOWLEDGED}: the instance can still change. */
    public boolean isActive() {
        return this != ACKNOWLEDGED;
    }
}
