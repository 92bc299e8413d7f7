package dev.vigil.engine.ingest;

import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.ErrorKind;
import dev.vigil.engine.error.RefusedException;

/** An event was refused before anything was stored: invalid, too large, or no room (retry later). */
public class IngestException extends RefusedException {
    public IngestException(ErrorCode code, String message) {
        super(code, message);
    }

    public IngestException(ErrorCode code, ErrorKind kind, String message) {
        super(code, kind, message);
    }
}
