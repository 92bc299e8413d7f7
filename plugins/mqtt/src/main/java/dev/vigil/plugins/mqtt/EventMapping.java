package dev.vigil.plugins.mqtt;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.EntityInfo;
import dev.vigil.api.Event;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How a JSON message becomes an event, from the source's {@code mapping:} settings:
 * <pre>
 * mapping:
 *   eventType: CameraMotion        # every message is this type; or pick it from the message:
 *   type: /type                    # JSON pointer to a value, looked up in types:
 *   types: { new: ObjectEntered, end: ObjectExited }   # values not listed are skipped
 *   source: /after/camera          # JSON pointer to the camera (or door...) the message is about
 *   sources: { front_door: LogicalID(Camera,1) }        # its value to an entity; unlisted values are
 *                                  # matched to entity names ("front_door" finds "Front door")
 *   timestamp: [ /after/end_time, /after/start_time ]   # the first one present: epoch seconds (a
 *                                  # number) or ISO-8601 text; default: when the message arrived
 *   properties: { label: /after/label, score: /after/top_score }
 * </pre>
 */
final class EventMapping {
    /** What became of one message: an event, or the reason it was skipped (not an error) or refused. */
    record Outcome(Event event, String skipped, String refused) {}

    private final String fixedType;
    private final JsonPointer type;
    private final Map<String, String> types;
    private final JsonPointer source;
    private final Map<String, String> sources;
    private final List<JsonPointer> timestamps;
    private final Map<String, JsonPointer> properties;
    private final Supplier<List<EntityInfo>> entities;

    private EventMapping(
            String fixedType,
            JsonPointer type,
            Map<String, String> types,
            JsonPointer source,
            Map<String, String> sources,
            List<JsonPointer> timestamps,
            Map<String, JsonPointer> properties,
            Supplier<List<EntityInfo>> entities) {
        this.fixedType = fixedType;
        this.type = type;
        this.types = types;
        this.source = source;
        this.sources = sources;
        this.timestamps = timestamps;
        this.properties = properties;
        this.entities = entities;
    }

    static EventMapping from(Object raw, Supplier<List<EntityInfo>> entities) {
        if (!(raw instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(
                    "settings.mapping is missing: say how a message becomes an event (eventType or type, and source)");
        }
        String fixedType = m.get("eventType") == null ? null : String.valueOf(m.get("eventType"));
        JsonPointer type = pointer("type", m.get("type"));
        Map<String, String> types = strings("types", m.get("types"));
        if (fixedType == null && type == null) {
            throw new IllegalArgumentException("settings.mapping needs eventType (one type for every message) or type");
        }
        if (type != null && types.isEmpty()) {
            throw new IllegalArgumentException(
                    "settings.mapping.types is missing: map the values found at " + type + " to event types");
        }
        JsonPointer source = pointer("source", m.get("source"));
        if (source == null) {
            throw new IllegalArgumentException(
                    "settings.mapping.source is missing: a JSON pointer such as /after/camera");
        }
        Map<String, JsonPointer> properties = new LinkedHashMap<>();
        Object p = m.get("properties");
        if (p instanceof Map<?, ?> pm) {
            pm.forEach((k, v) -> properties.put(String.valueOf(k), pointer("properties." + k, v)));
        } else if (p != null) {
            throw new IllegalArgumentException("settings.mapping.properties must map names to JSON pointers");
        }
        return new EventMapping(
                fixedType,
                type,
                types,
                source,
                strings("sources", m.get("sources")),
                pointers("timestamp", m.get("timestamp")),
                properties,
                entities);
    }

    private static JsonPointer pointer(String key, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JsonPointer.compile(String.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "settings.mapping." + key + ": '" + value + "' is no JSON pointer (write /after/camera)");
        }
    }

    private static List<JsonPointer> pointers(String key, Object value) {
        List<?> items = value instanceof List<?> l ? l : value == null ? List.of() : List.of(value);
        List<JsonPointer> out = new java.util.ArrayList<>();
        for (Object item : items) {
            out.add(pointer(key, item));
        }
        return List.copyOf(out);
    }

    private static Map<String, String> strings(String key, Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        } else if (value != null) {
            throw new IllegalArgumentException("settings.mapping." + key + " must map values to names");
        }
        return out;
    }

    Outcome map(JsonNode message, Instant arrived) {
        String eventType = fixedType;
        if (type != null) {
            String value = text(message.at(type));
            eventType = types.get(value);
            if (eventType == null) {
                return new Outcome(
                        null, "its " + type + " is '" + value + "', which mapping.types does not list", null);
            }
        }
        String sourceValue = text(message.at(source));
        if (sourceValue.isEmpty()) {
            return new Outcome(null, null, "no value at " + source);
        }
        Optional<EntityInfo> entity = entity(sources.getOrDefault(sourceValue, sourceValue));
        if (entity.isEmpty()) {
            return new Outcome(
                    null,
                    null,
                    "'" + sourceValue + "' at " + source
                            + " names no entity: add it under mapping.sources or name the entity so in entities.yaml");
        }
        Event.Builder b = Event.builder()
                .type(eventType)
                .source(entity.get().guid())
                .sourceType(entity.get().type())
                .timestamp(timeOf(message, arrived));
        for (Map.Entry<String, JsonPointer> p : properties.entrySet()) {
            JsonNode v = message.at(p.getValue());
            if (!v.isMissingNode() && !v.isNull()) {
                b.property(p.getKey(), text(v));
            }
        }
        return new Outcome(b.build(), null, null);
    }

    /** Text as a person would write it: a string without quotes, an array as a, b, c. */
    private static String text(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (v.isArray()) {
            StringBuilder out = new StringBuilder();
            v.forEach(x -> out.append(out.length() == 0 ? "" : ",").append(text(x)));
            return out.toString();
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private Instant timeOf(JsonNode message, Instant arrived) {
        for (JsonPointer p : timestamps) {
            Instant t = time(message.at(p), null);
            if (t != null) {
                return t;
            }
        }
        return arrived;
    }

    private static Instant time(JsonNode v, Instant fallback) {
        if (v.isNumber()) {
            BigDecimal seconds = v.decimalValue();
            return Instant.ofEpochSecond(
                    seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        if (v.isTextual()) {
            try {
                return Instant.parse(v.asText());
            } catch (DateTimeParseException e) {
                return fallback;
            }
        }
        return fallback;
    }

    /** A GUID, LogicalID(Type,N), or an entity's name, where _ and - count as spaces and case does not count. */
    private Optional<EntityInfo> entity(String ref) {
        List<EntityInfo> all = entities.get();
        try {
            UUID guid = UUID.fromString(ref);
            return all.stream().filter(e -> e.guid().equals(guid)).findFirst();
        } catch (IllegalArgumentException notGuid) {
            // a logical id or a name
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("LogicalID\\((\\w+),\\s*(\\d+)\\)")
                .matcher(ref.trim());
        if (m.matches()) {
            String t = m.group(1);
            int id = Integer.parseInt(m.group(2));
            return all.stream()
                    .filter(e -> e.type().equalsIgnoreCase(t) && e.logicalId() == id)
                    .findFirst();
        }
        String wanted = loose(ref);
        return all.stream().filter(e -> loose(e.name()).equals(wanted)).findFirst();
    }

    private static String loose(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace('_', ' ').replace('-', ' ');
    }
}
