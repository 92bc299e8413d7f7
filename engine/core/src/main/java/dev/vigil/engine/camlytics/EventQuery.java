package dev.vigil.engine.camlytics;

import dev.vigil.api.Event;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.entity.EntityType;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.http.ApiRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The parameters of {@code GET /v1/json/events} (and of the totals, which take the same filters):
 * {@code channelId}, {@code sinceId}, {@code untilId} (exclusive and inclusive ends of the id range),
 * {@code sinceTime}, {@code untilTime}, {@code limit}, {@code order}, {@code timeout}. Each bad value
 * is refused naming the parameter; parameters the product does not have are ignored, as it does.
 *
 * @param channel the camera asked for, or null for every channel
 * @param sinceId only events with a higher id (the poller's cursor), 0 for all
 * @param untilId only events with this id or a lower one
 */
record EventQuery(
        Entity channel,
        long sinceId,
        long untilId,
        Instant sinceTime,
        Instant untilTime,
        int limit,
        boolean descending,
        Duration timeout) {

    static final int DEFAULT_LIMIT = 100;

    static EventQuery parse(ApiRequest req, EntityRegistry entities, ZoneId zone, int maxLimit, Duration maxTimeout) {
        return new EventQuery(
                channel(req.param("channelId"), entities),
                id(req, "sinceId", 0),
                id(req, "untilId", Long.MAX_VALUE),
                time(req, "sinceTime", zone),
                time(req, "untilTime", zone),
                (int) number(req, "limit", DEFAULT_LIMIT, 1, maxLimit),
                order(req.param("order")),
                Duration.ofSeconds(number(req, "timeout", 0, 0, maxTimeout.toSeconds())));
    }

    /** Whether a camera event is one this query asks for (ids and times; the caller checks the source). */
    boolean matches(Event e, Entity camera) {
        long id = e.getSequence();
        return id > sinceId
                && id <= untilId
                && (channel == null || channel.guid().equals(camera.guid()))
                && (sinceTime == null || !e.getTimestamp().isBefore(sinceTime))
                && (untilTime == null || !e.getTimestamp().isAfter(untilTime));
    }

    private static Entity channel(String text, EntityRegistry entities) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        for (Entity camera : entities.ofType(EntityType.Camera)) {
            if (CamlyticsViews.channelId(camera).equals(text)
                    || camera.guid().toString().equalsIgnoreCase(text)) {
                return camera;
            }
        }
        throw new RefusedException(
                ErrorCode.INVALID_VALUE,
                "channelId '" + text + "' is no channel; GET /v1/json/channels lists them (a channel_id, or the"
                        + " camera's GUID)");
    }

    private static long id(ApiRequest req, String name, long absent) {
        return number(req, name, absent, 0, Long.MAX_VALUE);
    }

    private static long number(ApiRequest req, String name, long absent, long min, long max) {
        String v = req.param(name);
        if (v == null || v.isEmpty()) {
            return absent;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new RefusedException(
                ErrorCode.INVALID_VALUE, name + " must be an integer in " + min + ".." + max + ", not '" + v + "'");
    }

    private static boolean order(String v) {
        if (v == null || v.isEmpty() || v.equalsIgnoreCase("ASC")) {
            return false;
        }
        if (v.equalsIgnoreCase("DESC")) {
            return true;
        }
        throw new RefusedException(ErrorCode.INVALID_VALUE, "order must be ASC or DESC, not '" + v + "'");
    }

    /** The product's local time ({@code 2022-01-19T16:22:25.4330000}), or an instant with its offset. */
    private static Instant time(ApiRequest req, String name, ZoneId zone) {
        String v = req.param(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        return CamlyticsTimes.parse(v, zone)
                .orElseThrow(() -> new RefusedException(
                        ErrorCode.INVALID_VALUE,
                        name + " must be a time such as 2022-01-19T16:22:25 (this server's zone, " + zone
                                + ") or 2022-01-19T16:22:25Z, not '" + v + "'"));
    }
}
