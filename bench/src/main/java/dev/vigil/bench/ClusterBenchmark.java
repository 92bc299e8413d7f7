package dev.vigil.bench;

import dev.vigil.engine.support.KafkaBroker;
import dev.vigil.engine.support.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Aggregate events/s of a cluster of 1, 2 and 3 Vigil nodes on this machine, against one node on
 * its embedded defaults (file journal, H2) under the same load: a real Kafka broker (KRaft, in this
 * JVM) and a real PostgreSQL (Debian's), the built daemon started as a user starts it for each node,
 * bulk requests of the benchmark site's event mix over 1,000 cameras spread round-robin over the nodes. Prints events/s
 * accepted (acknowledged once Kafka has them) and events/s through the rules (summed over the
 * nodes' own counters), the refusals, and the ratio to the single node.
 *
 * <pre>
 * bench/run-cluster.sh [NODES...]   (default: 1 2 3)
 * </pre>
 */
public final class ClusterBenchmark {
    private static final Pattern RULES_EVENTS =
            Pattern.compile("(?m)^vigil_rules_events_total(?:\\{[^}]*})? ([0-9.eE+-]+)$");
    private static final Pattern ALARM_CHANGES =
            Pattern.compile("(?m)^vigil_alarms_changes_total(?:\\{[^}]*})? ([0-9.eE+-]+)$");
    private static final int CAMERAS = 1000;
    private static final int BATCH = 200;
    private static final int CONNECTIONS = 16;
    private static final int WARMUP = 10;
    private static final int SECONDS = 20;

    private final Path dist;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private ClusterBenchmark(Path dist) {
        this.dist = dist;
    }

    /** A started daemon: its site, port, process and password. */
    private record Node(Path site, int port, Process process, String password) {}

    public static void main(String[] args) throws Exception {
        Path dist = Path.of(System.getProperty("vigil.dist", "distribution/target/vigil-0.1.0-SNAPSHOT"));
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            sizes.add(Integer.parseInt(a));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1, 2, 3);
        }
        ClusterBenchmark b = new ClusterBenchmark(dist);
        System.out.printf(
                Locale.ROOT,
                "Vigil cluster benchmark: bulk, the site's event mix (%d events/request, %d connections, %d cameras),"
                        + " %d s warm-up + %d s measured, %d cores%n",
                BATCH,
                CONNECTIONS,
                CAMERAS,
                WARMUP,
                SECONDS,
                Runtime.getRuntime().availableProcessors());
        double[] single = b.measure("one node, embedded defaults (file journal + H2)", 1, null, null, null);
        try (KafkaBroker kafka = KafkaBroker.start();
                PostgresServer pg = PostgresServer.start()) {
            for (int n : sizes) {
                double[] r = b.measure(n + " node(s) on Kafka (6 partitions) + PostgreSQL", n, kafka, pg, "bench" + n);
                System.out.printf(
                        Locale.ROOT,
                        "  ratio to one node on its defaults: accepted %.2f, through the rules %.2f%n",
                        r[0] / single[0],
                        r[1] / single[1]);
            }
        }
    }

    private double[] measure(String what, int n, KafkaBroker kafka, PostgresServer pg, String topic) throws Exception {
        List<Node> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                nodes.add(start(i, kafka, pg, topic));
            }
            if (kafka != null) {
                waitForPartitions(nodes);
            }
            AtomicLong accepted = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            boolean[] running = {true};
            List<Thread> workers = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                Node to = nodes.get(c % nodes.size());
                Thread t = new Thread(() -> load(to, running, accepted, refused, failed), "load-" + c);
                t.setDaemon(true);
                t.start();
                workers.add(t);
            }
            Thread.sleep(WARMUP * 1000L);
            long a0 = accepted.get();
            long r0 = refused.get();
            double rules0 = rulesEvents(nodes);
            long[] cpu0 = cpuMillis(nodes);
            long start = System.nanoTime();
            Thread.sleep(SECONDS * 1000L);
            double seconds = (System.nanoTime() - start) / 1e9;
            double acceptedPerSecond = (accepted.get() - a0) / seconds;
            double rulesPerSecond = (rulesEvents(nodes) - rules0) / seconds;
            long[] cpu1 = cpuMillis(nodes);
            StringBuilder perNode = new StringBuilder();
            for (int i = 0; i < nodes.size(); i++) {
                perNode.append(i == 0 ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%.0f%%", (cpu1[i] - cpu0[i]) / 10.0 / seconds));
            }
            double changes = alarmChanges(nodes);
            System.out.printf(
                    Locale.ROOT,
                    "%s: accepted %,.0f events/s, through the rules %,.0f events/s, refused (503) %,.0f/s, failed %d%n",
                    what,
                    acceptedPerSecond,
                    rulesPerSecond,
                    (refused.get() - r0) / seconds,
                    failed.get());
            System.out.printf(Locale.ROOT, "  alarm changes stored: %,.0f in all%n", changes);
            System.out.printf(
                    Locale.ROOT,
                    "  CPU of each node over the measured seconds (of one core): %s; of all %d cores together %.0f%%%n",
                    perNode,
                    Runtime.getRuntime().availableProcessors(),
                    (java.util.Arrays.stream(cpu1).sum()
                                    - java.util.Arrays.stream(cpu0).sum())
                            / 10.0
                            / seconds
                            / Runtime.getRuntime().availableProcessors());
            if (kafka != null && n > 1) {
                takeover(nodes);
            }
            running[0] = false;
            for (Thread t : workers) {
                t.join(35_000);
            }
            return new double[] {acceptedPerSecond, rulesPerSecond};
        } finally {
            for (Node node : nodes) {
                node.process().destroy();
            }
            for (Node node : nodes) {
                node.process().waitFor();
                deleteTree(node.site());
            }
        }
    }

    private Node start(int index, KafkaBroker kafka, PostgresServer pg, String topic) throws Exception {
        Path site = Files.createTempDirectory("vigil-cluster-bench");
        int port = 26000 + index * 10;
        BenchSite.write(site, dist.resolve("rules"), port, CAMERAS);
        if (kafka != null) {
            Files.createDirectories(site.resolve("conf/vigil.d"));
            Files.writeString(
                    site.resolve("conf/vigil.d/60-cluster.yaml"),
                    "store:\n  url: \"" + pg.url() + "\"\n  user: \"" + pg.user() + "\"\n"
                            + "journal:\n  type: kafka\n  kafka:\n    bootstrapServers: \"" + kafka.bootstrap()
                            + "\"\n    topic: " + topic + "\n    partitions: 6\n    sessionTimeout: 6s\n");
        }
        ProcessBuilder pb = new ProcessBuilder(
                        dist.resolve("bin/vigil").toString(),
                        "--conf",
                        site.resolve("conf").toString(),
                        "--data",
                        site.resolve("data").toString(),
                        "run")
                .redirectErrorStream(true)
                .redirectOutput(site.resolve("daemon.log").toFile());
        // The heap the other benchmarks give one daemon, for each node: memory is not what is compared.
        pb.environment().put("JAVA_OPTS", "-Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20");
        Process p = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!Files.exists(site.resolve("daemon.log"))
                || !Files.readString(site.resolve("daemon.log")).contains("Vigil started")) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                throw new IllegalStateException(
                        "node " + index + " did not start:\n" + Files.readString(site.resolve("daemon.log")));
            }
            Thread.sleep(200);
        }
        String password =
                Files.readString(site.resolve("data/initial-admin-password")).trim();
        return new Node(site, port, p, password);
    }

    private void waitForPartitions(List<Node> nodes) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Pattern owned = Pattern.compile("\"RulesPartitions\":\\[([0-9,]*)]");
        while (System.nanoTime() < deadline) {
            int total = 0;
            for (Node node : nodes) {
                Matcher m = owned.matcher(get(node, "/WebSdk/health"));
                if (m.find() && !m.group(1).isEmpty()) {
                    total += m.group(1).split(",").length;
                }
            }
            if (total == 6) {
                return;
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("the nodes did not share out the 6 partitions within 60 s");
    }

    private String auth(Node node) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString(("admin;Bench:" + node.password()).getBytes(StandardCharsets.UTF_8));
    }

    private String get(Node node, String path) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                                .header("Authorization", auth(node))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private double rulesEvents(List<Node> nodes) throws IOException, InterruptedException {
        double sum = 0;
        for (Node node : nodes) {
            Matcher m = RULES_EVENTS.matcher(get(node, "/metrics"));
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
        }
        return sum;
    }

    /** Kills the first node under the same load and reports how long until the others own its partitions, and the rebuilds. */
    private void takeover(List<Node> nodes) throws Exception {
        List<Node> survivors = nodes.subList(1, nodes.size());
        long[] logLength = new long[survivors.size()];
        for (int i = 0; i < survivors.size(); i++) {
            logLength[i] = Files.size(survivors.get(i).site().resolve("daemon.log"));
        }
        long killed = System.nanoTime();
        nodes.get(0).process().destroyForcibly();
        waitForPartitions(survivors);
        double owned = (System.nanoTime() - killed) / 1e9;
        // The rebuild waits behind the events already queued for the rules; give it until it logs.
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && rebuilds(survivors, logLength).size() < survivors.size()) {
            Thread.sleep(500);
        }
        double rebuilt = (System.nanoTime() - killed) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "  SIGKILL of one node under this load: the others owned all 6 partitions %.1f s later"
                        + " (sessionTimeout 6 s), rebuilt by %.1f s:%n",
                owned,
                rebuilt);
        for (String line : rebuilds(survivors, logLength)) {
            System.out.println("    " + line);
        }
    }

    /** The survivors' "Rules now run partitions" lines logged since the kill. */
    private static List<String> rebuilds(List<Node> survivors, long[] logLength) throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < survivors.size(); i++) {
            String log = Files.readString(survivors.get(i).site().resolve("daemon.log"));
            for (String line :
                    log.substring((int) Math.min(logLength[i], log.length())).split("\n")) {
                if (line.contains("Rules now run partitions")) {
                    out.add(line.substring(line.indexOf("Rules now run")));
                }
            }
        }
        return out;
    }

    /** CPU time each node's process has used so far. */
    private static long[] cpuMillis(List<Node> nodes) {
        long[] out = new long[nodes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = nodes.get(i)
                    .process()
                    .info()
                    .totalCpuDuration()
                    .map(Duration::toMillis)
                    .orElse(0L);
        }
        return out;
    }

    private double alarmChanges(List<Node> nodes) throws IOException, InterruptedException {
        double sum = 0;
        Matcher m;
        for (Node node : nodes) {
            m = ALARM_CHANGES.matcher(get(node, "/metrics"));
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
        }
        return sum;
    }

    private void load(Node to, boolean[] running, AtomicLong accepted, AtomicLong refused, AtomicLong failed) {
        while (running[0]) {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            StringBuilder body = new StringBuilder(BATCH * 80).append('[');
            for (int i = 0; i < BATCH; i++) {
                body.append(i == 0 ? "" : ",")
                        .append("{\"EventType\":\"")
                        .append(BenchSite.TYPES.get(rnd.nextInt(BenchSite.TYPES.size())))
                        .append("\",\"Source\":\"")
                        .append(BenchSite.cameraGuid(1 + rnd.nextInt(CAMERAS)))
                        .append("\"}");
            }
            body.append(']');
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port() + "/WebSdk/events/bulk"))
                                .header("Authorization", auth(to))
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    accepted.addAndGet(BATCH);
                } else if (r.statusCode() == 503) {
                    refused.addAndGet(BATCH);
                    Thread.sleep(10);
                } else if (failed.incrementAndGet() < 5) {
                    System.err.println("HTTP " + r.statusCode() + ": " + r.body());
                }
            } catch (IOException e) {
                failed.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }
}
