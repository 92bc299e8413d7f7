package dev.vigil.engine.entity;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the two ways the Web SDK names an entity: a GUID (bare or in braces) or
 * {@code LogicalID(Type,N)} (also {@code LogicalId}), N in 1..9,999,999.
 */
public final class EntityRefs {
    public static final UUID NONE = new UUID(0, 0);
    private static final Pattern GUID =
            Pattern.compile("\\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})}?");
    private static final Pattern LOGICAL = Pattern.compile("(?i)LogicalID\\(\\s*([A-Za-z]+)\\s*,\\s*(\\d{1,7})\\s*\\)");

    private EntityRefs() {}

    /** A parsed reference: either a GUID or a (type, logical id) pair. */
    public record Ref(UUID guid, EntityType type, int logicalId) {
        public boolean isGuid() {
            return guid != null;
        }

        @Override
        public String toString() {
            return guid != null ? guid.toString() : "LogicalID(" + type + "," + logicalId + ")";
        }
    }

    /**
     * @throws IllegalArgumentException with a message naming what is wrong with {@code text}
     */
    public static Ref parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("entity reference is empty");
        }
        // strip(), not trim(): trim() also drops control characters, so "LogicalID(Door,1)\0" would pass as Door 1.
        String t = text.strip();
        if (t.length() == 36
                && t.charAt(8) == '-'
                && t.charAt(13) == '-'
                && t.charAt(18) == '-'
                && t.charAt(23) == '-') {
            try {
                // The common case on the hot path: a bare GUID, parsed without the regex.
                return new Ref(UUID.fromString(t), null, 0);
            } catch (IllegalArgumentException notHex) {
                // falls through to the full check and its message
            }
        }
        Matcher g = GUID.matcher(t);
        if (g.matches()) {
            boolean open = t.startsWith("{");
            boolean close = t.endsWith("}");
            if (open != close) {
                throw new IllegalArgumentException("'" + t + "' has an unbalanced brace around the GUID");
            }
            return new Ref(UUID.fromString(g.group(1)), null, 0);
        }
        Matcher l = LOGICAL.matcher(t);
        if (l.matches()) {
            Optional<EntityType> type = EntityType.parse(l.group(1));
            if (type.isEmpty()) {
                throw new IllegalArgumentException("'" + l.group(1) + "' in '" + t + "' is not an entity type");
            }
            int n = Integer.parseInt(l.group(2));
            if (n < 1) {
                throw new IllegalArgumentException("logical id in '" + t + "' must be 1..9999999");
            }
            return new Ref(null, type.get(), n);
        }
        if (t.regionMatches(true, 0, "LogicalID", 0, 9)) {
            throw new IllegalArgumentException("'" + t + "' is not a valid LogicalID(Type,N) with N in 1..9999999");
        }
        throw new IllegalArgumentException("'" + t + "' is neither a GUID nor LogicalID(Type,N)");
    }
}
