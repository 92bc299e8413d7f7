package dev.vigil.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Google's side of the Sheets sink, on loopback: the OAuth token endpoint (the JWT bearer grant,
 * whose signature is checked against the service account's public key), Sheets v4 values.get for
 * the header row and values.append (Bearer token checked), and an Apps Script web app that answers
 * with a redirect, as Google's does. What arrives is kept for the test to read.
 */
final class FakeGoogle implements AutoCloseable {
    static final String SPREADSHEET = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
    static final String TOKEN = "ya29.vigil-test-token";
    static final String ACCOUNT = "vigil-writer@vigil-site.iam.gserviceaccount.com";

    final List<List<String>> header = new CopyOnWriteArrayList<>();
    final List<JsonNode> appends = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> scriptCalls = new CopyOnWriteArrayList<>();
    final List<JsonNode> grants = new CopyOnWriteArrayList<>();
    final AtomicInteger quotaRefusals = new AtomicInteger();
    final List<String> problems = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final KeyPair key;

    FakeGoogle() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        key = g.generateKeyPair();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", logged(this::token));
        server.createContext("/v4/spreadsheets/", logged(this::sheets));
        server.createContext("/macros/s/", logged(this::script));
        server.createContext("/echo", x -> answer(x, 200, "{\"result\":\"success\",\"row\":2}"));
        server.start();
    }

    /** A handler that throws would only close the connection: the test is told why instead. */
    private com.sun.net.httpserver.HttpHandler logged(com.sun.net.httpserver.HttpHandler h) {
        return x -> {
            try {
                h.handle(x);
            } catch (IOException | RuntimeException e) {
                problems.add(x.getRequestMethod() + " " + x.getRequestURI() + ": " + e);
                throw e;
            }
        };
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A service account key file as Google's console hands it out, with this server's key. */
    Path writeKeyFile(Path dir) throws IOException {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        ObjectNode k = VigilProcess.JSON.createObjectNode();
        k.put("type", "service_account");
        k.put("project_id", "vigil-site");
        k.put("private_key_id", "0123456789abcdef");
        k.put("private_key", pem);
        k.put("client_email", ACCOUNT);
        k.put("client_id", "1234567890");
        k.put("token_uri", "https://oauth2.googleapis.com/token");
        Files.createDirectories(dir);
        Path file = dir.resolve("sheets-key.json");
        Files.writeString(file, k.toPrettyString());
        return file;
    }

    private void token(HttpExchange x) throws IOException {
        Map<String, String> form = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
            problems.add("token: grant_type " + form.get("grant_type"));
            answer(x, 400, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        String[] jwt = form.getOrDefault("assertion", "").split("\\.");
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(key.getPublic());
            rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs256.verify(Base64.getUrlDecoder().decode(jwt[2]))) {
                throw new IllegalArgumentException("bad signature");
            }
            grants.add(VigilProcess.JSON.readTree(Base64.getUrlDecoder().decode(jwt[1])));
        } catch (Exception e) {
            problems.add("token: " + e);
            answer(x, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        answer(x, 200, "{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
    }

    private void sheets(HttpExchange x) throws IOException {
        if (!("Bearer " + TOKEN).equals(x.getRequestHeaders().getFirst("Authorization"))) {
            problems.add("sheets: Authorization " + x.getRequestHeaders().getFirst("Authorization"));
            answer(
                    x,
                    401,
                    "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials.\",\"status\":\"UNAUTHENTICATED\"}}");
            return;
        }
        String path = URLDecoder.decode(x.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
        String prefix = "/v4/spreadsheets/" + SPREADSHEET + "/values/";
        if (!path.startsWith(prefix)) {
            answer(
                    x,
                    404,
                    "{\"error\":{\"code\":404,\"message\":\"Requested entity was not found.\",\"status\":\"NOT_FOUND\"}}");
            return;
        }
        String range = path.substring(prefix.length());
        if (x.getRequestMethod().equals("GET") && range.equals("'Sheet1'!1:1")) {
            ObjectNode r = VigilProcess.JSON.createObjectNode();
            r.put("range", "Sheet1!A1:Z1");
            r.put("majorDimension", "ROWS");
            ArrayNode row = r.putArray("values").addArray();
            header.get(0).forEach(row::add);
            answer(x, 200, r.toString());
            return;
        }
        if (x.getRequestMethod().equals("POST") && range.equals("'Sheet1'!A1:append")) {
            Map<String, String> q = form(x.getRequestURI().getRawQuery());
            if (!"RAW".equals(q.get("valueInputOption")) || !"INSERT_ROWS".equals(q.get("insertDataOption"))) {
                problems.add("append: query " + q);
            }
            // Google's client gzips request bodies, as Google's servers accept.
            java.io.InputStream in =
                    "gzip".equalsIgnoreCase(x.getRequestHeaders().getFirst("Content-Encoding"))
                            ? new java.util.zip.GZIPInputStream(x.getRequestBody())
                            : x.getRequestBody();
            JsonNode body = VigilProcess.JSON.readTree(in.readAllBytes());
            if (quotaRefusals.getAndDecrement() > 0) {
                x.getResponseHeaders().add("Retry-After", "1");
                answer(
                        x,
                        429,
                        "{\"error\":{\"code\":429,\"message\":\"Quota exceeded for quota metric 'Write requests'\",\"status\":\"RESOURCE_EXHAUSTED\"}}");
                return;
            }
            appends.add(body);
            answer(
                    x,
                    200,
                    "{\"spreadsheetId\":\"" + SPREADSHEET
                            + "\",\"tableRange\":\"Sheet1!A1:F1\",\"updates\":{\"updatedRows\":"
                            + body.get("values").size() + "}}");
            return;
        }
        problems.add("sheets: unexpected " + x.getRequestMethod() + " " + range);
        answer(
                x,
                400,
                "{\"error\":{\"code\":400,\"message\":\"Unable to parse range\",\"status\":\"INVALID_ARGUMENT\"}}");
    }

    private void script(HttpExchange x) throws IOException {
        scriptCalls.add(form(x.getRequestURI().getRawQuery()));
        x.getResponseHeaders().add("Location", base() + "/echo?user_content_key=abc");
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void answer(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
