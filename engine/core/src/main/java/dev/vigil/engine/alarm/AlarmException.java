package dev.vigil.engine.alarm;

import dev.vigil.engine.error.RefusedException;

/** An alarm operation was refused; {@code notFound} selects 404 over 400. */
public class AlarmException extends RefusedException {
    public AlarmException(String sdkErrorCode, String message, boolean notFound) {
        super(sdkErrorCode, notFound ? 404 : 400, message);
    }
}
