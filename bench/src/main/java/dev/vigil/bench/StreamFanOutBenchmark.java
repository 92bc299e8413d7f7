package dev.vigil.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Stream fan-out: opens N Web SDK sessions, each subscribed to the ObjectEntered events of a few
 * cameras and holding one open stream (following the 301 like any client), then ingests events at
 * a paced rate over {@code /events/bulk} and measures, for every part that arrives on every
 * stream, the time from the event's server timestamp (set at ingest) to its arrival. One selector
 * thread reads all streams with non-blocking sockets.
 *
 * <pre>
 * java -cp ... dev.vigil.bench.StreamFanOutBenchmark --url http://127.0.0.1:24590 --password PW
 *      [--cameras 100] [--streams 2000] [--cameras-per-stream 1] [--rate 10000] [--duration 60] [--warmup 10]
 * (--cameras must match the site the daemon runs: run-fanout.sh takes it from CAMERAS)
 * </pre>
 */
public final class StreamFanOutBenchmark {
    private static final byte[] DELIMITER = "\r\n--GENETECBOUNDARY\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIMESTAMP_KEY = "\"SourceGuid\":\"".getBytes(StandardCharsets.US_ASCII);

    private final Histogram latency = new Histogram(60_000_000L, 3);
    private final AtomicLong parts = new AtomicLong();
    private final AtomicLong keepAlives = new AtomicLong();
    private volatile boolean recording;
    private volatile int closedStreams;

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int cameras = Integer.parseInt(o.getOrDefault("cameras", String.valueOf(BenchSite.CAMERAS)));
        new StreamFanOutBenchmark()
                .run(
                        o.get("url"),
                        o.get("password"),
                        cameras,
                        Integer.parseInt(o.getOrDefault("streams", "2000")),
                        Integer.parseInt(o.getOrDefault("cameras-per-stream", "1")),
                        Integer.parseInt(o.getOrDefault("rate", "10000")),
                        Integer.parseInt(o.getOrDefault("duration", "60")),
                        Integer.parseInt(o.getOrDefault("warmup", "10")));
    }

    private void run(
            String url,
            String password,
            int cameras,
            int streams,
            int camerasPerStream,
            int rate,
            int duration,
            int warmup)
            throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        Selector selector = Selector.open();
        System.out.printf(
                "opening %d sessions, each subscribed to %d camera(s), each with one stream...%n",
                streams, camerasPerStream);
        long openStart = System.nanoTime();
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<URI>> opened = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            String auth = "Basic "
                    + Base64.getEncoder()
                            .encodeToString(("admin;Bench" + i + ":" + password).getBytes(StandardCharsets.UTF_8));
            StringBuilder q = new StringBuilder();
            for (int c = 0; c < camerasPerStream; c++) {
                int camera = (i * camerasPerStream + c) % cameras + 1;
                q.append(c == 0 ? "" : ",")
                        .append("event(")
                        .append(BenchSite.cameraGuid(camera))
                        .append(",ObjectEntered)");
            }
            inFlight.acquire();
            HttpRequest subscribe = HttpRequest.newBuilder(URI.create(url + "/WebSdk/events/subscribe?q="
                            + java.net.URLEncoder.encode(q.toString(), StandardCharsets.UTF_8)))
                    .header("Authorization", auth)
                    .build();
            HttpRequest events = HttpRequest.newBuilder(URI.create(url + "/WebSdk/events"))
                    .header("Authorization", auth)
                    .build();
            opened.add(http.sendAsync(subscribe, HttpResponse.BodyHandlers.ofString())
                    .thenCompose(r -> {
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException("subscribe answered " + r.statusCode() + ": " + r.body());
                        }
                        return http.sendAsync(events, HttpResponse.BodyHandlers.discarding());
                    })
                    .thenApply(
                            r -> URI.create(r.headers().firstValue("Location").orElseThrow()))
                    .whenComplete((u, e) -> inFlight.release()));
        }
        for (CompletableFuture<URI> f : opened) {
            URI location = f.join();
            SocketChannel ch = SocketChannel.open(new InetSocketAddress(location.getHost(), location.getPort()));
            ch.write(ByteBuffer.wrap(
                    ("GET " + location.getRawPath() + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, new Reader());
        }
        System.out.printf("%d streams open in %.1f s%n", streams, (System.nanoTime() - openStart) / 1e9);

        Thread readerThread = new Thread(() -> readLoop(selector), "stream-readers");
        readerThread.setDaemon(true);
        readerThread.start();

        Ingest ingest = new Ingest(http, url, password, rate, cameras);
        Thread ingestThread = new Thread(() -> ingest.run(warmup + duration), "ingest");
        ingestThread.start();
        Thread.sleep(warmup * 1000L);
        synchronized (latency) {
            latency.reset();
        }
        long partsAtStart = parts.get();
        long ingestedAtStart = ingest.accepted.get();
        recording = true;
        long t0 = System.nanoTime();
        Thread.sleep(duration * 1000L);
        recording = false;
        double secs = (System.nanoTime() - t0) / 1e9;
        long delivered = parts.get() - partsAtStart;
        long ingested = ingest.accepted.get() - ingestedAtStart;
        ingestThread.join();
        synchronized (latency) {
            System.out.printf(
                    "streams %d (closed by server during the run: %d), site cameras %d, cameras per stream %d%n",
                    streams, closedStreams, cameras, camerasPerStream);
            System.out.printf(
                    "ingest: %.0f events/s accepted (%d refused with 503)%n", ingested / secs, ingest.refused.get());
            System.out.printf(
                    "delivered: %.0f parts/s to streams (%.0f per stream per s); keep-alives %d%n",
                    delivered / secs, delivered / secs / streams, keepAlives.get());
            System.out.printf(
                    "ingest -> stream latency ms: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f  (n=%d)%n",
                    latency.getValueAtPercentile(50) / 1000.0,
                    latency.getValueAtPercentile(90) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0,
                    latency.getValueAtPercentile(99.9) / 1000.0,
                    latency.getMaxValue() / 1000.0,
                    latency.getTotalCount());
        }
        System.exit(0);
    }

    /** Per-connection read state: bytes not yet cut into parts. */
    private static final class Reader {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        boolean headDone;
    }

    private void readLoop(Selector selector) {
        try {
            while (true) {
                selector.select(200);
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel ch = (SocketChannel) key.channel();
                    Reader r = (Reader) key.attachment();
                    int n;
                    try {
                        n = ch.read(r.buf);
                    } catch (IOException e) {
                        n = -1;
                    }
                    if (n < 0) {
                        closedStreams++;
                        key.cancel();
                        ch.close();
                        continue;
                    }
                    consume(r);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void consume(Reader r) {
        ByteBuffer b = r.buf;
        byte[] a = b.array();
        int end = b.position();
        int start = 0;
        if (!r.headDone) {
            int head = indexOf(a, 0, end, "\r\n\r\n--GENETECBOUNDARY\r\n".getBytes(StandardCharsets.US_ASCII));
            if (head < 0) {
                return;
            }
            r.headDone = true;
            start = head + 4 + DELIMITER.length - 2;
        }
        long nowMicros = nowMicros();
        int at;
        while ((at = indexOf(a, start, end, DELIMITER)) >= 0) {
            onPart(a, start, at, nowMicros);
            start = at + DELIMITER.length;
        }
        if (start > 0) {
            System.arraycopy(a, start, a, 0, end - start);
            b.position(end - start);
        }
        if (!b.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(b.capacity() * 2);
            b.flip();
            bigger.put(b);
            r.buf = bigger;
        }
    }

    private void onPart(byte[] a, int from, int to, long nowMicros) {
        int sg = indexOf(a, from, to, TIMESTAMP_KEY);
        if (sg < 0) {
            keepAlives.incrementAndGet();
            return;
        }
        parts.incrementAndGet();
        // After SourceGuid comes the outer "Timestamp":"yyyy-MM-ddTHH:mm:ss.fffffffZ".
        int ts = indexOf(a, sg, to, "\"Timestamp\":\"".getBytes(StandardCharsets.US_ASCII));
        if (ts < 0 || !recording) {
            return;
        }
        int s = ts + 13;
        // yyyy-MM-ddTHH:mm:ss.fffffffZ, read digit by digit (a parser per part would be the bottleneck)
        long day = LocalDateTime.of(num(a, s, 4), num(a, s + 5, 2), num(a, s + 8, 2), 0, 0)
                .toEpochSecond(ZoneOffset.UTC);
        long micros = (day + num(a, s + 11, 2) * 3600L + num(a, s + 14, 2) * 60L + num(a, s + 17, 2)) * 1_000_000L
                + num(a, s + 20, 6);
        long lat = Math.max(0, nowMicros - micros);
        synchronized (latency) {
            latency.recordValue(Math.min(lat, latency.getHighestTrackableValue()));
        }
    }

    private static int num(byte[] a, int at, int digits) {
        int v = 0;
        for (int i = 0; i < digits; i++) {
            v = v * 10 + (a[at + i] - '0');
        }
        return v;
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    private static int indexOf(byte[] hay, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Paced bulk ingest: one request of rate/100 events every 10 ms, up to 8 in flight. */
    static final class Ingest {
        final HttpClient http;
        final URI bulk;
        final String auth;
        final int rate;
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong refused = new AtomicLong();

        final int cameras;

        Ingest(HttpClient http, String url, String password, int rate, int cameras) {
            this.cameras = cameras;
            this.http = http;
            this.bulk = URI.create(url + "/WebSdk/events/bulk");
            this.auth = "Basic "
                    + Base64.getEncoder()
                            .encodeToString(("admin;BenchIngest:" + password).getBytes(StandardCharsets.UTF_8));
            this.rate = rate;
        }

        void run(int seconds) {
            int perTick = Math.max(1, rate / 100);
            Semaphore inFlight = new Semaphore(8);
            java.util.Random random = new java.util.Random(42);
            long next = System.nanoTime();
            long end = next + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < perTick; i++) {
                    body.append(i == 0 ? "" : ",")
                            .append("{\"EventType\":\"ObjectEntered\",\"Source\":\"")
                            .append(BenchSite.cameraGuid(random.nextInt(cameras) + 1))
                            .append("\"}");
                }
                body.append(']');
                try {
                    inFlight.acquire();
                } catch (InterruptedException e) {
                    return;
                }
                http.sendAsync(
                                HttpRequest.newBuilder(bulk)
                                        .header("Authorization", auth)
                                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .whenComplete((r, e) -> {
                            inFlight.release();
                            if (r != null && r.statusCode() == 200) {
                                accepted.addAndGet(perTick);
                            } else {
                                refused.addAndGet(perTick);
                            }
                        });
                next += 10_000_000L;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(sleep);
                }
            }
        }
    }
}
