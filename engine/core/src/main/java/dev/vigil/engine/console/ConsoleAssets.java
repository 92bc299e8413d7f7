package dev.vigil.engine.console;

import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.http.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The page's files, shipped inside the daemon's jar and read once at start: nothing is fetched from
 * the internet, ever. Each answer carries a strong ETag and {@code Cache-Control: no-cache}: the
 * browser keeps the file and asks each time whether it changed (a 304 without a body), so an
 * upgraded daemon never runs an old script against a new API.
 */
final class ConsoleAssets {
    /** Every file of the page; {@code ConsoleAssetsTest} checks this list against the resource folder. */
    static final List<String> FILES = List.of(
            "index.html",
            "console.css",
            "app.js",
            "api.js",
            "live.js",
            "dom.js",
            "charts.js",
            "page-alarms.js",
            "page-history.js",
            "page-events.js",
            "page-rules.js",
            "page-plugins.js",
            "page-health.js",
            "favicon.svg");

    private record Asset(byte[] body, String type, String etag) {}

    private final Map<String, Asset> byName = new TreeMap<>();

    ConsoleAssets() {
        for (String name : FILES) {
            try (InputStream in = ConsoleAssets.class.getResourceAsStream("/console/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("console file " + name + " is missing from the jar");
                }
                byte[] body = in.readAllBytes();
                byName.put(name, new Asset(body, type(name), "\"" + digest(body) + "\""));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read console file " + name, e);
            }
        }
    }

    /** @param file the path below {@code /console/}, raw; empty for the page itself */
    ApiResponse serve(String file, ApiRequest req) {
        Asset a = byName.get(file.isEmpty() ? "index.html" : file);
        if (a == null) {
            return ConsoleJson.error(404, "no such console file: " + file);
        }
        String ifNoneMatch = req.header().apply("If-None-Match");
        if (ifNoneMatch != null && ifNoneMatch.contains(a.etag())) {
            return new ApiResponse(304, null, new byte[0], Map.of("ETag", a.etag(), "Cache-Control", "no-cache"));
        }
        return new ApiResponse(200, a.type(), a.body(), Map.of("ETag", a.etag(), "Cache-Control", "no-cache"));
    }

    private static String type(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        throw new IllegalArgumentException("no content type for " + name);
    }

    private static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
