package dev.vigil.engine.websdk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.vigil.api.Event;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.ErrorKind;
import dev.vigil.engine.ingest.IngestException;
import dev.vigil.engine.ingest.IngestService;
import dev.vigil.engine.stream.CustomEvents;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the bulk ingest body: a JSON array of
 * {@code {"EventType":"CameraMotion","Source":"<guid>|LogicalID(Camera,1)","Timestamp":"<ISO-8601>",
 * "Properties":{"k":"v"},"Payload":"..."}} (only EventType and Source required). All or nothing:
 * the first bad item refuses the whole request, naming its index. Read with the streaming parser,
 * straight into events: no JSON tree per request on the ingest path.
 */
final class BulkEvents {
    static final int MAX_EVENTS = 10_000;
    private static final Set<String> FIELDS = Set.of("EventType", "Source", "Timestamp", "Properties", "Payload");
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(8).build())
            .build();

    private BulkEvents() {}

    static List<Event> parse(byte[] body, IngestService ingest) {
        List<Event> events = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IngestException(ErrorCode.INVALID_JSON, "body must be a JSON array of events");
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new IngestException(
                            ErrorCode.INVALID_JSON, "body is not valid JSON: the array is not closed");
                }
                int index = events.size();
                if (index >= MAX_EVENTS) {
                    throw new IngestException(
                            ErrorCode.TOO_MANY_EVENTS, "at most " + MAX_EVENTS + " events per request");
                }
                try {
                    events.add(one(p, t, ingest));
                } catch (IngestException e) {
                    // One bad item makes the whole request malformed, whatever the item's own fault was.
                    throw new IngestException(
                            e.code(),
                            e.overloaded() ? e.kind() : ErrorKind.BAD_REQUEST,
                            "event [" + index + "]: " + e.getMessage());
                }
            }
            if (p.nextToken() != null) {
                throw new IngestException(ErrorCode.INVALID_JSON, "body is not valid JSON: data after the array");
            }
            return events;
        } catch (JsonProcessingException e) {
            throw new IngestException(
                    ErrorCode.INVALID_JSON,
                    "body is not valid JSON: " + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " at byte " + e.getLocation().getByteOffset()));
        } catch (IOException e) {
            throw new IngestException(ErrorCode.INVALID_JSON, "body cannot be read: " + e.getMessage());
        }
    }

    private static Event one(JsonParser p, JsonToken start, IngestService ingest) throws IOException {
        if (start != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw new IngestException(ErrorCode.INVALID_VALUE, "must be an object");
        }
        String type = null;
        String source = null;
        Instant ts = null;
        Map<String, String> props = null;
        String payload = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = p.currentName();
            if (!FIELDS.contains(field)) {
                throw new IngestException(ErrorCode.INVALID_VALUE, "unknown field '" + field + "'; valid: " + FIELDS);
            }
            JsonToken v = p.nextToken();
            switch (field) {
                case "EventType" -> type = text(p, v, field);
                case "Source" -> source = text(p, v, field);
                case "Timestamp" -> ts = v == JsonToken.VALUE_NULL ? null : timestamp(p, v);
                case "Payload" -> {
                    if (v != JsonToken.VALUE_NULL && v != JsonToken.VALUE_STRING) {
                        throw new IngestException(ErrorCode.INVALID_VALUE, "Payload must be a string");
                    }
                    payload = v == JsonToken.VALUE_NULL ? null : p.getText();
                }
                default -> props = v == JsonToken.VALUE_NULL ? null : properties(p, v);
            }
        }
        if (type == null || type.isBlank()) {
            throw new IngestException(ErrorCode.INVALID_VALUE, "EventType is missing or not a string");
        }
        if (source == null || source.isBlank()) {
            throw new IngestException(ErrorCode.INVALID_VALUE, "Source is missing or not a string");
        }
        if (type.equalsIgnoreCase(CustomEvents.TYPE)) {
            // As for RaiseEvent: a custom event needs its id, name and entity type checked, which only that request
            // does.
            throw new IngestException(
                    ErrorCode.INVALID_VALUE,
                    "a custom event is raised with POST "
                            + "/WebSdk/events/RaiseCustomEvent/{customEventId}/{entityId}/[{message}], not in a bulk request");
        }
        return ingest.describe(type, source, ts, props, payload, "bulk");
    }

    private static String text(JsonParser p, JsonToken v, String field) throws IOException {
        if (v != JsonToken.VALUE_STRING || p.getText().isBlank()) {
            throw new IngestException(ErrorCode.INVALID_VALUE, field + " is missing or not a string");
        }
        return p.getText();
    }

    private static Instant timestamp(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            throw new IngestException(ErrorCode.INVALID_TIMESTAMP, "Timestamp must be an ISO-8601 string");
        }
        try {
            return Instant.parse(p.getText());
        } catch (DateTimeParseException e) {
            throw new IngestException(
                    ErrorCode.INVALID_TIMESTAMP,
                    "Timestamp '" + p.getText() + "' is not ISO-8601 UTC, e.g. 2026-03-15T11:05:44.332Z");
        }
    }

    private static Map<String, String> properties(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            throw new IngestException(ErrorCode.INVALID_VALUE, "Properties must be an object of strings");
        }
        Map<String, String> props = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (!value.isScalarValue() || value == JsonToken.VALUE_NULL) {
                throw new IngestException(ErrorCode.INVALID_VALUE, "Properties." + key + " must be a string");
            }
            props.put(key, p.getText());
        }
        return props;
    }
}
