package dev.vigil.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Vigil daemon started the way a user starts it: {@code bin/vigil --conf DIR --data DIR run} from
 * the unpacked distribution, with its own conf, data, rules and plugins folders under a test
 * folder and free ports. Talks to it over real HTTP.
 */
final class VigilProcess implements AutoCloseable {
    static final Path DIST = Path.of(System.getProperty("vigil.dist", "target/vigil-0.1.0-SNAPSHOT"))
            .toAbsolutePath();
    static final Path PLUGIN_JAR =
            Path.of(System.getProperty("vigil.pluginJar", "")).toAbsolutePath();
    static final Path WEBHOOK_JAR =
            Path.of(System.getProperty("vigil.webhookJar", "")).toAbsolutePath();
    static final Path SMTP_JAR =
            Path.of(System.getProperty("vigil.smtpJar", "")).toAbsolutePath();
    static final Path MQTT_JAR =
            Path.of(System.getProperty("vigil.mqttJar", "")).toAbsolutePath();
    static final Path SHEETS_JAR =
            Path.of(System.getProperty("vigil.sheetsJar", "")).toAbsolutePath();
    static final Path TEMPLATE_JAR =
            Path.of(System.getProperty("vigil.templateJar", "")).toAbsolutePath();
    static final Path CAMLYTICS_SOURCE_JAR =
            Path.of(System.getProperty("vigil.camlyticsSourceJar", "")).toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();

    final Path site;
    final Path conf;
    final Path data;
    final Path rules;
    final Path plugins;
    final int port;
    final int camlyticsPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private Path log;
    private int starts;

    /** Response as a test reads it. */
    record Reply(int status, JsonNode json, String body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    VigilProcess(Path site, String extraYaml, boolean withPlugin) {
        this.site = site;
        this.conf = site.resolve("conf");
        this.data = site.resolve("data");
        this.rules = site.resolve("rules");
        this.plugins = site.resolve("plugins");
        // Three ports held open together, so the operating system cannot hand out one of them twice.
        int[] ports = freePorts(3);
        this.port = ports[0];
        this.camlyticsPort = ports[2];
        try {
            copyTree(DIST.resolve("conf"), conf);
            copyTree(DIST.resolve("rules"), rules);
            Files.createDirectories(plugins);
            if (withPlugin) {
                Files.copy(PLUGIN_JAR, plugins.resolve(PLUGIN_JAR.getFileName()));
            }
            // The shipped vigil.yaml stays as it ships; the test's values go in an overlay, as a site's would.
            overlay(
                    "00-it",
                    "http:\n  port: " + port + "\nstreaming:\n  port: " + ports[1]
                            + "\nrules:\n  directory: " + rules + "\n  reloadCheckInterval: 300ms"
                            + "\nplugins:\n  directory: " + plugins + "\n  scanInterval: 300ms"
                            + "\nauth:\n  pbkdf2Iterations: 20000\n"
                            + "camlytics:\n  port: " + camlyticsPort + "\n");
            if (extraYaml != null && !extraYaml.isBlank()) {
                overlay("50-it-extra", extraYaml);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops a plugin JAR into this daemon's plugins folder, as a user would. */
    void addPlugin(Path jar) {
        try {
            Files.copy(jar, plugins.resolve(jar.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code conf/vigil.d/<name>.yaml}: its keys replace the shipped ones (lists whole). */
    void overlay(String name, String yaml) {
        try {
            Files.createDirectories(conf.resolve("vigil.d"));
            Files.writeString(conf.resolve("vigil.d").resolve(name + ".yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] freePorts(int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a probe socket
                }
            }
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                if (p.getFileName().toString().equals("users.yaml")) {
                    // Written by a daemon a user ran from the unpacked distribution: not part of what ships.
                    continue;
                }
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    static ProcessBuilder command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(DIST.resolve("bin/vigil").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        pb.environment().remove("VIGIL_CONF");
        pb.environment().remove("VIGIL_DATA");
        return pb;
    }

    VigilProcess start() {
        log = site.resolve("vigil-" + (++starts) + ".log");
        try {
            process = command("--conf", conf.toString(), "--data", data.toString(), "run")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("vigil exited with " + process.exitValue() + ":\n" + log());
            }
            if (log().contains("Vigil started")) {
                return this;
            }
            sleep(100);
        }
        throw new IllegalStateException("vigil did not start within 60 s:\n" + log());
    }

    /** SIGTERM, as systemd stops it; returns the exit code. */
    int stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("vigil did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no flushing, as in a crash or an OOM kill. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGHUP, as {@code systemctl reload vigil} sends it. */
    void hangUp() {
        try {
            new ProcessBuilder("kill", "-HUP", Long.toString(process.pid()))
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    String log() {
        try {
            return log == null || !Files.exists(log) ? "" : Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    String password() {
        try {
            return Files.readString(data.resolve("initial-admin-password")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String auth() {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString(("admin;IntegrationTests:" + password()).getBytes(StandardCharsets.UTF_8));
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    Reply get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery))
                .header("Authorization", auth())
                .header("Accept", "text/json")
                .GET());
    }

    Reply post(String pathAndQuery, String body) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery))
                .header("Authorization", auth())
                .header("Accept", "text/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r =
                    http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = r.body().isEmpty() ? null : JSON.readTree(r.body());
            } catch (IOException notJson) {
                // metrics and other plain answers
            }
            return new Reply(r.statusCode(), json, r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (alive()) {
            stop();
        }
    }
}
