package dev.vigil.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.engine.alarm.TriggerRequest;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.support.EngineRig;
import dev.vigil.engine.support.PluginJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin host with real PF4J JARs compiled in the test: load, hot drop-in, removal, failures. */
class PluginHostTest {
    @TempDir
    Path work;

    private static final String FILE_SINK = """
            package test.sink;
            import dev.vigil.api.*;
            import java.nio.file.*;
            @org.pf4j.Extension
            public class LinesSink implements EventSink {
                private Path out;
                public String type() { return "lines"; }
                public void start(PluginContext ctx) throws Exception {
                    out = ctx.dataDirectory().resolve((String) ctx.settings().get("file"));
                }
                public void onAlarmChange(AlarmChange c) throws Exception {
                    Files.writeString(out, c.kind() + " " + c.alarm().alarmName() + "\\n",
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
            """;

    private static final String BROKEN_SINK = """
            package test.broken;
            import dev.vigil.api.*;
            @org.pf4j.Extension
            public class BrokenSink implements EventSink {
                public String type() { return "broken"; }
                public void start(PluginContext ctx) { throw new IllegalStateException("cannot reach the mail server"); }
            }
            """;

    private static final String MOTION_SOURCE = """
            package test.source;
            import dev.vigil.api.*;
            import java.time.Instant;
            import java.util.UUID;
            @org.pf4j.Extension
            public class OneMotion implements EventSource {
                public String type() { return "one-motion"; }
                public void start(PluginContext ctx) throws Exception {
                    ctx.publish(Event.builder().type("CameraMotion")
                            .source(UUID.fromString("00000001-0000-babe-0000-000000000003"))
                            .timestamp(Instant.parse("2026-03-15T11:00:00Z")).build());
                }
            }
            """;

    private static VigilConfig.PluginInstance instance(String name, String type, Map<String, Object> settings) {
        VigilConfig.PluginInstance p = new VigilConfig.PluginInstance();
        p.name = name;
        p.type = type;
        p.settings = new java.util.LinkedHashMap<>(settings);
        return p;
    }

    @Test
    void loadsDropInsRemovesAndSurvivesBrokenPlugins() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Path data = work.resolve("data");
        VigilConfig config = new VigilConfig();
        config.sinks.add(instance("audit", "lines", Map.of("file", "audit.txt")));
        config.sinks.add(instance("mail", "broken", Map.of()));
        config.sources.add(instance("camera-feed", "one-motion", Map.of()));

        PluginJars.build(
                work, "broken-plugin", Map.of("test.broken.BrokenSink", BROKEN_SINK), plugins.resolve("broken.jar"));
        Files.writeString(plugins.resolve("garbage.jar"), "this is not a zip file");

        try (EngineRig rig = new EngineRig(
                        work.resolve("engine"), Path.of("../../rules"), Instant.parse("2026-03-15T11:00:00Z"));
                PluginHost host = new PluginHost(plugins, config, rig.sinks, rig.ingest, rig.entities, data)) {
            host.start(java.time.Duration.ofHours(1));
            assertThat(host.instances())
                    .filteredOn(i -> i.name().equals("mail"))
                    .singleElement()
                    .satisfies(i -> {
                        assertThat(i.state()).isEqualTo("failed");
                        assertThat(i.message()).contains("cannot reach the mail server");
                    });
            assertThat(host.plugins())
                    .filteredOn(p -> p.file().equals("garbage.jar"))
                    .singleElement()
                    .satisfies(p -> assertThat(p.state()).isEqualTo("failed"));
            assertThat(host.instances())
                    .filteredOn(i -> i.name().equals("audit"))
                    .singleElement()
                    .satisfies(i -> assertThat(i.state()).isEqualTo("waiting"));

            // Dropped in while running: loaded on the next scan, and its sink starts delivering.
            PluginJars.build(
                    work, "lines-plugin", Map.of("test.sink.LinesSink", FILE_SINK), plugins.resolve("lines.jar"));
            host.scan();
            assertThat(host.instances())
                    .filteredOn(i -> i.name().equals("audit"))
                    .singleElement()
                    .satisfies(i -> assertThat(i.state()).isEqualTo("running"));
            rig.alarms
                    .trigger(TriggerRequest.simple(
                            rig.entities.resolve("LogicalID(Alarm,2)", null).guid(), null, "ManualAction", "", "admin"))
                    .get();
            Path audit = data.resolve("audit").resolve("audit.txt");
            await().untilAsserted(() -> assertThat(audit).content().contains("TRIGGERED Door forced open"));

            // A source plugin publishes through the real ingest path: journaled, then through the rules.
            PluginJars.build(
                    work,
                    "source-plugin",
                    Map.of("test.source.OneMotion", MOTION_SOURCE),
                    plugins.resolve("source.jar"));
            host.scan();
            assertThat(rig.journal.lastSequence()).isEqualTo(1);
            await().untilAsserted(() -> assertThat(audit).content().contains("TRIGGERED Motion detected"));

            // Removed while running: its instance stops and waits for a plugin again.
            Files.delete(plugins.resolve("lines.jar"));
            host.scan();
            assertThat(host.instances())
                    .filteredOn(i -> i.name().equals("audit"))
                    .singleElement()
                    .satisfies(i -> assertThat(i.state()).isEqualTo("waiting"));
            assertThat(rig.sinks.running()).doesNotContain("audit");
            assertThat(host.plugins()).extracting(PluginHost.PluginStatus::file).doesNotContain("lines.jar");
        }
    }
}
