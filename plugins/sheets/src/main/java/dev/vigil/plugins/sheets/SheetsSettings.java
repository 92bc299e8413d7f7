package dev.vigil.plugins.sheets;

import dev.vigil.api.Settings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

/**
 * A Sheets instance's {@code settings:} from {@code conf/vigil.yaml}, checked when it starts:
 * <pre>
 * mode: api                  # api: Sheets API v4 with a service account; appsScript: the Camlytics recipe
 * spreadsheetId: 1AbC...     # api: the id in the sheet's URL
 * sheet: Sheet1              # api: the tab; its first row names the columns
 * keyFile: /etc/vigil/sheets-key.json   # api: the service account's JSON key (relative: to the instance's data folder)
 * rootUrl: https://sheets.googleapis.com/   # api: for a proxy or a test server
 * tokenUrl: ""               # api: default the key file's token_uri
 * url: https://script.google.com/macros/s/ID/exec   # appsScript: the web app's URL
 * timeout: 20s
 * timeZone: ""               # times in rows; default this machine's
 * </pre>
 */
record SheetsSettings(
        boolean api,
        String spreadsheetId,
        String sheet,
        Path keyFile,
        String rootUrl,
        String tokenUrl,
        URI url,
        Duration timeout,
        ZoneId zone) {

    static SheetsSettings from(Map<String, Object> s, Path dataDirectory) {
        String mode = string(s, "mode", "");
        Duration timeout = new Settings(s).duration("timeout", "20s");
        ZoneId zone;
        String z = string(s, "timeZone", "");
        try {
            zone = z.isEmpty() ? ZoneId.systemDefault() : ZoneId.of(z);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "settings.timeZone: '" + z + "' is not a time zone; use a name such as Europe/Paris");
        }
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "api" -> {
                String id = string(s, "spreadsheetId", "");
                if (!id.matches("[A-Za-z0-9_-]{10,}")) {
                    throw new IllegalArgumentException("settings.spreadsheetId: '" + id
                            + "' is not a spreadsheet id (the part of the sheet's URL after /d/)");
                }
                String keyText = string(s, "keyFile", "");
                if (keyText.isBlank()) {
                    throw new IllegalArgumentException(
                            "settings.keyFile is missing: the service account's JSON key file");
                }
                Path key = dataDirectory.resolve(keyText);
                if (!Files.isReadable(key)) {
                    throw new IllegalArgumentException(
                            "settings.keyFile: " + key + " does not exist or cannot be read");
                }
                String root = string(s, "rootUrl", "https://sheets.googleapis.com/");
                return new SheetsSettings(
                        true,
                        id,
                        string(s, "sheet", "Sheet1"),
                        key,
                        root.endsWith("/") ? root : root + "/",
                        string(s, "tokenUrl", ""),
                        null,
                        timeout,
                        zone);
            }
            case "appsscript" -> {
                String u = string(s, "url", "");
                URI url;
                try {
                    url = URI.create(u.trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("settings.url: '" + u + "' is no URL");
                }
                if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
                    throw new IllegalArgumentException(
                            "settings.url must be the Apps Script web app's URL (https://script.google.com/macros/s/ID/exec), not '"
                                    + u + "'");
                }
                return new SheetsSettings(false, "", "", null, "", "", url, timeout, zone);
            }
            default ->
                throw new IllegalArgumentException(
                        "settings.mode must be api (Sheets API v4 with a service account) or appsScript (the web app URL), not '"
                                + mode + "'");
        }
    }

    private static String string(Map<String, Object> s, String key, String fallback) {
        return new Settings(s).string(key, fallback);
    }
}
