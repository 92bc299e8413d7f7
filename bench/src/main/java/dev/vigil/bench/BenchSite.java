package dev.vigil.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes the benchmark site: 100 cameras, the shipped rules plus 96 generated ones (100 in all),
 * and a vigil.yaml on the given port. Generated rules select on {@code type ==} (hashed by
 * Drools, so rules for other types cost nothing) and then on a zone property, as site rules do;
 * about 1 event in 100 matches one and raises or re-triggers an alarm.
 */
public final class BenchSite {
    public static final int CAMERAS = 100;
    public static final int ZONES = 9_600;
    public static final List<String> TYPES = List.of(
            "ObjectEntered",
            "ObjectExited",
            "Loitering",
            "Tampering",
            "LprRead",
            "LprHit",
            "VideoAnalyticsObjectCrossedLine",
            "CameraSignalLost",
            "CameraSignalRecovered",
            "CameraTransmissionLost",
            "CameraMotionOn",
            "CameraMotion");

    private BenchSite() {}

    public static String cameraGuid(int i) {
        return String.format("00000001-0000-be0c-0000-%012d", i);
    }

    /** The generated rules, shared by the load run and the JMH rules benchmark. */
    public static String generatedRules(int count) {
        return generatedRules(count, System.getenv().getOrDefault("BENCH_SELECTOR", "zone"));
    }

    /**
     * {@code selector} "zone": each rule reads the event's zone property (a map read, which Drools
     * evaluates rule by rule). "source": each rule names a camera ({@code sourceId == "guid"}, which
     * Drools hashes across rules like {@code type}); rules 0-9 name cameras 91-100, which send, the
     * others cameras 101 and up, which do not, so 96 and 1,000 rules see the same matches, as on a
     * site with a rule per door or camera where the load comes from a few of them.
     */
    public static String generatedRules(int count, String selector) {
        boolean bySource = selector.equals("source");
        StringBuilder drl = new StringBuilder("""
                package vigil.bench;
                import dev.vigil.api.Event;
                global dev.vigil.engine.rules.Alarms alarms;
                """);
        for (int i = 0; i < count; i++) {
            String constraint = bySource
                    ? "sourceId == \"" + cameraGuid(CAMERAS - 9 + i) + "\""
                    : "properties[\"zone\"] == \"Z" + i + "\"";
            drl.append(String.format(Locale.ROOT, """
                    rule "bench-%d"
                    when
                        $e : Event(type == "%s", %s)
                    then
                        alarms.trigger("Bench alarm", $e, "rule %d");
                    end
                    """, i, TYPES.get(i % TYPES.size()), constraint, i));
        }
        return drl.toString();
    }

    public static String entities() {
        return entities(CAMERAS);
    }

    public static String entities(int cameras) {
        StringBuilder y = new StringBuilder("cameras:\n");
        for (int i = 1; i <= cameras; i++) {
            y.append("  - guid: ")
                    .append(cameraGuid(i))
                    .append("\n    logicalId: ")
                    .append(i)
                    .append("\n    name: Camera ")
                    .append(i)
                    .append('\n');
        }
        y.append("""
                alarms:
                  - guid: 00000003-0000-babe-0000-000000000001
                    logicalId: 1
                    name: Motion detected
                    priority: 50
                    reactivationThreshold: 30s
                  - guid: 00000003-0000-babe-0000-000000000002
                    logicalId: 2
                    name: Door forced open
                    priority: 10
                  - guid: 00000003-0000-babe-0000-000000000003
                    logicalId: 3
                    name: Repeated motion
                    priority: 5
                    reactivationThreshold: 5m
                  - guid: 00000003-0000-babe-0000-000000000009
                    logicalId: 9
                    name: Bench alarm
                    priority: 100
                    reactivationThreshold: 1m
                """);
        return y.toString();
    }

    /** Writes conf/, rules/ and plugins/ under {@code dir}; {@code shippedRules} is the distribution's rules folder. */
    public static void write(Path dir, Path shippedRules, int port) throws IOException {
        write(dir, shippedRules, port, CAMERAS);
    }

    public static void write(Path dir, Path shippedRules, int port, int cameras) throws IOException {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.createDirectories(dir.resolve("plugins"));
        for (String f : List.of("motion.drl", "door.drl", "escalation.drl")) {
            Files.copy(shippedRules.resolve(f), rules.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        // BENCH_RULES: how many generated rules (the reload benchmark runs 1,000).
        Files.writeString(
                rules.resolve("bench.drl"),
                generatedRules(Integer.parseInt(System.getenv().getOrDefault("BENCH_RULES", "96"))));
        Files.writeString(conf.resolve("entities.yaml"), entities(cameras));
        Files.writeString(
                conf.resolve("vigil.yaml"),
                String.format(
                        Locale.ROOT,
                        """
                http:
                  port: %d
                  maxConnections: 4096
                  maxConnectionsPerAddress: 4096   # every benchmark client is on this one address
                streaming:
                  port: %d
                camlytics:
                  port: %d
                auth:
                  pbkdf2Iterations: 10000   # thousands of sessions each log in once
                rules:
                  directory: %s
                  eventExpiry: 30s
                journal:
                  fsync: %s
                plugins:
                  directory: %s
                store:
                  url: "%s"
                """,
                        port,
                        port + 1,
                        port + 2,
                        rules.toAbsolutePath(),
                        System.getenv().getOrDefault("VIGIL_FSYNC", "true"),
                        dir.resolve("plugins").toAbsolutePath(),
                        System.getenv()
                                .getOrDefault("VIGIL_STORE_URL", "")
                                .replace("DATA", dir.resolve("data").toString())));
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: BenchSite DIR SHIPPED_RULES_DIR PORT [CAMERAS]");
            System.exit(2);
        }
        write(
                Path.of(args[0]),
                Path.of(args[1]),
                Integer.parseInt(args[2]),
                args.length == 4 ? Integer.parseInt(args[3]) : CAMERAS);
    }
}
