package dev.vigil.engine.camlytics;

import dev.vigil.engine.entity.EventTypes;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Camlytics names of Vigil's event types, both ways. An event raised on either API is one event
 * of the core catalogue, so it reaches the same subscriptions, rules and sinks and shows on both.
 * Going out, a camera event type with no Camlytics name keeps Vigil's name.
 */
public final class CamlyticsEventTypes {
    /** Camlytics name → Vigil type, in the order docs/camlytics.md lists them. */
    private static final Map<String, String> TO_VIGIL = new LinkedHashMap<>();
    /** Vigil type → Camlytics name (CameraMotion and CameraMotionOn both go out as MotionInRegionOn). */
    private static final Map<String, String> TO_CAMLYTICS = new LinkedHashMap<>();

    static {
        pair("ObjectAppear", "ObjectEntered");
        pair("ObjectDisappear", "ObjectExited");
        pair("MotionInRegionOn", "CameraMotionOn");
        pair("MotionInRegionOff", "CameraMotionOff");
        pair("TripwireCrossed", "VideoAnalyticsObjectCrossedLine");
        pair("Tailgating", "Tailgating");
        pair("Sabotage", "Tampering");
        pair("Loitering", "Loitering");
        pair("CrowdOn", "CrowdDetected");
        TO_CAMLYTICS.put("CameraMotion", "MotionInRegionOn");
    }

    private CamlyticsEventTypes() {}

    private static void pair(String camlytics, String vigil) {
        TO_VIGIL.put(camlytics, vigil);
        TO_CAMLYTICS.put(vigil, camlytics);
    }

    /** The name a Camlytics client sees for a Vigil event type. */
    public static String camlyticsName(String vigilType) {
        return TO_CAMLYTICS.getOrDefault(vigilType, vigilType);
    }

    /** The Vigil type of a Camlytics name (any case), or of a Vigil type name given as is. */
    public static Optional<String> vigilType(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> e : TO_VIGIL.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return Optional.of(e.getValue());
            }
        }
        return EventTypes.find(name.toLowerCase(Locale.ROOT)).map(EventTypes.EventType::name);
    }

    /** Camlytics name → Vigil type, for the documentation and its test. */
    public static Map<String, String> mapping() {
        return Map.copyOf(TO_VIGIL);
    }
}
