package dev.vigil.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Web SDK stream reader written from the seed alone, sharing no code with the daemon: it opens
 * a plain socket to the URL the 301 named, reads the HTTP/1.0 head, then cuts the body at the
 * {@code --GENETECBOUNDARY} lines into parts, each with its own headers and a JSON body.
 */
final class StreamClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DELIMITER = "\r\n--GENETECBOUNDARY\r\n".getBytes(StandardCharsets.US_ASCII);

    /** One part: its headers (names lower-cased), its raw body, and the body as JSON. */
    record Part(Map<String, String> headers, String body, JsonNode json, long receivedNanos) {
        boolean isKeepAlive() {
            return json != null && json.at("/Rsp/Result").has("KeepAlive");
        }
    }

    final String statusLine;
    final Map<String, String> headers = new LinkedHashMap<>();
    /** Everything read before the first part, after the head: must be the first boundary line. */
    final String preamble;

    private final Socket socket;
    private final InputStream in;
    private final BlockingQueue<Part> parts = new LinkedBlockingQueue<>();
    private volatile boolean ended;
    private final Thread reader;

    private StreamClient(URI location) throws IOException {
        socket = new Socket(location.getHost(), location.getPort());
        socket.setSoTimeout(0);
        socket.getOutputStream()
                .write(("GET " + location.getRawPath() + " HTTP/1.1\r\nHost: " + location.getHost() + ":"
                                + location.getPort() + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        in = socket.getInputStream();
        statusLine = readLine();
        String line;
        while (!(line = readLine()).isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
        if (!statusLine.contains(" 200")) {
            preamble = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            reader = null;
            ended = true;
            return;
        }
        preamble = readLine();
        reader = new Thread(this::readParts, "stream-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Follows the 301 of {@code GET /events} by hand, as a client that supports redirects would. */
    static StreamClient open(VigilProcess v, String auth) {
        VigilProcess.Reply r = v.send(java.net.http.HttpRequest.newBuilder(v.uri("/WebSdk/events"))
                .header("Authorization", auth)
                .GET());
        if (r.status() != 301) {
            throw new IllegalStateException("GET /events answered " + r.status() + ": " + r.body());
        }
        return connect(URI.create(r.header("Location")));
    }

    static StreamClient connect(URI location) {
        try {
            return new StreamClient(location);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    private void readParts() {
        byte[] buf = new byte[1 << 16];
        int start = 0;
        int end = 0;
        int scanFrom = 0;
        try {
            while (true) {
                if (end == buf.length) {
                    // compact, or grow when one part fills the buffer
                    if (start > 0) {
                        System.arraycopy(buf, start, buf, 0, end - start);
                        end -= start;
                        scanFrom -= start;
                        start = 0;
                    } else {
                        buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                    }
                }
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    return;
                }
                end += n;
                int at;
                while ((at = indexOf(buf, end, DELIMITER, Math.max(start, scanFrom))) >= 0) {
                    parts.add(parse(new String(buf, start, at - start, StandardCharsets.UTF_8)));
                    start = at + DELIMITER.length;
                    scanFrom = start;
                }
                scanFrom = Math.max(start, end - DELIMITER.length + 1);
            }
        } catch (IOException closed) {
            // the connection ended
        } finally {
            ended = true;
        }
    }

    private static Part parse(String text) {
        int split = text.indexOf("\r\n\r\n");
        Map<String, String> h = new LinkedHashMap<>();
        for (String line : text.substring(0, Math.max(split, 0)).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                h.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        String body = split < 0 ? text : text.substring(split + 4);
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        return new Part(h, body, json, System.nanoTime());
    }

    private static int indexOf(byte[] hay, int length, byte[] needle, int from) {
        outer:
        for (int i = from; i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The next part that is not a KeepAlive, or null after {@code wait}. */
    Part next(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                Part p = parts.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (p == null || !p.isKeepAlive()) {
                    return p;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The next part of any kind, KeepAlive included. */
    Part nextRaw(Duration wait) {
        try {
            return parts.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    boolean ended() {
        return ended;
    }

    String connectionId() {
        return headers.get("connectionid");
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
