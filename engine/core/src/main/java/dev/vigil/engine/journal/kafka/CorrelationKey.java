package dev.vigil.engine.journal.kafka;

import dev.vigil.api.Event;
import java.nio.charset.StandardCharsets;

/**
 * What an event's partition is chosen by: its source, or an event property (a site, a zone) with the
 * source when the property is missing. Events with the same key land in the same partition, in the
 * order they were accepted, and so in the same rules session.
 */
final class CorrelationKey {
    private final String property;

    private CorrelationKey(String property) {
        this.property = property;
    }

    /** From the setting {@code source} or {@code property:NAME}. */
    static CorrelationKey parse(String setting) {
        if ("source".equals(setting)) {
            return new CorrelationKey(null);
        }
        if (setting.startsWith("property:") && setting.length() > "property:".length()) {
            return new CorrelationKey(setting.substring("property:".length()));
        }
        throw new IllegalArgumentException("journal.kafka.key must be source or property:NAME, was '" + setting + "'");
    }

    byte[] of(Event e) {
        String value = property == null ? null : e.property(property);
        if (value == null || value.isEmpty()) {
            value = String.valueOf(e.getSource());
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** How the setting reads in logs and docs. */
    String describe() {
        return property == null ? "the event's source" : "the event property '" + property + "' (else the source)";
    }
}
