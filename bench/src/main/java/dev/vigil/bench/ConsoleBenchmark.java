package dev.vigil.bench;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * What the operator console costs the browser and the daemon at the sizes, against a running
 * daemon (run-console.sh starts one): 1,000 active alarms in the page, alarm changes while it is
 * open, and the event tail at 1,000 events/s. The page's cost is read from Chromium's own counters
 * (DevTools {@code Performance.getMetrics}: time its main thread spent in tasks, scripts, style and
 * layout), so it is the page's work, not the machine's noise; the daemon's side is the bulk ingest
 * rate it sustains with and without a tail page open.
 *
 * <pre>
 * --url http://127.0.0.1:24590 --password P [--alarms 1000] [--tail-rate 1000] [--seconds 20] [--churn 20]
 * </pre>
 */
public final class ConsoleBenchmark {
    private ConsoleBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = o.get("url");
        String password = o.get("password");
        int alarms = Integer.parseInt(o.getOrDefault("alarms", "1000"));
        int tailRate = Integer.parseInt(o.getOrDefault("tail-rate", "1000"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "20"));
        int churn = Integer.parseInt(o.getOrDefault("churn", "20"));
        int cameras = Integer.parseInt(o.getOrDefault("cameras", "1000"));
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String auth = "Basic "
                + Base64.getEncoder()
                        .encodeToString(("admin;BenchConsole:" + password).getBytes(StandardCharsets.UTF_8));

        long t0 = System.nanoTime();
        for (int i = 0; i < alarms; i++) {
            trigger(http, url, auth, cameras, i);
        }
        System.out.printf(Locale.ROOT, "%d alarms triggered through /WebSdk/alarm in %.1f s%n", alarms, secs(t0));

