package dev.vigil.engine.entity;

import java.util.Locale;
import java.util.Optional;

/** The entity types Vigil knows, with Security Center's numeric ids where they are public. */
public enum EntityType {
    Alarm(3),
    Camera(6),
    Door(11),
    Zone(23),
    User(-1),
    UserGroup(-1),
    CustomEntity(58);

    private final int sdkId;

    EntityType(int sdkId) {
        this.sdkId = sdkId;
    }

    /** Security Center's id of the type, or -1 where Vigil does not know it. */
    public int sdkId() {
        return sdkId;
    }

    /** Case-insensitive lookup, as the Web SDK accepts {@code camera} as well as {@code Camera}. */
    public static Optional<EntityType> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (EntityType t : values()) {
            if (t.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
