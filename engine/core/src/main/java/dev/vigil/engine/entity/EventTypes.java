package dev.vigil.engine.entity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The system event types Vigil accepts, with Security Center's numeric ids (for {@code EventName}
 * fields; 0 where the id is not public) and the entity types that raise them.
 */
public final class EventTypes {
    /** One event type. */
    public record EventType(String name, int id, Set<dev.vigil.engine.entity.EntityType> raisedBy) {
    }

    private static final Map<String, EventType> BY_LOWER_NAME;

    static {
        Map<String, EventType> m = new LinkedHashMap<>();
        Set<dev.vigil.engine.entity.EntityType> camera = Set.of(dev.vigil.engine.entity.EntityType.Camera);
        Set<dev.vigil.engine.entity.EntityType> door = Set.of(dev.vigil.engine.entity.EntityType.Door);
        Set<dev.vigil.engine.entity.EntityType> alarm = Set.of(dev.vigil.engine.entity.EntityType.Alarm);
        Set<dev.vigil.engine.entity.EntityType> user = Set.of(dev.vigil.engine.entity.EntityType.User);
        Set<dev.vigil.engine.entity.EntityType> zone = Set.of(dev.vigil.engine.entity.EntityType.Zone);
        Set<dev.vigil.engine.entity.EntityType> any = Set.of(dev.vigil.engine.entity.EntityType.values());
        add(m, "AlarmTriggered", 2, alarm);
        add(m, "AlarmAcknowledged", 3, alarm);
        add(m, "CameraMotionOn", 8, camera);
        add(m, "CameraMotionOff", 9, camera);
        add(m, "CustomEvent", 15, any);
        add(m, "AlarmConditionCleared", 82, alarm);
        add(m, "AlarmContextChanged", 83, alarm);
        add(m, "LprRead", 256, camera);
        add(m, "LprHit", 257, camera);
        add(m, "VideoAnalyticsObjectCrossedLine", 1029, camera);
        add(m, "ObjectEntered", 1030, camera);
        add(m, "ObjectExited", 1031, camera);
        add(m, "Loitering", 1036, camera);
        add(m, "Tampering", 1044, camera);
        add(m, "CameraSignalLost", 1371, camera);
        add(m, "CameraSignalRecovered", 1372, camera);
        add(m, "CameraTransmissionLost", 1375, camera);
        add(m, "CameraMotion", 1383, camera);
        add(m, "AlarmInvestigating", 2384, alarm);
        add(m, "AlarmForciblyAcked", 2385, alarm);
        add(m, "AccessGranted", 0, door);
        add(m, "AccessRefused", 0, door);
        add(m, "DoorForcedOpen", 0, door);
        add(m, "DoorOpenedForTooLong", 0, door);
        add(m, "DoorOpen", 0, door);
        add(m, "DoorClosed", 0, door);
        add(m, "UserLoggedOn", 0, user);
        add(m, "UserLoggedOff", 0, user);
        add(m, "ZoneArmed", 0, zone);
        add(m, "ZoneDisarmed", 0, zone);
        add(m, "IntrusionDetected", 0, zone);
        BY_LOWER_NAME = Collections.unmodifiableMap(m);
    }

    private EventTypes() {
    }

    private static void add(Map<String, EventType> m, String name, int id, Set<dev.vigil.engine.entity.EntityType> by) {
        m.put(name.toLowerCase(Locale.ROOT), new EventType(name, id, by));
    }

    /** Case-insensitive lookup returning the canonical spelling. */
    public static Optional<EventType> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_LOWER_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    public static java.util.Collection<EventType> all() {
        return BY_LOWER_NAME.values();
    }
}
