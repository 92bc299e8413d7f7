package dev.vigil.engine.camlytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.CamlyticsNames;
import dev.vigil.api.EntityInfo;
import dev.vigil.api.Event;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.entity.EntityType;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.ingest.IngestService;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives what a real Camlytics install sends to a webhook URL, so that it can simply be pointed at
 * Vigil: the GET with {@code event-type}, {@code event-objectId}, {@code event-ruleId},
 * {@code event-origin}, {@code event-channelId}, {@code event-channelName}, {@code event-time},
 * {@code event-ruleName}, or the JSON POST with {@code event_type}, {@code channel_id},
 * {@code channel_name}, {@code event_time}, {@code object_id}, {@code rule_id}, {@code rule_name},
 * {@code event_origin}, {@code event_name}. Each becomes one journaled event of the mapped type on
 * the channel's camera; an unknown channel or type is refused and logged, never dropped silently.
 */
final class CamlyticsWebhook {
    private static final Logger LOG = LoggerFactory.getLogger(CamlyticsWebhook.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ORIGIN = "camlytics-webhook";

    /** What one webhook call says, whichever form it came in. */
    record Inbound(
            String type,
            String channelId,
            String channelName,
            String time,
            String objectId,
            String ruleId,
            String ruleName,
            String origin) {}

    private final IngestService ingest;
    private final EntityRegistry entities;
    private final Map<String, String> channelMap;
    private final ZoneId zone;

    CamlyticsWebhook(IngestService ingest, EntityRegistry entities, Map<String, String> channelMap, ZoneId zone) {
        this.ingest = ingest;
        this.entities = entities;
        this.channelMap = Map.copyOf(channelMap);
        this.zone = zone;
    }

    static Inbound fromQuery(ApiRequest req) {
        return new Inbound(
                req.param("event-type"),
                req.param("event-channelId"),
                req.param("event-channelName"),
                req.param("event-time"),
                req.param("event-objectId"),
                req.param("event-ruleId"),
                req.param("event-ruleName"),
                req.param("event-origin"));
    }

    static Inbound fromJson(byte[] body) {
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (IOException e) {
            throw new RefusedException(
                    ErrorCode.INVALID_JSON,
                    "the body is not JSON: "
                            + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (n == null || !n.isObject()) {
            throw new RefusedException(ErrorCode.INVALID_JSON, "the body must be one JSON object, as Camlytics posts");
        }
        return new Inbound(
                text(n, "event_type"),
                text(n, "channel_id"),
                text(n, "channel_name"),
                text(n, "event_time"),
                text(n, "object_id"),
                text(n, "rule_id"),
                text(n, "rule_name"),
                text(n, "event_origin"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Journals the event; completes with it once it is on disk. */
    CompletableFuture<Event> receive(Inbound in, long receivedNanos) {
        if (in.type() == null || in.type().isBlank()) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, "event-type is missing");
        }
        String type = CamlyticsEventTypes.vigilType(in.type())
                .orElseThrow(() -> new RefusedException(
                        ErrorCode.UNKNOWN_EVENT_TYPE,
                        "event-type '" + in.type()
                                + "' is no Camlytics or Vigil event type; docs/camlytics.md lists them"));
        Entity camera = camera(in);
        Map<String, String> props = new LinkedHashMap<>();
        put(props, "object_id", in.objectId());
        put(props, "rule_id", in.ruleId());
        put(props, "rule_name", in.ruleName());
        put(props, "origin", in.origin());
        Event event = ingest.describe(type, camera.guid().toString(), time(in.time()), props, null, ORIGIN);
        return ingest.ingest(event, receivedNanos);
    }

    private static void put(Map<String, String> props, String key, String value) {
        if (value != null && !value.isEmpty()) {
            props.put(key, value);
        }
    }

    /** The channel's camera by the documented rule ({@link CamlyticsNames#camera}). */
    private Entity camera(Inbound in) {
        List<EntityInfo> cameras = entities.ofType(EntityType.Camera).stream()
                .map(c -> new EntityInfo(c.guid(), c.type().name(), c.logicalId(), c.name()))
                .toList();
        Optional<EntityInfo> found = CamlyticsNames.camera(cameras, channelMap, in.channelId(), in.channelName());
        if (found.isPresent()) {
            return entities.get(found.get().guid()).orElseThrow();
        }
        String id = in.channelId() == null ? "" : in.channelId().trim();
        throw unknown(
                in,
                channelMap.containsKey(id)
                        ? "camlytics.channelMap maps it to " + channelMap.get(id) + ", which is no camera"
                        : "no camera has its name or logical id, and camlytics.channelMap does not list it");
    }

    private RefusedException unknown(Inbound in, String why) {
        String channel =
                "channel '" + in.channelId() + "'" + (in.channelName() == null ? "" : " (" + in.channelName() + ")");
        LOG.warn("Camlytics webhook for {} refused: {}", channel, why);
        return new RefusedException(ErrorCode.UNKNOWN_ENTITY, channel + " matches no camera: " + why);
    }

    private Instant time(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return CamlyticsTimes.parse(text, zone)
                .orElseThrow(() -> new RefusedException(
                        ErrorCode.INVALID_TIMESTAMP,
                        "event-time '" + text + "' is no time such as 2022-01-19T16:22:25.4330000 or"
                                + " 2022-01-19T16:22:25+01:00"));
    }
}
