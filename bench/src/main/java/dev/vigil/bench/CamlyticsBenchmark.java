package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Camlytics side under load, against a running daemon (run-camlytics.sh starts one):
 *
 * <pre>
 * --mode webhook  --receiver-port 24600 --rate 2000 --duration 30
 *     a local HTTP server receives the webhook sink's GETs while events are ingested at the rate;
 *     prints deliveries per second and ingest-to-receiver latency (from the event's own time).
 * --mode longpoll --clients 100 --rate 2000 --duration 30
 *     each client follows /v1/json/events with its sinceId cursor (ASC, limit 1000, timeout 5);
 *     prints events read per second, ingest-to-client latency, and whether any client missed or
 *     repeated an id.
 * </pre>
 */
public final class CamlyticsBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId ZONE = ZoneId.systemDefault();

    private CamlyticsBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = o.get("url");
        String camlytics = o.get("camlytics-url");
        String password = o.get("password");
        int rate = Integer.parseInt(o.getOrDefault("rate", "2000"));
        int duration = Integer.parseInt(o.getOrDefault("duration", "30"));
        int cameras = Integer.parseInt(o.getOrDefault("cameras", String.valueOf(BenchSite.CAMERAS)));
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        StreamFanOutBenchmark.Ingest ingest = new StreamFanOutBenchmark.Ingest(http, url, password, rate, cameras);
        ConcurrentLinkedQueue<Long> latencyMicros = new ConcurrentLinkedQueue<>();
        AtomicLong received = new AtomicLong();
        String mode = o.getOrDefault("mode", "webhook");
        List<Thread> clients = new ArrayList<>();
        List<long[]> problems = new ArrayList<>();
        HttpServer receiver = null;
        if (mode.equals("webhook")) {
            receiver = HttpServer.create(
                    new InetSocketAddress("127.0.0.1", Integer.parseInt(o.getOrDefault("receiver-port", "24600"))),
                    512);
            receiver.setExecutor(Executors.newFixedThreadPool(4));
            receiver.createContext("/", x -> {
                String query = x.getRequestURI().getRawQuery();
                for (String pair : query == null ? new String[0] : query.split("&")) {
                    if (pair.startsWith("event-time=")) {
                        latencyMicros.add(micros(URLDecoder.decode(pair.substring(11), StandardCharsets.UTF_8)));
                    }
                }
                received.incrementAndGet();
                x.sendResponseHeaders(200, -1);
                x.close();
            });
            receiver.start();
        } else {
            int n = Integer.parseInt(o.getOrDefault("clients", "100"));
            String auth = "Basic "
                    + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
            long start = lastId(http, camlytics, auth);
            for (int c = 0; c < n; c++) {
                long[] problem = new long[1];
                problems.add(problem);
                Thread t = new Thread(() -> follow(http, camlytics, auth, start, received, latencyMicros, problem));
                t.setDaemon(true);
                t.start();
                clients.add(t);
            }
        }
        Thread.sleep(1000);
        long t0 = System.nanoTime();
        ingest.run(duration);
        Thread.sleep(2000); // the last bulk requests in flight are answered
        long sent = ingest.accepted.get();
        long expected = mode.equals("webhook") ? sent : sent * clients.size();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (received.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Long> l = new ArrayList<>(latencyMicros);
        l.sort(null);
        System.out.printf(
                "Camlytics %s: %,d events ingested in %d s (%,d refused); %,d of %,d expected deliveries in %.1f s:"
                        + " %,.0f per second%n",
                mode,
                sent,
                duration,
                ingest.refused.get(),
                received.get(),
                expected,
                seconds,
                received.get() / seconds);
        if (!l.isEmpty()) {
            System.out.printf(
                    "  ingest -> %s latency ms: p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f (n=%d)%n",
                    mode.equals("webhook") ? "receiver" : "client",
                    l.get(l.size() / 2) / 1000.0,
                    l.get((int) (l.size() * 0.99)) / 1000.0,
                    l.get((int) Math.min(l.size() - 1, l.size() * 0.999)) / 1000.0,
                    l.get(l.size() - 1) / 1000.0,
                    l.size());
        }
        if (!problems.isEmpty()) {
            long bad = problems.stream().filter(p -> p[0] != 0).count();
            System.out.printf("  clients that saw an id missed or repeated: %d of %d%n", bad, problems.size());
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        System.exit(0);
    }

    private static long lastId(HttpClient http, String camlytics, String auth) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(camlytics + "/v1/json/events?order=DESC&limit=1"))
                        .header("Authorization", auth)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode a = JSON.readTree(r.body());
        return a.size() == 0 ? 0 : a.get(0).get("event_id").asLong();
    }

    /** One poller: follows its cursor forever, checking that ids come one after the other. */
    private static void follow(
            HttpClient http,
            String camlytics,
            String auth,
            long start,
            AtomicLong received,
            ConcurrentLinkedQueue<Long> latencyMicros,
            long[] problem) {
        long since = start;
        while (true) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(camlytics + "/v1/json/events?sinceId=" + since
                                        + "&order=ASC&limit=1000&timeout=5"))
                                .header("Authorization", auth)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                for (JsonNode e : JSON.readTree(r.body())) {
                    long id = e.get("event_id").asLong();
                    if (id != since + 1) {
                        problem[0] = id;
                    }
                    since = id;
                    received.incrementAndGet();
                    if (id % 10 == 0) {
                        latencyMicros.add(micros(e.get("time").asText()));
                    }
                }
            } catch (Exception e) {
                problem[0] = -1;
                return;
            }
        }
    }

    /** Microseconds from a local event time (7 fraction digits) to now. */
    private static long micros(String localTime) {
        return ChronoUnit.MICROS.between(
                LocalDateTime.parse(localTime).atZone(ZONE).toInstant(), Instant.now());
    }
}
