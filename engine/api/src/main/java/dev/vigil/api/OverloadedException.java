package dev.vigil.api;

/** Vigil cannot take more events right now; nothing was stored. Retry after a short pause. */
public class OverloadedException extends Exception {
    private final long retryAfterSeconds;

    public OverloadedException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
