package dev.vigil.engine.ingest;

import dev.vigil.engine.error.RefusedException;

/** An event was refused before anything was stored (400, 404, 413, or 503 when full). */
public class IngestException extends RefusedException {
    public IngestException(String sdkErrorCode, int status, String message) {
        super(sdkErrorCode, status, message);
    }
}
