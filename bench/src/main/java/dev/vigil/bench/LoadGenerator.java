package dev.vigil.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives a running Vigil over HTTP from many connections, by bulk ingest or one RaiseEvent per
 * request, and prints: events/s accepted (journaled and answered), events/s through the rules,
 * request latency percentiles from an HDR histogram (corrected for coordinated omission when a
 * rate is set), the daemon's own ingest→rules latency, and its heap over time.
 *
 * <pre>
 * java -cp ... dev.vigil.bench.LoadGenerator --url http://127.0.0.1:4590 --password PW
 *      [--mode bulk|raise] [--connections 32] [--batch 500] [--rate 0] [--duration 60] [--warmup 10]
 *      [--type CameraMotion]   (one event type instead of the site's mix)
 * </pre>
 */
public final class LoadGenerator {
    private static final Pattern METRIC =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? ([0-9.eE+-]+|NaN)$", Pattern.MULTILINE);

    private final Map<String, String> opts;
    private final HttpClient client;
    private final String base;
    private final String auth;
    private final String mode;
    private final int batch;
    private final Recorder recorder = new Recorder(3);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean running = true;

    private LoadGenerator(Map<String, String> opts) {
        this.opts = opts;
        this.base = opts.getOrDefault("url", "http://127.0.0.1:4590");
        this.auth = "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                (opts.getOrDefault("user", "admin") + ";Bench:" + opts.getOrDefault("password", ""))
                                        .getBytes(StandardCharsets.UTF_8));
        this.mode = opts.getOrDefault("mode", "bulk");
        this.batch = mode.equals("bulk") ? Integer.parseInt(opts.getOrDefault("batch", "500")) : 1;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The fixed {@code --type}, or a type drawn from the benchmark site's mix. */
    private String eventType(ThreadLocalRandom rnd) {
        String fixed = opts.get("type");
        return fixed != null ? fixed : BenchSite.TYPES.get(rnd.nextInt(BenchSite.TYPES.size()));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new LoadGenerator(opts).run();
    }

    private void run() throws Exception {
        int connections = Integer.parseInt(opts.getOrDefault("connections", "32"));
        int duration = Integer.parseInt(opts.getOrDefault("duration", "60"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "10"));
        double rate = Double.parseDouble(opts.getOrDefault("rate", "0"));
        System.out.printf(
                "Vigil load: %s mode, %d connections, %d events/request, %s, %d s warm-up + %d s measured%n",
                mode,
                connections,
                batch,
                rate > 0 ? String.format("target %.0f events/s", rate) : "as fast as answered",
                warmup,
                duration);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            double perWorkerRequests = rate > 0 ? rate / batch / connections : 0;
            Thread t = new Thread(() -> work(perWorkerRequests), "load-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        sleepSeconds(warmup);
        recorder.getIntervalHistogram();
        Map<String, Double> m0 = metrics();
        long a0 = accepted.get();
        long start = System.nanoTime();
        Histogram total = new Histogram(3);
        List<String> heap = new ArrayList<>();
        for (int s = 1; s <= duration; s++) {
            sleepSeconds(1);
            total.add(recorder.getIntervalHistogram());
            if (s % 10 == 0 || s == duration) {
                Map<String, Double> m = metrics();
                heap.add(String.format("%ds:%.0fMB", s, sum(m, "jvm_memory_used_bytes", "area=\"heap\"") / 1e6));
                System.out.printf(
                        "  %3d s: %,.0f events/s accepted, heap %.0f MB, rules queue %.0f%n",
                        s,
                        (accepted.get() - a0) / ((System.nanoTime() - start) / 1e9),
                        sum(m, "jvm_memory_used_bytes", "area=\"heap\"") / 1e6,
                        sum(m, "vigil_rules_queue_depth", ""));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long acceptedEvents = accepted.get() - a0;
        Map<String, Double> m1 = metrics();
        running = false;
        double rulesEvents = sum(m1, "vigil_rules_events_total", "") - sum(m0, "vigil_rules_events_total", "");
        double alarmChanges = sum(m1, "vigil_alarms_changes_total", "") - sum(m0, "vigil_alarms_changes_total", "");
        System.out.println("Result");
        System.out.printf("  accepted (journaled, answered): %,.0f events/s%n", acceptedEvents / seconds);
        System.out.printf(
                "  through the rules:              %,.0f events/s (%,.0f alarm changes/s persisted)%n",
                rulesEvents / seconds, alarmChanges / seconds);
        System.out.printf(
                "  request latency: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (%,d requests)%n",
                total.getValueAtPercentile(50) / 1e6,
                total.getValueAtPercentile(99) / 1e6,
                total.getValueAtPercentile(99.9) / 1e6,
                total.getMaxValue() / 1e6,
                total.getTotalCount());
        System.out.printf(
                "  ingest→rules fired (daemon, recent window): p50 %.2f ms, p99 %.2f ms%n",
                sum(m1, "vigil_event_latency_seconds", "quantile=\"0.5\"") * 1e3,
                sum(m1, "vigil_event_latency_seconds", "quantile=\"0.99\"") * 1e3);
        System.out.printf(
                "  refused 503: %,d events; failed: %,d requests; rules facts at end: %.0f%n",
                refused.get(), failed.get(), sum(m1, "vigil_rules_facts", ""));
        System.out.println("  heap used: " + String.join(" ", heap));
        System.out.printf(
                "  daemon GC: %.0f pauses, %.2f s paused in all, longest recent pause %.0f ms; daemon CPU %.0f%%%n",
                sum(m1, "jvm_gc_pause_seconds_count", "") - sum(m0, "jvm_gc_pause_seconds_count", ""),
                sum(m1, "jvm_gc_pause_seconds_sum", "") - sum(m0, "jvm_gc_pause_seconds_sum", ""),
                max(m1, "jvm_gc_pause_seconds_max") * 1e3,
                sum(m1, "process_cpu_usage", "") * 100);
    }

    private void work(double requestsPerSecond) {
        long interval = requestsPerSecond > 0 ? (long) (1e9 / requestsPerSecond) : 0;
        long next =
                System.nanoTime() + (interval > 0 ? ThreadLocalRandom.current().nextLong(interval) : 0);
        while (running) {
            long scheduled = next;
            if (interval > 0) {
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    sleepNanos(wait);
                }
                next += interval;
            } else {
                scheduled = System.nanoTime();
            }
            HttpRequest request = mode.equals("bulk") ? bulkRequest() : raiseRequest();
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                recorder.recordValue(Math.max(0, System.nanoTime() - scheduled));
                if (r.statusCode() == 200) {
                    accepted.addAndGet(batch);
                } else if (r.statusCode() == 503) {
                    refused.addAndGet(batch);
                    sleepNanos(1_000_000);
                } else {
                    failed.incrementAndGet();
                    if (failed.get() < 5) {
                        System.err.println("HTTP " + r.statusCode() + ": " + r.body());
                    }
                }
            } catch (IOException e) {
                failed.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private HttpRequest bulkRequest() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        StringBuilder body = new StringBuilder(batch * 120).append('[');
        for (int i = 0; i < batch; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"EventType\":\"")
                    .append(eventType(rnd))
                    .append("\",\"Source\":\"")
                    .append(BenchSite.cameraGuid(1 + rnd.nextInt(BenchSite.CAMERAS)))
                    .append("\",\"Properties\":{\"zone\":\"Z")
                    .append(rnd.nextInt(BenchSite.ZONES))
                    .append("\"}}");
        }
        body.append(']');
        return HttpRequest.newBuilder(URI.create(base + "/WebSdk/events/bulk"))
                .header("Authorization", auth)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private HttpRequest raiseRequest() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        String type = eventType(rnd);
        return HttpRequest.newBuilder(URI.create(base + "/WebSdk/events/RaiseEvent/" + type + "/"
                        + BenchSite.cameraGuid(1 + rnd.nextInt(BenchSite.CAMERAS))))
                .header("Authorization", auth)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
    }

    private Map<String, Double> metrics() {
        Map<String, Double> out = new LinkedHashMap<>();
        try {
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/metrics"))
                            .header("Authorization", auth)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = METRIC.matcher(r.body());
            while (m.find()) {
                out.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
            }
        } catch (IOException | InterruptedException | NumberFormatException e) {
            System.err.println("cannot read /metrics: " + e);
        }
        return out;
    }

    private static double sum(Map<String, Double> metrics, String name, String labelPart) {
        double total = 0;
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            String k = e.getKey();
            if ((k.equals(name) || k.startsWith(name + "{"))
                    && k.contains(labelPart)
                    && !e.getValue().isNaN()) {
                total += e.getValue();
            }
        }
        return total;
    }

    private static double max(Map<String, Double> metrics, String name) {
        double best = 0;
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            if (e.getKey().startsWith(name + "{") && !e.getValue().isNaN()) {
                best = Math.max(best, e.getValue());
            }
        }
        return best;
    }

    private static void sleepSeconds(int s) {
        sleepNanos(s * 1_000_000_000L);
    }

    private static void sleepNanos(long n) {
        try {
            Thread.sleep(n / 1_000_000, (int) (n % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
