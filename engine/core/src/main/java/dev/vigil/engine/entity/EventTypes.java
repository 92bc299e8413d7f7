package dev.vigil.engine.entity;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one catalogue of system event types Vigil accepts, and the entity types that raise them. Each
 * protocol maps its own names and numbers to these (the Web SDK's numeric ids are in its package).
 */
public final class EventTypes {
    /** One event type. */
    public record EventType(String name, Set<EntityType> raisedBy) {}

    private static final Map<String, EventType> BY_LOWER_NAME;

    static {
        Map<String, EventType> m = new LinkedHashMap<>();
        Set<EntityType> camera = Set.of(EntityType.Camera);
        Set<EntityType> door = Set.of(EntityType.Door);
        Set<EntityType> alarm = Set.of(EntityType.Alarm);
        Set<EntityType> user = Set.of(EntityType.User);
        Set<EntityType> zone = Set.of(EntityType.Zone);
        Set<EntityType> any = Set.of(EntityType.values());
        add(m, "AlarmTriggered", alarm);
        add(m, "AlarmAcknowledged", alarm);
        add(m, "CameraMotionOn", camera);
        add(m, "CameraMotionOff", camera);
        add(m, "CustomEvent", any);
        add(m, "AlarmConditionCleared", alarm);
        add(m, "AlarmContextChanged", alarm);
        add(m, "LprRead", camera);
        add(m, "LprHit", camera);
        add(m, "VideoAnalyticsObjectCrossedLine", camera);
        add(m, "ObjectEntered", camera);
        add(m, "ObjectExited", camera);
        add(m, "Loitering", camera);
        add(m, "Tampering", camera);
        add(m, "CameraSignalLost", camera);
        add(m, "CameraSignalRecovered", camera);
        add(m, "CameraTransmissionLost", camera);
        add(m, "CameraMotion", camera);
        add(m, "Tailgating", camera);
        add(m, "CrowdDetected", camera);
        add(m, "AlarmInvestigating", alarm);
        add(m, "AlarmForciblyAcked", alarm);
        add(m, "AccessGranted", door);
        add(m, "AccessRefused", door);
        add(m, "DoorForcedOpen", door);
        add(m, "DoorOpenedForTooLong", door);
        add(m, "DoorOpen", door);
        add(m, "DoorClosed", door);
        add(m, "UserLoggedOn", user);
        add(m, "UserLoggedOff", user);
        add(m, "ZoneArmed", zone);
        add(m, "ZoneDisarmed", zone);
        add(m, "IntrusionDetected", zone);
        BY_LOWER_NAME = Collections.unmodifiableMap(m);
    }

    private EventTypes() {}

    private static void add(Map<String, EventType> m, String name, Set<EntityType> by) {
        m.put(name.toLowerCase(Locale.ROOT), new EventType(name, by));
    }

    /** Case-insensitive lookup returning the canonical spelling. */
    public static Optional<EventType> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_LOWER_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    public static Collection<EventType> all() {
        return BY_LOWER_NAME.values();
    }
}
