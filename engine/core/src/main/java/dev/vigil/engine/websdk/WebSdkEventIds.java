package dev.vigil.engine.websdk;

import dev.vigil.engine.entity.EventTypes;
import java.util.Map;

/**
 * Security Center's numeric ids of the system event types, for the {@code EventName} of a stream part
 * and the {@code TriggerEvent} of an alarm. Types whose id is not public are absent (0 on the wire).
 */
final class WebSdkEventIds {
    private static final Map<String, Integer> IDS = Map.ofEntries(
            Map.entry("AlarmTriggered", 2),
            Map.entry("AlarmAcknowledged", 3),
            Map.entry("CameraMotionOn", 8),
            Map.entry("CameraMotionOff", 9),
            Map.entry("CustomEvent", 15),
            Map.entry("AlarmConditionCleared", 82),
            Map.entry("AlarmContextChanged", 83),
            Map.entry("LprRead", 256),
            Map.entry("LprHit", 257),
            Map.entry("VideoAnalyticsObjectCrossedLine", 1029),
            Map.entry("ObjectEntered", 1030),
            Map.entry("ObjectExited", 1031),
            Map.entry("Loitering", 1036),
            Map.entry("Tampering", 1044),
            Map.entry("CameraSignalLost", 1371),
            Map.entry("CameraSignalRecovered", 1372),
            Map.entry("CameraTransmissionLost", 1375),
            Map.entry("CameraMotion", 1383),
            Map.entry("AlarmInvestigating", 2384),
            Map.entry("AlarmForciblyAcked", 2385));

    private WebSdkEventIds() {}

    /** The id of an event type (any case), 0 when it has none or is not a system event type. */
    static int of(String eventType) {
        return EventTypes.find(eventType)
                .map(t -> IDS.getOrDefault(t.name(), 0))
                .orElse(0);
    }
}
