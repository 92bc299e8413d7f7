package dev.vigil.engine.ruletest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What {@code vigil test-rules} prints, and its JUnit XML for CI servers. */
public final class RuleTestReport {
    private RuleTestReport() {}

    public static String line(ScenarioRunner.Result r) {
        StringBuilder out = new StringBuilder();
        out.append(r.passed() ? "PASS " : "FAIL ")
                .append(r.scenario().name())
                .append(" (")
                .append(r.scenario().file())
                .append(", ")
                .append(r.checked())
                .append(" expectation(s), ")
                .append(r.wallTime().toMillis())
                .append(" ms)");
        for (String f : r.failures()) {
            out.append("\n    ").append(f);
        }
        return out.toString();
    }

    public static void writeJunitXml(Path file, List<ScenarioRunner.Result> results, List<String> unreadable)
            throws IOException {
        long failures = results.stream().filter(r -> !r.passed()).count();
        double seconds = results.stream()
                        .map(ScenarioRunner.Result::wallTime)
                        .mapToLong(Duration::toMillis)
                        .sum()
                / 1000.0;
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append(String.format(
                java.util.Locale.ROOT,
                "<testsuite name=\"vigil-rules\" tests=\"%d\" failures=\"%d\" errors=\"%d\" time=\"%.3f\">%n",
                results.size() + unreadable.size(),
                failures,
                unreadable.size(),
                seconds));
        for (ScenarioRunner.Result r : results) {
            x.append(String.format(
                    java.util.Locale.ROOT,
                    "  <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"",
                    escape(r.scenario().file().toString()),
                    escape(r.scenario().name()),
                    r.wallTime().toMillis() / 1000.0));
            if (r.passed()) {
                x.append("/>\n");
            } else {
                x.append(">\n    <failure message=\"")
                        .append(escape(r.failures().get(0)))
                        .append("\">")
                        .append(escape(String.join("\n", r.failures())))
                        .append("</failure>\n  </testcase>\n");
            }
        }
        for (String u : unreadable) {
            x.append("  <testcase classname=\"vigil-rules\" name=\"")
                    .append(escape(u))
                    .append("\">\n    <error message=\"")
                    .append(escape(u))
                    .append("\"/>\n  </testcase>\n");
        }
        x.append("</testsuite>\n");
        Files.writeString(file, x);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
