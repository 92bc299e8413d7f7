package dev.vigil.engine.camlytics;

import dev.vigil.api.CamlyticsNames;
import dev.vigil.engine.entity.EventTypes;
import java.util.Map;
import java.util.Optional;

/**
 * The Camlytics names of Vigil's event types ({@link CamlyticsNames}, shared with plugins), plus
 * Vigil's own names accepted as they are. An event raised on either API is one event of the core
 * catalogue, so it reaches the same subscriptions, rules and sinks and shows on both.
 */
public final class CamlyticsEventTypes {
    private CamlyticsEventTypes() {}

    /** The name a Camlytics client sees for a Vigil event type. */
    public static String camlyticsName(String vigilType) {
        return CamlyticsNames.of(vigilType);
    }

    /** The Vigil type of a Camlytics name (any case), or of a Vigil type name given as is. */
    public static Optional<String> vigilType(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return CamlyticsNames.vigilType(name).or(() -> EventTypes.find(name).map(EventTypes.EventType::name));
    }

    /** Camlytics name → Vigil type, for the documentation and its test. */
    public static Map<String, String> mapping() {
        return CamlyticsNames.mapping();
    }
}
