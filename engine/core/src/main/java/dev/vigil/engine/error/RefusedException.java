package dev.vigil.engine.error;

/**
 * A request was refused and nothing it asked for took effect. {@code sdkErrorCode} is the name
 * the Web SDK's {@code Fail} envelope reports; {@code status} is the HTTP status that fits.
 */
public class RefusedException extends RuntimeException {
    private final String sdkErrorCode;
    private final int status;

    public RefusedException(String sdkErrorCode, int status, String message) {
        super(message);
        this.sdkErrorCode = sdkErrorCode;
        this.status = status;
    }

    public String sdkErrorCode() {
        return sdkErrorCode;
    }

    public int status() {
        return status;
    }

    /** Refused for lack of room, not for what was asked: retry later. */
    public boolean overloaded() {
        return status == 503;
    }
}
