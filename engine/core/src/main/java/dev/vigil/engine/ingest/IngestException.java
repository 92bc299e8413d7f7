package dev.vigil.engine.ingest;

/**
 * An event was refused before anything was stored. {@code sdkErrorCode} goes into the Web SDK's
 * Fail envelope; {@code status} is the HTTP status that fits (400, 404, 503).
 */
public class IngestException extends RuntimeException {
    private final String sdkErrorCode;
    private final int status;

    public IngestException(String sdkErrorCode, int status, String message) {
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

    public boolean overloaded() {
        return status == 503;
    }
}
