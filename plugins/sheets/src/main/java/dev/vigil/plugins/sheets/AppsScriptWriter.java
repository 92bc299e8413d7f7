package dev.vigil.plugins.sheets;

import dev.vigil.api.PermanentDeliveryException;
import dev.vigil.api.RetryLaterException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Camlytics recipe: the seed's Apps Script web app, called as a Camlytics webhook is, one GET per
 * row with the item's fields as query parameters ({@code event-type}, {@code event-objectId}, ...;
 * for an alarm change {@code alarmName}, {@code state}, ...). The script fills the columns whose
 * header names a parameter. It answers 200 even when it failed, with {@code "result":"error"} in the
 * body, so the body is read too.
 */
final class AppsScriptWriter implements RowWriter {
    private final SheetsSettings settings;
    private final HttpClient http;

    AppsScriptWriter(SheetsSettings settings) {
        this.settings = settings;
        // Google answers a web app's URL with a redirect to the script's output.
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public void write(List<Map<String, String>> items) throws Exception {
        for (Map<String, String> item : items) {
            call(item);
        }
    }

    private void call(Map<String, String> item)
            throws IOException, InterruptedException, RetryLaterException, PermanentDeliveryException {
        StringBuilder q = new StringBuilder();
        item.forEach((k, v) -> {
            if (!v.isEmpty()) {
                q.append(q.length() == 0 ? "" : "&")
                        .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                        .append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        URI base = settings.url();
        String own = base.getRawQuery();
        URI uri = URI.create(base.toString() + (own == null ? "?" : "&") + q);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri).timeout(settings.timeout()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String answer = "Apps Script answered HTTP " + r.statusCode() + ": "
                + r.body().substring(0, Math.min(200, r.body().length()));
        if (r.statusCode() == 429) {
            long seconds = r.headers()
                    .firstValue("Retry-After")
                    .filter(v -> v.matches("\\d{1,6}"))
                    .map(Long::parseLong)
                    .orElse(30L);
            throw new RetryLaterException(answer, Duration.ofSeconds(seconds));
        }
        if (r.statusCode() == 400 || r.statusCode() == 404) {
            throw new PermanentDeliveryException(answer);
        }
        if (r.statusCode() != 200 || r.body().contains("\"result\":\"error\"")) {
            throw new IOException(answer);
        }
    }
}
