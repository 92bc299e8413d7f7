package dev.vigil.plugins.camlytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.CamlyticsNames;
import dev.vigil.api.EntityInfo;
import dev.vigil.api.Event;
import dev.vigil.api.EventSource;
import dev.vigil.api.OverloadedException;
import dev.vigil.api.PluginContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source type {@code camlytics}: follows a Camlytics server's {@code /v1/json/events} long poll and
 * ingests each event as a Vigil event of the mapped type on the channel's camera. Settings:
 * <pre>
 * url: http://camlytics-host:48462    # required
 * user: "", password: ""              # HTTP Basic, when the server asks for it
 * channels: []                        # channel ids to follow; empty: every channel
 * channelMap: {}                      # channel id -> camera (GUID or LogicalID(Camera,N)), as the Camlytics API's
 * timeZone: ""                        # the server's zone for its local "time" fields; empty: this machine's
 * timeout: 20                         # seconds each poll may wait
 * limit: 100                          # events per poll
 * </pre>
 * The cursor (the last {@code event_id} ingested) is written to the instance's data folder after
 * each event, so a restart resumes after it; a new instance starts from the server's newest event.
 * While the server is away it backs off (1 s doubling to 30 s) and says so in {@code GET /WebSdk/plugins}.
 */
@Extension
public class CamlyticsSource implements EventSource {
    private static final Logger LOG = LoggerFactory.getLogger(CamlyticsSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final String ORIGIN = "camlytics";

    private PluginContext context;
    private URI base;
    private String authorization;
    private Set<String> channels;
    private Map<String, String> channelMap;
    private ZoneId zone;
    private int timeout;
    private int limit;
    private Path cursorFile;
    private HttpClient http;
    private volatile boolean running;
    private Thread thread;
    private final Set<String> unknownChannels = new HashSet<>();

    @Override
    public String type() {
        return "camlytics";
    }

    @Override
    public void start(PluginContext context) throws IOException {
        this.context = context;
        Map<String, Object> s = context.settings();
        Object url = s.get("url");
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException("settings.url is missing: the Camlytics server, e.g. http://host:48462");
        }
        this.base = URI.create(url.toString().replaceAll("/+$", ""));
        String user = String.valueOf(s.getOrDefault("user", ""));
        this.authorization = user.isEmpty()
                ? null
                : "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (user + ":" + s.getOrDefault("password", "")).getBytes(StandardCharsets.UTF_8));
        this.channels = new HashSet<>();
        if (s.get("channels") instanceof List<?> list) {
            list.forEach(c -> channels.add(String.valueOf(c)));
        }
        this.channelMap = new LinkedHashMap<>();
        if (s.get("channelMap") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> channelMap.put(String.valueOf(k), String.valueOf(v)));
        }
        String tz = String.valueOf(s.getOrDefault("timeZone", ""));
        this.zone = tz.isBlank() ? ZoneId.systemDefault() : ZoneId.of(tz);
        this.timeout = Integer.parseInt(String.valueOf(s.getOrDefault("timeout", "20")));
        this.limit = Integer.parseInt(String.valueOf(s.getOrDefault("limit", "100")));
        Files.createDirectories(context.dataDirectory());
        this.cursorFile = context.dataDirectory().resolve("cursor");
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.running = true;
        this.thread = new Thread(this::follow, "vigil-camlytics-source-" + context.instanceName());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    private void follow() {
        Duration backoff = Duration.ofSeconds(1);
        Long cursor = null;
        boolean waiting = false;
        while (running) {
            try {
                if (cursor == null) {
                    cursor = readCursor().orElse(null);
                    if (cursor == null) {
                        cursor = newest();
                        writeCursor(cursor);
                        LOG.info(
                                "Camlytics source {} starts from {}'s newest event, {}",
                                context.instanceName(),
                                base,
                                cursor);
                    }
                }
                JsonNode events =
                        get("/v1/json/events?sinceId=" + cursor + "&order=ASC&limit=" + limit + "&timeout=" + timeout);
                if (waiting || backoff.getSeconds() > 1) {
                    context.reportStatus("following " + base + " after event " + cursor);
                    LOG.info("Camlytics source {} reaches {} again", context.instanceName(), base);
                    waiting = false;
                }
                backoff = Duration.ofSeconds(1);
                for (JsonNode e : events) {
                    long id = e.path("event_id").asLong();
                    ingest(e);
                    cursor = id;
                    writeCursor(cursor);
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                context.reportStatus(
                        "waiting for " + base + ": " + why + "; retrying in " + backoff.toSeconds() + " s");
                if (!waiting) {
                    LOG.warn(
                            "Camlytics source {} cannot follow {}: {}; retrying with backoff",
                            context.instanceName(),
                            base,
                            why);
                    waiting = true;
                }
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException stopped) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** One Camlytics event into the journal: skipped (and reported) only when no camera or type fits. */
    private void ingest(JsonNode e) throws InterruptedException {
        String channelId = e.path("channel_id").asText("");
        if (!channels.isEmpty() && !channels.contains(channelId)) {
            return;
        }
        String channelName = e.path("channel_name").asText("");
        Optional<EntityInfo> camera = CamlyticsNames.camera(context.entities(), channelMap, channelId, channelName);
        if (camera.isEmpty()) {
            if (unknownChannels.add(channelId)) {
                LOG.warn(
                        "Camlytics source {}: channel '{}' ({}) matches no camera; its events are skipped, the first"
                                + " was {}. Add it to channelMap or name a camera '{}'",
                        context.instanceName(),
                        channelId,
                        channelName,
                        e.path("event_id").asLong(),
                        channelName);
                context.reportStatus("events of channel " + channelId + " (" + channelName + ") skipped: no camera");
            }
            return;
        }
        String type = e.path("type").asText("");
        Event.Builder b = Event.builder()
                .type(CamlyticsNames.vigilType(type).orElse(type))
                .source(camera.get().guid())
                .sourceType("Camera")
                .timestamp(time(e.path("time").asText("")))
                .origin(ORIGIN)
                .property("camlytics_event_id", e.path("event_id").asText());
        for (String field : List.of(
                "object_id",
                "rule_id",
                "rule_name",
                "origin",
                "timestamp",
                "snapshot_path",
                "recording_path",
                "video_file_name",
                "video_file_time")) {
            String v = e.path(field).asText("");
            if (!v.isEmpty() && !v.equals("-1")) {
                b.property(field, v);
            }
        }
        Event event = b.build();
        while (running) {
            try {
                context.publish(event);
                return;
            } catch (OverloadedException full) {
                Thread.sleep(Math.max(100, full.retryAfterSeconds() * 1000L));
            } catch (IllegalArgumentException refused) {
                LOG.warn(
                        "Camlytics source {}: event {} refused by Vigil: {}",
                        context.instanceName(),
                        e.path("event_id").asLong(),
                        refused.getMessage());
                context.reportStatus("event " + e.path("event_id").asLong() + " refused: " + refused.getMessage());
                return;
            }
        }
    }

    private Instant time(String text) {
        if (text.isEmpty()) {
            return Instant.now();
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException local) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeException e) {
                return Instant.now();
            }
        }
    }

    private long newest() throws IOException, InterruptedException {
        JsonNode a = get("/v1/json/events?order=DESC&limit=1");
        return a.size() == 0 ? 0 : a.get(0).path("event_id").asLong();
    }

    private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(timeout + 10L))
                .header("Accept", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + ": " + r.body().strip());
        }
        JsonNode n = JSON.readTree(r.body());
        if (!n.isArray()) {
            throw new IOException("the answer is no array of events");
        }
        return n;
    }

    private Optional<Long> readCursor() throws IOException {
        if (!Files.exists(cursorFile)) {
            return Optional.empty();
        }
        String t = Files.readString(cursorFile).trim();
        return t.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(t));
    }

    /** Beside the target, then moved over it: a crash leaves the old cursor or the new one. */
    private void writeCursor(long cursor) throws IOException {
        Path tmp = cursorFile.resolveSibling("cursor.tmp");
        Files.writeString(tmp, Long.toString(cursor));
        Files.move(tmp, cursorFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
