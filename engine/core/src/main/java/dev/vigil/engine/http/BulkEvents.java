package dev.vigil.engine.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.Event;
import dev.vigil.engine.ingest.IngestException;
import dev.vigil.engine.ingest.IngestService;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the bulk ingest body: a JSON array of
 * {@code {"EventType":"CameraMotion","Source":"<guid>|LogicalID(Camera,1)","Timestamp":"<ISO-8601>",
 * "Properties":{"k":"v"},"Payload":"..."}} (only EventType and Source required). All or nothing:
 * the first bad item refuses the whole request, naming its index.
 */
final class BulkEvents {
    static final int MAX_EVENTS = 10_000;
    private static final Set<String> FIELDS = Set.of("EventType", "Source", "Timestamp", "Properties", "Payload");

    private BulkEvents() {
    }

    static List<Event> parse(byte[] body, IngestService ingest) {
        JsonNode root;
        try {
            root = Envelope.JSON.readTree(body);
        } catch (JsonParseException e) {
            throw new IngestException("InvalidJson", 400, "body is not valid JSON: "
                    + e.getOriginalMessage() + " at byte " + e.getLocation().getByteOffset());
        } catch (JsonProcessingException e) {
            throw new IngestException("InvalidJson", 400, "body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IngestException("InvalidJson", 400, "body cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw new IngestException("InvalidJson", 400, "body must be a JSON array of events");
        }
        if (root.size() > MAX_EVENTS) {
            throw new IngestException("TooManyEvents", 413, "at most " + MAX_EVENTS + " events per request, got "
                    + root.size());
        }
        List<Event> events = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            try {
                events.add(one(root.get(i), ingest));
            } catch (IngestException e) {
                throw new IngestException(e.sdkErrorCode(), e.status() == 503 ? 503 : 400,
                        "event [" + i + "]: " + e.getMessage());
            }
        }
        return events;
    }

    private static Event one(JsonNode n, IngestService ingest) {
        if (!n.isObject()) {
            throw new IngestException("InvalidValue", 400, "must be an object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IngestException("InvalidValue", 400, "unknown field '" + f + "'; valid: " + FIELDS);
            }
        }
        String type = requiredText(n, "EventType");
        String source = requiredText(n, "Source");
        Instant ts = null;
        JsonNode t = n.get("Timestamp");
        if (t != null && !t.isNull()) {
            if (!t.isTextual()) {
                throw new IngestException("InvalidTimestamp", 400, "Timestamp must be an ISO-8601 string");
            }
            try {
                ts = Instant.parse(t.asText());
            } catch (DateTimeParseException e) {
                throw new IngestException("InvalidTimestamp", 400, "Timestamp '" + t.asText()
                        + "' is not ISO-8601 UTC, e.g. 2026-03-15T11:05:44.332Z");
            }
        }
        Map<String, String> props = new LinkedHashMap<>();
        JsonNode p = n.get("Properties");
        if (p != null && !p.isNull()) {
            if (!p.isObject()) {
                throw new IngestException("InvalidValue", 400, "Properties must be an object of strings");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw new IngestException("InvalidValue", 400, "Properties." + e.getKey() + " must be a string");
                }
                props.put(e.getKey(), e.getValue().asText());
            }
        }
        JsonNode payload = n.get("Payload");
        if (payload != null && !payload.isNull() && !payload.isTextual()) {
            throw new IngestException("InvalidValue", 400, "Payload must be a string");
        }
        return ingest.describe(type, source, ts, props, payload == null || payload.isNull() ? null : payload.asText(),
                "bulk");
    }

    private static String requiredText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IngestException("InvalidValue", 400, field + " is missing or not a string");
        }
        return v.asText();
    }
}
