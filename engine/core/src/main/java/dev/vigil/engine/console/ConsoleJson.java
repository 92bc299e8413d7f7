package dev.vigil.engine.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.http.ApiResponse;
import java.io.IOException;
import java.util.Map;

/** The console's JSON: plain objects (no envelope), ISO-8601 times, errors as {@code {"error": "..."}}. */
final class ConsoleJson {
    static final String TYPE = "application/json; charset=utf-8";
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private ConsoleJson() {}

    static ApiResponse ok(Object value) {
        return of(200, value);
    }

    static ApiResponse of(int status, Object value) {
        try {
            return new ApiResponse(status, TYPE, MAPPER.writeValueAsBytes(value), Map.of());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static ApiResponse error(int status, String message) {
        return of(status, Map.of("error", message));
    }

    /** The body as a JSON object, or a 400 that says what is wrong with it. */
    static JsonNode body(byte[] body) {
        JsonNode n;
        try {
            n = body.length == 0 ? null : MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RefusedException(ErrorCode.INVALID_JSON, "the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RefusedException(ErrorCode.INVALID_JSON, "the body cannot be read: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new RefusedException(ErrorCode.INVALID_JSON, "the body must be a JSON object");
        }
        return n;
    }
}
