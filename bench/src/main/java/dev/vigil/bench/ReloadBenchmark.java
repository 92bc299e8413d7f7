package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rules edits under load: events go in at a steady rate through the bulk endpoint while the
 * generated rule file (BENCH_RULES rules, with the shipped ones) is rewritten a few times, each a
 * full recompile and swap with the window carried over. Prints how long the rules thread stopped
 * taking events around each swap (seen from {@code /WebSdk/health} polled every 20 ms), and checks
 * that every accepted event went through the rules once: the rules' event count equals the events
 * accepted, and the generated rules fired exactly once per matching event.
 */
public final class ReloadBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReloadBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = o.get("url");
        String auth = "Basic "
                + Base64.getEncoder()
                        .encodeToString(("admin;BenchReload:" + o.get("password")).getBytes(StandardCharsets.UTF_8));
        int rate = Integer.parseInt(o.getOrDefault("rate", "10000"));
        int seconds = Integer.parseInt(o.getOrDefault("duration", "40"));
        int reloads = Integer.parseInt(o.getOrDefault("reloads", "3"));
        int rules = Integer.parseInt(o.getOrDefault("rules", "1000"));
        Path benchDrl = Path.of(o.get("rules-dir")).resolve("bench.drl");
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        AtomicLong accepted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong matching = new AtomicLong();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<long[]> health = new ArrayList<>(); // {nanos since start, journal last, rules last}
        Thread poller = new Thread(() -> {
            while (System.nanoTime() < end + 5_000_000_000L) {
                try {
                    JsonNode h = get(http, url + "/WebSdk/health", auth).at("/Rsp/Result");
                    synchronized (health) {
                        health.add(new long[] {
                            System.nanoTime() - start,
                            h.get("JournalLastSequence").asLong(),
                            h.get("RulesLastProcessed").asLong()
                        });
                    }
                    Thread.sleep(20);
                } catch (Exception e) {
                    return;
                }
            }
        });
        poller.setDaemon(true);
        poller.start();
        Thread editor = new Thread(() -> {
            for (int i = 1; i <= reloads; i++) {
                long at = start + (long) i * seconds * 1_000_000_000L / (reloads + 1);
                java.util.concurrent.locks.LockSupport.parkNanos(at - System.nanoTime());
                try {
                    Files.writeString(benchDrl, BenchSite.generatedRules(rules) + "\n// edit " + i + "\n");
                    System.out.printf(Locale.ROOT, "edit %d written at %.1f s%n", i, (System.nanoTime() - start) / 1e9);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        editor.start();

        int perTick = Math.max(1, rate / 100);
        Semaphore inFlight = new Semaphore(16);
        Random random = new Random(7);
        long next = System.nanoTime();
        while (System.nanoTime() < end) {
            StringBuilder body = new StringBuilder("[");
            int matches = 0;
            for (int i = 0; i < perTick; i++) {
                String camera = BenchSite.cameraGuid(random.nextInt(BenchSite.CAMERAS) + 1);
                String type;
                String zone = "none";
                double r = random.nextDouble();
                if (r < 0.01) {
                    int k = random.nextInt(rules);
                    type = BenchSite.TYPES.get(k % BenchSite.TYPES.size());
                    zone = "Z" + k;
                    matches++;
                } else if (r < 0.2) {
                    type = "CameraMotion"; // kept for the escalation window: what a swap carries over
                } else {
                    type = "ObjectEntered";
                }
                body.append(i == 0 ? "" : ",")
                        .append("{\"EventType\":\"")
                        .append(type)
                        .append("\",\"Source\":\"")
                        .append(camera)
                        .append("\",\"Properties\":{\"zone\":\"")
                        .append(zone)
                        .append("\"}}");
            }
            body.append(']');
            inFlight.acquire();
            int m = matches;
            http.sendAsync(
                            HttpRequest.newBuilder(URI.create(url + "/WebSdk/events/bulk"))
                                    .header("Authorization", auth)
                                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .whenComplete((resp, e) -> {
                        inFlight.release();
                        if (resp != null && resp.statusCode() == 200) {
                            accepted.addAndGet(perTick);
                            matching.addAndGet(m);
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
        inFlight.acquire(16);
        editor.join();
        // Let the rules catch up, then count.
        long caughtUp = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < caughtUp) {
            JsonNode h = get(http, url + "/WebSdk/health", auth).at("/Rsp/Result");
            if (h.get("RulesLastProcessed").asLong()
                    >= h.get("JournalLastSequence").asLong()) {
                break;
            }
            Thread.sleep(100);
        }
        long benchFirings = 0;
        for (JsonNode f : get(http, url + "/WebSdk/rules/status", auth).at("/Rsp/Result/Firings")) {
            if (f.get("Rule").asText().startsWith("bench-")) {
                benchFirings += f.get("Count").asLong();
            }
        }
        double rulesEvents = metric(http, url + "/metrics", auth, "vigil_rules_events_total");
        double latencyMax = metric(http, url + "/metrics", auth, "vigil_event_latency_seconds_max");

        long longestStall = 0;
        long stallStart = -1;
        long lastRules = -1;
        List<String> stalls = new ArrayList<>();
        synchronized (health) {
            for (long[] h : health) {
                boolean behind = h[1] > h[2];
                if (h[2] != lastRules || !behind) {
                    if (stallStart >= 0) {
                        long len = h[0] - stallStart;
                        if (len > 200_000_000L) {
                            stalls.add(String.format(Locale.ROOT, "%.0f ms at %.1f s", len / 1e6, stallStart / 1e9));
                        }
                        longestStall = Math.max(longestStall, len);
                    }
                    stallStart = behind ? h[0] : -1;
                    lastRules = h[2];
                } else if (stallStart < 0) {
                    stallStart = h[0];
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%d rules + shipped, %d ev/s for %d s, %d edits%n"
                        + "accepted %d events (%d refused), the rules took in %.0f (%s)%n"
                        + "events matching a generated rule: %d; generated rules fired: %d (%s)%n"
                        + "longest the rules took no event while events waited: %.0f ms; stalls over 200 ms: %s%n"
                        + "ingest-to-rules latency max over the run: %.0f ms%n",
                rules,
                rate,
                seconds,
                reloads,
                accepted.get(),
                refused.get(),
                rulesEvents,
                rulesEvents == accepted.get() ? "none lost, none doubled" : "MISMATCH",
                matching.get(),
                benchFirings,
                benchFirings == matching.get() ? "once each" : "MISMATCH",
                longestStall / 1e6,
                stalls,
                latencyMax * 1000);
        System.exit(rulesEvents == accepted.get() && benchFirings == matching.get() ? 0 : 1);
    }

    private static JsonNode get(HttpClient http, String url, String auth) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", auth)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static double metric(HttpClient http, String url, String auth, String name) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", auth)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        double sum = 0;
        for (String line : r.body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
