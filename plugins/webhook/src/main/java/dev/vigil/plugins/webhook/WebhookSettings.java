package dev.vigil.plugins.webhook;

import dev.vigil.api.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A webhook instance's {@code settings:} from {@code conf/vigil.yaml}, checked when it starts (a bad
 * one disables the instance with a message naming the setting):
 * <pre>
 * method: GET          # GET: the Camlytics form (event-* query parameters); POST: its JSON form
 * urls:                # per event type, Camlytics or Vigil name; "*" for every type
 *   ObjectAppear: [ "https://script.google.com/macros/s/ID/exec" ]
 *   "*": "http://receiver.example/hook?site=3"
 * alarmUrls: [ "http://receiver.example/alarms" ]   # alarm changes, always POSTed as JSON
 * secret: ""           # non-empty: sign every POST with HMAC-SHA256 (X-Vigil-Signature)
 * timeout: 10s         # per request: connect, send, answer
 * </pre>
 */
record WebhookSettings(
        boolean post, Map<String, List<URI>> urls, List<URI> alarmUrls, String secret, Duration timeout) {

    static WebhookSettings from(Map<String, Object> s) {
        String method = String.valueOf(s.getOrDefault("method", "GET")).toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("POST")) {
            throw new IllegalArgumentException("settings.method must be GET or POST, not '" + method + "'");
        }
        Map<String, List<URI>> urls = new LinkedHashMap<>();
        Object u = s.get("urls");
        if (u instanceof Map<?, ?> m) {
            m.forEach((type, list) ->
                    urls.put(String.valueOf(type).toLowerCase(Locale.ROOT), uris("urls." + type, list)));
        } else if (u != null) {
            throw new IllegalArgumentException(
                    "settings.urls must map event types to URLs, e.g. ObjectAppear: [http://...]");
        }
        List<URI> alarmUrls = s.containsKey("alarmUrls") ? uris("alarmUrls", s.get("alarmUrls")) : List.of();
        Object secret = s.getOrDefault("secret", "");
        return new WebhookSettings(
                method.equals("POST"),
                urls,
                alarmUrls,
                secret == null ? "" : String.valueOf(secret),
                new Settings(s).duration("timeout", "10s"));
    }

    /** The URLs an event type goes to: those named for it, then those for every type. */
    List<URI> urlsFor(String vigilType, String camlyticsType) {
        List<URI> out = new ArrayList<>();
        out.addAll(urls.getOrDefault(camlyticsType.toLowerCase(Locale.ROOT), List.of()));
        if (!vigilType.equalsIgnoreCase(camlyticsType)) {
            out.addAll(urls.getOrDefault(vigilType.toLowerCase(Locale.ROOT), List.of()));
        }
        out.addAll(urls.getOrDefault("*", List.of()));
        return out;
    }

    private static List<URI> uris(String key, Object value) {
        List<Object> items = value instanceof List<?> l ? new ArrayList<>(l) : List.of(value);
        List<URI> out = new ArrayList<>();
        for (Object item : items) {
            URI uri;
            try {
                uri = URI.create(String.valueOf(item).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("settings." + key + ": '" + item + "' is no URL: " + e.getMessage());
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("settings." + key + ": '" + item + "' is no http(s) URL");
            }
            out.add(uri);
        }
        return List.copyOf(out);
    }
}
