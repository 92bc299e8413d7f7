package dev.vigil.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by a sink when the receiver asked to be called again later (an HTTP 429 or 503 with
 * {@code Retry-After}): the item was not delivered, and Vigil waits at least {@link #retryAfter()}
 * (or its own backoff, whichever is longer) before the next attempt.
 */
public class RetryLaterException extends Exception {
    private final Duration retryAfter;

    public RetryLaterException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
