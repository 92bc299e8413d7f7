package dev.vigil.plugins.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.AlarmChange;
import dev.vigil.api.AlarmSnapshot;
import dev.vigil.api.CamlyticsNames;
import dev.vigil.api.EntityInfo;
import dev.vigil.api.Event;
import dev.vigil.api.EventSink;
import dev.vigil.api.PermanentDeliveryException;
import dev.vigil.api.PluginContext;
import dev.vigil.api.RetryLaterException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.pf4j.Extension;

/**
 * Sink type {@code webhook}: calls URLs for each event, in the two forms Camlytics fires webhooks,
 * and POSTs alarm changes (see {@link WebhookSettings}). The GET form appends {@code event-type},
 * {@code event-objectId}, {@code event-ruleId}, {@code event-origin}, {@code event-channelId},
 * {@code event-channelName}, {@code event-time}, {@code event-ruleName} to the URL's own query; the
 * POST form sends the product's JSON plus {@code event_id}. A 2xx answer is delivered; 408, 429 and
 * 5xx are retried (after the receiver's {@code Retry-After} when it gives one); any other answer is
 * a refusal for good and goes to the dead letters with what the receiver said.
 */
@Extension
public class WebhookSink implements EventSink {
    static final String TIMESTAMP_HEADER = "X-Vigil-Timestamp";
    static final String SIGNATURE_HEADER = "X-Vigil-Signature";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> EVENT_NAMES = Map.of(
            "ObjectAppear", "Object appeared",
            "ObjectDisappear", "Object disappeared",
            "MotionInRegionOn", "Motion in region",
            "MotionInRegionOff", "Motion in region ended",
            "TripwireCrossed", "Crossed line",
            "Sabotage", "Camera obstructed",
            "CrowdOn", "Crowd");

    private PluginContext context;
    private WebhookSettings settings;
    private HttpClient http;

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public void start(PluginContext context) {
        this.context = context;
        this.settings = WebhookSettings.from(context.settings());
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public void onEvent(Event e) throws Exception {
        String camlyticsType = CamlyticsNames.of(e.getType());
        Optional<EntityInfo> source = context.entity(e.getSource());
        for (URI url : settings.urlsFor(e.getType(), camlyticsType)) {
            if (settings.post()) {
                send(HttpRequest.newBuilder(url), json(eventBody(e, camlyticsType, source)), url);
            } else {
                send(
                        HttpRequest.newBuilder(withQuery(url, CamlyticsNames.webhookParameters(e, source)))
                                .GET(),
                        null,
                        url);
            }
        }
    }

    @Override
    public void onAlarmChange(AlarmChange change) throws Exception {
        for (URI url : settings.alarmUrls()) {
            send(HttpRequest.newBuilder(url), json(alarmBody(change)), url);
        }
    }

    /** The product's JSON POST body, and {@code event_id} so a receiver can drop repeats. */
    static Map<String, Object> eventBody(Event e, String camlyticsType, Optional<EntityInfo> source) {
        Map<String, String> p = e.getProperties();
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("channel_id", source.map(s -> Integer.toString(s.logicalId())).orElse(""));
        b.put("channel_name", source.map(EntityInfo::name).orElse(""));
        b.put("event_name", EVENT_NAMES.getOrDefault(camlyticsType, camlyticsType));
        b.put("event_origin", p.getOrDefault("origin", "Unknown"));
        b.put(
                "event_time",
                ZonedDateTime.ofInstant(e.getTimestamp(), ZoneId.systemDefault())
                        .toOffsetDateTime()
                        .toString());
        b.put("event_type", camlyticsType);
        b.put("object_id", p.getOrDefault("object_id", "-1"));
        b.put("rule_id", p.getOrDefault("rule_id", "-1"));
        b.put("rule_name", p.getOrDefault("rule_name", ""));
        b.put("event_id", e.getSequence());
        return b;
    }

    /** An alarm change; {@code change_id} is the idempotency key. */
    static Map<String, Object> alarmBody(AlarmChange c) {
        AlarmSnapshot a = c.alarm();
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("change_id", c.changeId());
        b.put("kind", c.kind().name());
        b.put("at", c.at().toString());
        b.put("instance_id", a.instanceId());
        b.put("alarm_guid", a.alarm().toString());
        b.put("alarm_name", a.alarmName());
        b.put("source_guid", a.source().toString());
        b.put("state", a.state().name());
        b.put("priority", a.priority());
        b.put("context", a.context());
        b.put("trigger_count", a.triggerCount());
        return b;
    }

    private static byte[] json(Object body) throws IOException {
        return JSON.writeValueAsBytes(body);
    }

    static URI withQuery(URI url, Map<String, String> params) {
        StringBuilder s = new StringBuilder(url.toString());
        int fragment = s.indexOf("#");
        String tail = fragment >= 0 ? s.substring(fragment) : "";
        if (fragment >= 0) {
            s.setLength(fragment);
        }
        char sep = url.getRawQuery() == null ? '?' : '&';
        for (Map.Entry<String, String> p : params.entrySet()) {
            s.append(sep).append(p.getKey()).append('=').append(encode(p.getValue()));
            sep = '&';
        }
        return URI.create(s + tail);
    }

    private static String encode(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One request; a POST when {@code body} is given, signed when a secret is set. */
    private void send(HttpRequest.Builder b, byte[] body, URI url)
            throws IOException, InterruptedException, PermanentDeliveryException, RetryLaterException {
        b.timeout(settings.timeout()).header("User-Agent", "Vigil webhook");
        if (body != null) {
            b.header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (!settings.secret().isEmpty()) {
                String timestamp = Long.toString(Instant.now().getEpochSecond());
                b.header(TIMESTAMP_HEADER, timestamp)
                        .header(SIGNATURE_HEADER, signature(settings.secret(), timestamp, body));
            }
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        int status = r.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String answer = "HTTP " + status + " from " + redacted(url) + ": " + truncate(r.body());
        if (status == 408 || status == 429 || status >= 500) {
            Optional<Duration> after = r.headers().firstValue("Retry-After").flatMap(WebhookSink::retryAfter);
            if (after.isPresent()) {
                throw new RetryLaterException(answer, after.get());
            }
            throw new IOException(answer);
        }
        throw new PermanentDeliveryException(answer);
    }

    /** {@code sha256=} and the hex HMAC-SHA256 of {@code timestamp + "." + body} under the secret. */
    static String signature(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** Seconds, or an HTTP date. */
    static Optional<Duration> retryAfter(String value) {
        String v = value.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return Optional.of(
                        Duration.between(Instant.now(), at).isNegative()
                                ? Duration.ZERO
                                : Duration.between(Instant.now(), at));
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    /** A URL as logs and dead letters show it: without its query, which may carry a token. */
    private static String redacted(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority().replaceAll("^[^@]*@", "") + url.getRawPath();
    }

    private static String truncate(String body) {
        String b = body == null ? "" : body.strip();
        return b.length() > 500 ? b.substring(0, 500) + "…" : b;
    }
}
