package dev.vigil.engine.websdk;

import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.ingest.IngestException;
import io.netty.handler.codec.http.QueryStringDecoder;

/** Decoding of path segments, refusing malformed percent-escapes with a clear message. */
final class Paths {
    private Paths() {}

    static String decode(String segment) {
        try {
            // '+' is a literal plus in a path (only queries use it for a space).
            return QueryStringDecoder.decodeComponent(segment.replace("+", "%2B"));
        } catch (IllegalArgumentException e) {
            throw new IngestException(
                    ErrorCode.INVALID_REQUEST, "bad URL escape in '" + segment + "': " + e.getMessage());
        }
    }
}
