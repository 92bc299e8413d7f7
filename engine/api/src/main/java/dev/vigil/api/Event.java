package dev.vigil.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One event as Vigil sees it: a type, the entity it came from, when it happened, and free
 * properties. Immutable and safe to share between threads.
 *
 * <p>{@code sequence} is 0 until the ingest service has journaled the event; after that it is
 * the event's position in the journal, strictly increasing across restarts. Rules and sinks only
 * ever see journaled events.
 *
 * <p>Getters follow bean naming so DRL constraints such as {@code Event(type == "CameraMotion")}
 * read naturally and can be indexed.
 */
public final class Event {
    private final long sequence;
    private final String type;
    private final UUID source;
    private final String sourceType;
    private final Instant timestamp;
    private final String origin;
    private final Map<String, String> properties;
    private final String payload;
    // Computed on first use and racy on purpose: every thread computes the same string.
    private String sourceId;

    private Event(Builder b) {
        this.sequence = b.sequence;
        this.type = requireText(b.type, "type");
        this.source = Objects.requireNonNull(b.source, "source");
        this.sourceType = b.sourceType == null ? "" : b.sourceType;
        this.timestamp = Objects.requireNonNull(b.timestamp, "timestamp");
        this.origin = b.origin == null ? "" : b.origin;
        // Compact immutable map: rule sessions hold many events, so each byte per event counts.
        this.properties = Map.copyOf(b.properties);
        this.payload = b.payload;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    public static Builder builder() {
        return new Builder();
    }

    private Event(Event e, long sequence) {
        this.sequence = sequence;
        this.type = e.type;
        this.source = e.source;
        this.sourceType = e.sourceType;
        this.timestamp = e.timestamp;
        this.origin = e.origin;
        this.properties = e.properties;
        this.payload = e.payload;
    }

    /** A copy of this event carrying the journal sequence number (cheap: shares the immutable parts). */
    public Event withSequence(long newSequence) {
        return new Event(this, newSequence);
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.sequence = sequence;
        b.type = type;
        b.source = source;
        b.sourceType = sourceType;
        b.timestamp = timestamp;
        b.origin = origin;
        b.properties.putAll(properties);
        b.payload = payload;
        return b;
    }

    public long getSequence() {
        return sequence;
    }

    /** Event type name, e.g. {@code CameraMotion}, {@code DoorForcedOpen}, or a custom event name. */
    public String getType() {
        return type;
    }

    /** GUID of the entity the event is about. */
    public UUID getSource() {
        return source;
    }

    /**
     * The source's GUID as text, lower case ({@code "00000001-0000-babe-0000-000000000001"}), for
     * rules that name one entity: {@code Event(sourceId == "...")} is hashed across rules, as
     * {@code type ==} is, where {@code source} (a UUID) never equals a text.
     */
    public String getSourceId() {
        String id = sourceId;
        if (id == null) {
            id = source.toString();
            sourceId = id;
        }
        return id;
    }

    /** Entity type of the source (Camera, Door, ...), empty if unknown. */
    public String getSourceType() {
        return sourceType;
    }

    public Instant getTimestamp() {
        return timestamp;
    }

    /** Milliseconds since the epoch; the timestamp Drools uses for temporal operators. */
    public long getTimestampMillis() {
        return timestamp.toEpochMilli();
    }

    /** Who handed the event in: {@code websdk}, {@code bulk}, or a source plugin's instance name. */
    public String getOrigin() {
        return origin;
    }

    public Map<String, String> getProperties() {
        return properties;
    }

    public String property(String name) {
        return properties.get(name);
    }

    /** Hidden machine-readable payload carried with the event, or null. */
    public String getPayload() {
        return payload;
    }

    @Override
    public String toString() {
        return "Event#" + sequence + "[" + type + " from " + source + " at " + timestamp + "]";
    }

    /** Builder for {@link Event}; not thread-safe. */
    public static final class Builder {
        private long sequence;
        private String type;
        private UUID source;
        private String sourceType;
        private Instant timestamp;
        private String origin;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private String payload;

        private Builder() {}

        public Builder sequence(long value) {
            this.sequence = value;
            return this;
        }

        public Builder type(String value) {
            this.type = value;
            return this;
        }

        public Builder source(UUID value) {
            this.source = value;
            return this;
        }

        public Builder sourceType(String value) {
            this.sourceType = value;
            return this;
        }

        public Builder timestamp(Instant value) {
            this.timestamp = value;
            return this;
        }

        public Builder origin(String value) {
            this.origin = value;
            return this;
        }

        public Builder property(String name, String value) {
            this.properties.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        public Builder properties(Map<String, String> values) {
            values.forEach(this::property);
            return this;
        }

        public Builder payload(String value) {
            this.payload = value;
            return this;
        }

        public Event build() {
            return new Event(this);
        }
    }
}