        ChromeDriver page = browser();
        try {
            page.get(url + "/console/");
            page.findElement(By.id("login-user")).sendKeys("admin");
            page.findElement(By.id("login-password")).sendKeys(password);
            page.findElement(By.id("login-submit")).click();
            waitFor(page, "return document.getElementById('alarms') !== null", 20);
            long t1 = System.nanoTime();
            page.findElement(By.id("all-alarms")).click();
            waitFor(page, "return document.querySelectorAll('#alarm-rows tr').length >= " + alarms, 60);
            System.out.printf(
                    Locale.ROOT,
                    "page shows %d alarms %.0f ms after asking for them (one GET of the list, %d rows drawn)%n",
                    rows(page),
                    secs(t1) * 1000,
                    rows(page));

            // Alarm churn: each step acknowledges one instance and triggers a new one (two changes).
            page.executeCdpCommand("Performance.enable", Map.of());
            Map<String, Double> before = metrics(page);
            long t2 = System.nanoTime();
            int changes = 0;
            List<Long> active = activeIds(http, url, auth);
            // When each new row enters the page (its own clock, the same machine's as ours).
            page.executeScript(
                    "window.seenAt = {}; new MutationObserver(ms => { for (const m of ms) for (const n of m.addedNodes)"
                            + " if (n.dataset && n.dataset.instance && !(n.dataset.instance in seenAt))"
                            + " seenAt[n.dataset.instance] = Date.now(); })"
                            + ".observe(document.getElementById('alarm-rows'), {childList: true});");
            Map<Long, Long> triggeredAt = new HashMap<>();
            for (int i = 0; i < churn * seconds / 2; i++) {
                long id = active.get(i % active.size());
                get(
                        http,
                        url + "/WebSdk/alarm?q=ForceAcknowledgeAlarm(" + id + ",00000003-0000-babe-0000-000000000002)",
                        auth);
                long created = trigger(http, url, auth, cameras, alarms + i);
                triggeredAt.put(created, System.currentTimeMillis());
                changes += 2;
                pace(t2, i + 1, churn / 2.0);
            }
            double churnSeconds = secs(t2);
            Thread.sleep(500);
            Map<String, Double> after = metrics(page);
            report(
                    "alarm page, " + rows(page) + " alarms, " + changes + " changes in " + fmt(churnSeconds) + " s",
                    before,
                    after,
                    churnSeconds,
                    changes,
                    "change");
            lagReport(page, triggeredAt);

            // The event tail at the rate, and the daemon's ingest with the tail open.
            page.findElement(By.cssSelector("#nav a[data-page='events']")).click();
            waitFor(page, "return document.getElementById('event-rows') !== null", 10);
            Thread.sleep(500);
            before = metrics(page);
            long t3 = System.nanoTime();
            StreamFanOutBenchmark.Ingest ingest =
                    new StreamFanOutBenchmark.Ingest(http, url, password, tailRate, cameras);
            ingest.run(seconds);
            double tailSeconds = secs(t3);
            Thread.sleep(1000);
            after = metrics(page);
            String stats = page.findElement(By.id("ev-stats")).getText();
            report(
                    "event tail at " + tailRate + " events/s for " + fmt(tailSeconds) + " s (" + stats + ")",
                    before,
                    after,
                    tailSeconds,
                    ingest.accepted.get(),
                    "event");

            int flat = Integer.parseInt(o.getOrDefault("flat-rate", "40000"));
            double withTail = flatOut(http, url, password, flat, 15, cameras);
            page.findElement(By.cssSelector("#nav a[data-page='health']")).click();
            Thread.sleep(2000);
            double without = flatOut(http, url, password, flat, 15, cameras);
            System.out.printf(
                    Locale.ROOT,
                    "daemon bulk ingest offered %d/s: %.0f events/s accepted with the tail page open, %.0f without"
                            + " (ratio %.2f)%n",
                    flat,
                    withTail,
                    without,
                    withTail / without);
        } finally {
            page.quit();
        }
    }

    private static double flatOut(HttpClient http, String url, String password, int rate, int seconds, int cameras) {
        StreamFanOutBenchmark.Ingest ingest = new StreamFanOutBenchmark.Ingest(http, url, password, rate, cameras);
        long t = System.nanoTime();
        ingest.run(seconds);
        return ingest.accepted.get() / secs(t);
    }

    private static void report(
            String what,
            Map<String, Double> before,
            Map<String, Double> after,
            double seconds,
            long items,
            String unit) {
        double task = after.get("TaskDuration") - before.get("TaskDuration");
        double script = after.get("ScriptDuration") - before.get("ScriptDuration");
        double layout = after.get("LayoutDuration") - before.get("LayoutDuration");
        double style = after.get("RecalcStyleDuration") - before.get("RecalcStyleDuration");
        System.out.printf(
                Locale.ROOT,
                "%s:%n  page main thread busy %.1f %% of the time (tasks %.0f ms: script %.0f, style %.0f, layout %.0f);"
                        + " %.0f µs of page work per %s; JS heap %.1f MB; %d DOM nodes%n",
                what,
                100 * task / seconds,
                task * 1000,
                script * 1000,
                style * 1000,
                layout * 1000,
                items == 0 ? 0 : task * 1e6 / items,
                unit,
                after.get("JSHeapUsedSize") / 1e6,
                after.get("Nodes").longValue());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> metrics(ChromeDriver page) {
        Map<String, Object> r = page.executeCdpCommand("Performance.getMetrics", Map.of());
        Map<String, Double> out = new HashMap<>();
        for (Map<String, Object> m : (List<Map<String, Object>>) r.get("metrics")) {
            out.put((String) m.get("name"), ((Number) m.get("value")).doubleValue());
        }
        return out;
    }

    private static ChromeDriver browser() {
        ChromeOptions options = new ChromeOptions();
        Path binary = Path.of("/usr/lib/chromium/chromium");
        options.setBinary(Files.isExecutable(binary) ? binary.toString() : "/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,900");
        return new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                        .build(),
                options);
    }

    private static void waitFor(ChromeDriver page, String script, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!Boolean.TRUE.equals(page.executeScript(script))) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out waiting for: " + script);
            }
            Thread.sleep(20);
        }
    }

    private static long rows(ChromeDriver page) {
        return (Long) page.executeScript("return document.querySelectorAll('#alarm-rows tr').length");
    }

    /** Triggers a new "Door forced open" instance on a camera; returns its instance id. */
    private static long trigger(HttpClient http, String url, String auth, int cameras, int i) throws Exception {
        String body = get(
                http,
                url + "/WebSdk/alarm?q=TriggerAlarm(00000003-0000-babe-0000-000000000002,"
                        + BenchSite.cameraGuid(i % cameras + 1) + ")",
                auth);
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"alarminstanceid\":(\\d+)").matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** From a trigger's answer to its row in the page: the whole path (persist, feed, stream, draw). */
    @SuppressWarnings("unchecked")
    private static void lagReport(ChromeDriver page, Map<Long, Long> triggeredAt) {
        Map<String, Object> seen = (Map<String, Object>) page.executeScript("return window.seenAt");
        List<Long> lags = new java.util.ArrayList<>();
        for (Map.Entry<Long, Long> t : triggeredAt.entrySet()) {
            Object at = seen.get(Long.toString(t.getKey()));
            if (at != null) {
                lags.add(((Number) at).longValue() - t.getValue());
            }
        }
        java.util.Collections.sort(lags);
        System.out.printf(
                Locale.ROOT,
                "  a new alarm on screen after its trigger was answered: p50 %d ms, p99 %d ms, max %d ms (%d of %d seen)%n",
                lags.isEmpty() ? -1 : lags.get(lags.size() / 2),
                lags.isEmpty() ? -1 : lags.get(Math.min(lags.size() - 1, (int) (lags.size() * 0.99))),
                lags.isEmpty() ? -1 : lags.get(lags.size() - 1),
                lags.size(),
                triggeredAt.size());
    }

    private static List<Long> activeIds(HttpClient http, String url, String auth) throws Exception {
        String body = get(http, url + "/WebSdk/activealarms", auth);
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"InstanceID\":(\\d+)").matcher(body);
        List<Long> ids = new java.util.ArrayList<>();
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    private static String get(HttpClient http, String url, String auth) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", auth)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || r.body().contains("\"Fail\"")) {
            throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static void pace(long start, int done, double perSecond) throws InterruptedException {
        long due = start + (long) (done / perSecond * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private static double secs(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
