package dev.vigil.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Camlytics names of Vigil's camera event types, both ways: the one table the Camlytics API,
 * its webhooks and any plugin speaking to a Camlytics tool share. A Vigil type without a Camlytics
 * name keeps its own.
 */
public final class CamlyticsNames {
    private static final Map<String, String> TO_VIGIL = new LinkedHashMap<>();
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
        // CameraMotion (the Web SDK's generic motion) goes out as MotionInRegionOn too.
        TO_CAMLYTICS.put("CameraMotion", "MotionInRegionOn");
    }

    private CamlyticsNames() {}

    private static void pair(String camlytics, String vigil) {
        TO_VIGIL.put(camlytics, vigil);
        TO_CAMLYTICS.put(vigil, camlytics);
    }

    /** The name a Camlytics tool knows for a Vigil event type. */
    public static String of(String vigilType) {
        return TO_CAMLYTICS.getOrDefault(vigilType, vigilType);
    }

    /** The Vigil type of a Camlytics name (any case), when it is one. */
    public static Optional<String> vigilType(String camlyticsName) {
        for (Map.Entry<String, String> e : TO_VIGIL.entrySet()) {
            if (e.getKey().equalsIgnoreCase(camlyticsName)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** Camlytics name → Vigil type. */
    public static Map<String, String> mapping() {
        return Map.copyOf(TO_VIGIL);
    }
}
