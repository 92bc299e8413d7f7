package dev.vigil.plugins.sheets;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.SheetsScopes;
import com.google.api.services.sheets.v4.model.ValueRange;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.vigil.api.PermanentDeliveryException;
import dev.vigil.api.RetryLaterException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Appends rows with {@code spreadsheets.values.append} through Google's client library, signed in
 * as a service account. The columns are the sheet's header row (row 1), read again every minute, each
 * filled with the item's field of that name, as the Camlytics Apps Script recipe does: a sheet made
 * for that recipe works unchanged. Values are written RAW, so a value that starts with {@code =} is
 * text, never a formula.
 */
final class SheetsApiWriter implements RowWriter {
    private static final Duration HEADER_TTL = Duration.ofMinutes(1);

    private final SheetsSettings settings;
    private final Sheets sheets;
    private List<String> header;
    private long headerReadAt;

    SheetsApiWriter(SheetsSettings settings) throws IOException {
        this.settings = settings;
        GoogleCredentials credentials;
        try (InputStream in = Files.newInputStream(settings.keyFile())) {
            ServiceAccountCredentials account = ServiceAccountCredentials.fromStream(in);
            if (!settings.tokenUrl().isEmpty()) {
                account = account.toBuilder()
                        .setTokenServerUri(URI.create(settings.tokenUrl()))
                        .build();
            }
            credentials = account.createScoped(List.of(SheetsScopes.SPREADSHEETS));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("settings.keyFile: " + settings.keyFile()
                    + " is not a service account key (" + e.getMessage() + ")");
        }
        HttpCredentialsAdapter auth = new HttpCredentialsAdapter(credentials);
        int ms = (int) settings.timeout().toMillis();
        HttpRequestInitializer init = request -> {
            auth.initialize(request);
            request.setConnectTimeout(ms);
            request.setReadTimeout(ms);
        };
        sheets = new Sheets.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), init)
                .setRootUrl(settings.rootUrl())
                .setApplicationName("Vigil")
                .build();
    }

    @Override
    public void write(List<Map<String, String>> items) throws Exception {
        List<String> columns = header();
        List<List<Object>> rows = new ArrayList<>(items.size());
        for (Map<String, String> item : items) {
            List<Object> row = new ArrayList<>(columns.size());
            for (String column : columns) {
                row.add(value(item, column));
            }
            rows.add(row);
        }
        try {
            sheets.spreadsheets()
                    .values()
                    .append(settings.spreadsheetId(), range("A1"), new ValueRange().setValues(rows))
                    .setValueInputOption("RAW")
                    .setInsertDataOption("INSERT_ROWS")
                    .execute();
        } catch (GoogleJsonResponseException e) {
            throw classify(e);
        }
    }

    /** Exact name first, as the recipe asks; then any case, since a sheet's author rarely checks. */
    private static String value(Map<String, String> item, String column) {
        String v = item.get(column);
        if (v != null) {
            return v;
        }
        for (Map.Entry<String, String> f : item.entrySet()) {
            if (f.getKey().toLowerCase(Locale.ROOT).equals(column.toLowerCase(Locale.ROOT))) {
                return f.getValue();
            }
        }
        return "";
    }

    private List<String> header() throws Exception {
        if (header != null && System.nanoTime() - headerReadAt < HEADER_TTL.toNanos()) {
            return header;
        }
        ValueRange first;
        try {
            first = sheets.spreadsheets()
                    .values()
                    .get(settings.spreadsheetId(), range("1:1"))
                    .execute();
        } catch (GoogleJsonResponseException e) {
            throw classify(e);
        }
        List<String> names = new ArrayList<>();
        if (first.getValues() != null && !first.getValues().isEmpty()) {
            for (Object cell : first.getValues().get(0)) {
                names.add(String.valueOf(cell).trim());
            }
        }
        if (names.stream().allMatch(String::isEmpty)) {
            throw new IllegalStateException("sheet '" + settings.sheet()
                    + "' has no header row: write the field names (event-type, event-time, alarmName...) in row 1");
        }
        header = List.copyOf(names);
        headerReadAt = System.nanoTime();
        return header;
    }

    private String range(String cells) {
        return "'" + settings.sheet().replace("'", "''") + "'!" + cells;
    }

    /** 429 and 5xx come back later; a missing sheet or a refused request will not change by trying again. */
    static Exception classify(GoogleJsonResponseException e) {
        int status = e.getStatusCode();
        String what = "Sheets API answered HTTP " + status + ": "
                + (e.getDetails() != null ? e.getDetails().getMessage() : e.getStatusMessage());
        if (status == 429) {
            Duration after = Duration.ofSeconds(30);
            Object header = e.getHeaders() == null ? null : e.getHeaders().getRetryAfter();
            if (header != null) {
                try {
                    after = Duration.ofSeconds(Long.parseLong(header.toString().trim()));
                } catch (NumberFormatException notSeconds) {
                    // an HTTP date: the default wait is as good
                }
            }
            return new RetryLaterException(what, after);
        }
        if (status == 400 || status == 404) {
            return new PermanentDeliveryException(what, e);
        }
        return e;
    }
}
