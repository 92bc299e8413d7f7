package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /metrics as Prometheus' own tool reads it, and the shipped alerting rules and Grafana dashboard
 * (docs/) checked against it: valid, and naming only metrics that Vigil exports.
 */
class PrometheusIT {
    private static final Path ALERTS =
            Path.of("../docs/prometheus/vigil-alerts.yml").toAbsolutePath();
    private static final Path DASHBOARD =
            Path.of("../docs/grafana/vigil-dashboard.json").toAbsolutePath();
    private static final Pattern METRIC = Pattern.compile("\\b((?:vigil|jvm|process|system)_[a-z0-9_]+)");

    @TempDir
    Path site;

    private record Run(int code, String out) {}

    private static Run promtool(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("promtool"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static Set<String> metricsNamedIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void metricsPassPromtoolAndTheShippedRulesAndDashboardNameOnlyExportedMetrics() throws Exception {
        VigilProcess v = new VigilProcess(site, """
                sinks:
                  - name: file
                    type: jsonl-file
                    events: true
                    alarms: true
                    settings:
                      path: out.jsonl
                """, true);
        try (v) {
            v.start();
            assertThat(v.post("/WebSdk/events/RaiseEvent/CameraMotion/LogicalID(Camera,1)", null)
                            .status())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(v.get("/metrics").body()).contains("vigil_sink_delivered_total{"));
            String metrics = v.get("/metrics").body();

            Run lint = promtool(metrics, "check", "metrics");
            assertThat(lint.code()).as(lint.out()).isZero();
            assertThat(lint.out()).isBlank();

            Run rules = promtool(null, "check", "rules", ALERTS.toString());
            assertThat(rules.code()).as(rules.out()).isZero();
            assertThat(rules.out()).contains("SUCCESS");

            Set<String> exported = new TreeSet<>();
            for (String line : metrics.split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    exported.add(line.split("[{ ]", 2)[0]);
                }
            }
            assertThat(exported).containsAll(metricsNamedIn(Files.readString(ALERTS)));

            JsonNode dashboard = VigilProcess.JSON.readTree(DASHBOARD.toFile());
            StringBuilder exprs = new StringBuilder();
            dashboard.findValues("expr").forEach(e -> exprs.append(e.asText()).append('\n'));
            assertThat(dashboard.get("panels")).hasSizeGreaterThanOrEqualTo(8);
            assertThat(exported).containsAll(metricsNamedIn(exprs.toString()));
        }
    }
}
