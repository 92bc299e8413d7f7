package dev.vigil.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * The camera a Camlytics channel is, by the one documented rule: the channel id listed in
     * {@code channelMap} (its value a camera GUID or {@code LogicalID(Camera,N)}), else the camera whose
     * name is the channel's name (any case), else the camera whose logical id is the channel id.
     */
    public static Optional<EntityInfo> camera(
            List<EntityInfo> entities, Map<String, String> channelMap, String channelId, String channelName) {
        String id = channelId == null ? "" : channelId.trim();
        List<EntityInfo> cameras =
                entities.stream().filter(e -> e.type().equals("Camera")).toList();
        String mapped = channelMap.get(id);
        if (mapped != null) {
            String m = mapped.trim();
            Matcher logical = LOGICAL_CAMERA.matcher(m);
            for (EntityInfo c : cameras) {
                if (logical.matches()
                        ? c.logicalId() == Integer.parseInt(logical.group(1))
                        : c.guid()
                                .toString()
                                .equalsIgnoreCase(m.replace("{", "").replace("}", ""))) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
        if (channelName != null) {
            for (EntityInfo c : cameras) {
                if (c.name().equalsIgnoreCase(channelName.trim())) {
                    return Optional.of(c);
                }
            }
        }
        for (EntityInfo c : cameras) {
            if (Integer.toString(c.logicalId()).equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * The GET parameters a Camlytics webhook appends, in the product's order ({@code event-type},
     * {@code event-objectId}, {@code event-ruleId}, {@code event-origin}, {@code event-channelId},
     * {@code event-channelName}, {@code event-time}, {@code event-ruleName}); what the event does not
     * carry is the product's "absent" ({@code -1}, {@code Unknown}, empty). The time is local time, as
     * the product writes it. A sheet whose header row names these columns (the seed's Apps Script
     * recipe) takes the values as they are.
     */
    public static Map<String, String> webhookParameters(Event e, Optional<EntityInfo> source) {
        Map<String, String> p = e.getProperties();
        Map<String, String> q = new java.util.LinkedHashMap<>();
        q.put("event-type", of(e.getType()));
        q.put("event-objectId", p.getOrDefault("object_id", "-1"));
        q.put("event-ruleId", p.getOrDefault("rule_id", "-1"));
        q.put("event-origin", p.getOrDefault("origin", "Unknown"));
        q.put(
                "event-channelId",
                source.map(s -> Integer.toString(s.logicalId())).orElse(""));
        q.put("event-channelName", source.map(EntityInfo::name).orElse(""));
        q.put("event-time", LOCAL_TIME.format(e.getTimestamp().atZone(java.time.ZoneId.systemDefault())));
        q.put("event-ruleName", p.getOrDefault("rule_name", ""));
        return q;
    }

    private static final java.time.format.DateTimeFormatter LOCAL_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS");

    private static final Pattern LOGICAL_CAMERA =
            Pattern.compile("(?i)LogicalID\\(\\s*Camera\\s*,\\s*(\\d{1,7})\\s*\\)");

    /** Camlytics name → Vigil type. */
    public static Map<String, String> mapping() {
        return Map.copyOf(TO_VIGIL);
    }
}
