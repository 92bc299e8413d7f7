package dev.vigil.engine.alarm;

/**
 * An alarm operation was refused. {@code sdkErrorCode} is the name reported in the Web SDK's
 * {@code Fail} envelope; {@code notFound} selects 404 over 400.
 */
public class AlarmException extends RuntimeException {
    private final String sdkErrorCode;
    private final boolean notFound;

    public AlarmException(String sdkErrorCode, String message, boolean notFound) {
        super(message);
        this.sdkErrorCode = sdkErrorCode;
        this.notFound = notFound;
    }

    public String sdkErrorCode() {
        return sdkErrorCode;
    }

    public boolean notFound() {
        return notFound;
    }
}
