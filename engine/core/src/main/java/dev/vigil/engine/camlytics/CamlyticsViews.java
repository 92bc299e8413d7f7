package dev.vigil.engine.camlytics;

import dev.vigil.api.Event;
import dev.vigil.engine.entity.Entity;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The product's shapes, snake case (the mapper's naming strategy turns {@code channelId} into
 * {@code channel_id}). Absent ids are {@code "-1"} and absent texts empty, as the product writes them.
 */
final class CamlyticsViews {
    /** Local time without a zone, seven fraction digits: {@code 2022-01-19T16:22:25.4330000}. */
    static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS");

    private CamlyticsViews() {}

    record EventView(
            long eventId,
            String type,
            String time,
            String timestamp,
            String channelId,
            String channelName,
            String objectId,
            String origin,
            String ruleId,
            String ruleName,
            String snapshotPath,
            String recordingPath,
            String videoFileName,
            String videoFileTime) {}

    record ChannelView(
            String channelId,
            String name,
            String type,
            String streamUri,
            String login,
            String password,
            String uri,
            String profileName,
            String profileToken) {}

    record TypeTotal(String type, long count) {}

    record RuleTotal(String ruleId, String ruleName, long count) {}

    /**
     * One event as the product shows it. What Vigil does not know of a camera event (the object, the
     * analytics rule, the snapshot) comes from the event's properties of the same snake-case names,
     * which events that came from Camlytics carry.
     */
    static EventView event(Event e, Entity camera, ZoneId zone) {
        Map<String, String> p = e.getProperties();
        return new EventView(
                e.getSequence(),
                CamlyticsEventTypes.camlyticsName(e.getType()),
                LOCAL_TIME.format(e.getTimestamp().atZone(zone)),
                p.getOrDefault("timestamp", "0"),
                channelId(camera),
                camera.name(),
                p.getOrDefault("object_id", "-1"),
                p.getOrDefault("origin", "Unknown"),
                p.getOrDefault("rule_id", "-1"),
                p.getOrDefault("rule_name", ""),
                p.getOrDefault("snapshot_path", ""),
                p.getOrDefault("recording_path", ""),
                p.getOrDefault("video_file_name", ""),
                p.getOrDefault("video_file_time", ""));
    }

    /** A camera's channel id is its logical id: short, stable, and what entities.yaml already says. */
    static String channelId(Entity camera) {
        return Integer.toString(camera.logicalId());
    }

    /**
     * A camera as a channel. Credentials written into the stream URI never leave: the URI goes out
     * without them and the password is always empty (no Vigil user has the right to read it yet); the
     * user name, which is no secret, is the {@code login}.
     */
    static ChannelView channel(Entity camera) {
        String login = "";
        String stream = camera.streamUri();
        try {
            URI u = new URI(stream);
            if (u.getRawUserInfo() != null) {
                String info = u.getRawUserInfo();
                login = info.contains(":") ? info.substring(0, info.indexOf(':')) : info;
                stream = new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), null)
                        .toString();
            }
        } catch (URISyntaxException notAUri) {
            stream = stream.replaceAll("//[^/@]*@", "//");
        }
        return new ChannelView(channelId(camera), camera.name(), "Camera", stream, login, "", "", "", "");
    }
}
