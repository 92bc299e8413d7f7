package dev.vigil.engine.ruletest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One rule test: events at times relative to {@code start}, and what must (or must not) have
 * happened by given times. The file format, in {@code rules/tests/*.yaml}:
 *
 * <pre>
 * name: A forced door raises an urgent alarm with its camera
 * start: 2026-11-30T22:00:00Z          # optional; the scenario's time zero
 * timeZone: Europe/Paris               # optional; the site's zone for this run (site.timeZone)
 * site: site/entities.yaml             # optional; the site's entities, relative to this file (default:
 *                                      # the configured site); a schedules.yaml beside it comes along
 * sinks: [ guards-pager ]              # optional; sinks the rules send to, beyond the configured ones
 * steps:
 *   - at: 0s
 *     event: DoorForcedOpen
 *     source: LogicalID(Door,2)        # a GUID, LogicalID(Type,N) or an entity's name
 *     properties: { reader: north }
 *   - at: 1s
 *     expect:
 *       alarm: Door forced open        # an instance of this alarm was triggered...
 *       source: LogicalID(Door,2)      # ...for this source (optional)
 *       state: active                  # its state now: active, acknowledged, investigating, source condition cleared
 *       priority: 10
 *       attached: [ LogicalID(Camera,3) ]
 *       triggeredAt: 0s
 *       count: 1                       # how many instances match (default: at least one)
 *       forwardedTo: Security team     # a user or group it was forwarded to
 *       rule: Door forced open ...     # the rule that triggered it ("name (file.drl)"; a part is enough)
 *   - at: 1s
 *     expect: { noAlarm: Repeated motion }
 *   - at: 2m
 *     expect: { sent: guards-mail, type: Tailgating }   # a rule sent such an event to this sink
 * </pre>
 *
 * Times are durations from {@code start} ({@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}) and
 * never go back; the pseudo clock jumps between them, so a ten-minute escalation takes milliseconds.
 */
public record Scenario(
        Path file, String name, Instant start, String timeZone, Path site, List<String> sinks, List<Step> steps) {
    public static final Instant DEFAULT_START = Instant.parse("2026-01-05T12:00:00Z");

    /** One line of a scenario, at its time. */
    public sealed interface Step permits EventStep, ExpectStep {
        Duration at();

        /** Where the step is, for messages: the file and the step's number. */
        int index();
    }

    public record EventStep(int index, Duration at, String type, String source, Map<String, String> properties)
            implements Step {}

    public record ExpectStep(int index, Duration at, Expectation expectation) implements Step {}

    /** What must hold at the step's time. Null fields are not checked. */
    public record Expectation(
            String alarm,
            boolean absent,
            String source,
            String state,
            Integer priority,
            List<String> attached,
            Duration triggeredAt,
            Integer count,
            String contextContains,
            String forwardedTo,
            String rule,
            String sent,
            String type) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> EXPECT_KEYS = new java.util.TreeSet<>(List.of(
            "alarm",
            "rule",
            "noAlarm",
            "source",
            "state",
            "priority",
            "attached",
            "triggeredAt",
            "count",
            "context",
            "forwardedTo",
            "sent",
            "type"));

    /** Reads a scenario file; a mistake in it is an {@link IllegalArgumentException} naming the file and step. */
    public static Scenario read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a readable YAML file: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": a scenario is a map with name, start and steps");
        }
        String name = root.path("name").asText(file.getFileName().toString());
        Instant start = DEFAULT_START;
        if (root.hasNonNull("start")) {
            try {
                start = Instant.parse(root.get("start").asText());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(file + ": start '"
                        + root.get("start").asText() + "' is not a time such as 2026-11-30T22:00:00Z");
            }
        }
        JsonNode stepsNode = root.path("steps");
        if (!stepsNode.isArray() || stepsNode.isEmpty()) {
            throw new IllegalArgumentException(file + ": steps is missing or empty");
        }
        List<Step> steps = new ArrayList<>();
        Duration last = Duration.ZERO;
        int i = 0;
        for (JsonNode s : stepsNode) {
            i++;
            String where = file + ": step " + i;
            Duration at =
                    s.hasNonNull("at") ? duration(where + ": at", s.get("at").asText()) : last;
            if (at.compareTo(last) < 0) {
                throw new IllegalArgumentException(where + ": at " + s.get("at").asText()
                        + " is before the step above it; steps go forward in time");
            }
            last = at;
            if (s.hasNonNull("event")) {
                if (!s.hasNonNull("source")) {
                    throw new IllegalArgumentException(where + ": an event needs a source");
                }
                Map<String, String> props = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> f = s.path("properties").fields();
                while (f.hasNext()) {
                    Map.Entry<String, JsonNode> p = f.next();
                    props.put(p.getKey(), p.getValue().asText());
                }
                steps.add(new EventStep(
                        i, at, s.get("event").asText(), s.get("source").asText(), props));
            } else if (s.has("expect")) {
                JsonNode list = s.get("expect");
                for (JsonNode e : list.isArray() ? list : List.of(list)) {
                    steps.add(new ExpectStep(i, at, expectation(where, e)));
                }
            } else {
                throw new IllegalArgumentException(where + ": a step has event or expect");
            }
        }
        String zone = root.hasNonNull("timeZone") ? root.get("timeZone").asText() : null;
        if (zone != null) {
            try {
                java.time.ZoneId.of(zone);
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException(
                        file + ": timeZone '" + zone + "' is not a zone such as Europe/Paris");
            }
        }
        Path site = null;
        if (root.hasNonNull("site")) {
            Path dir = file.toAbsolutePath().getParent();
            site = dir.resolve(root.get("site").asText()).normalize();
            if (!java.nio.file.Files.isRegularFile(site)) {
                throw new IllegalArgumentException(
                        file + ": site '" + root.get("site").asText() + "' is not a file");
            }
        }
        List<String> sinks = new ArrayList<>();
        if (root.has("sinks")) {
            if (!root.get("sinks").isArray()) {
                throw new IllegalArgumentException(file + ": sinks is a list of sink names");
            }
            root.get("sinks").forEach(n -> sinks.add(n.asText()));
        }
        return new Scenario(file, name, start, zone, site, List.copyOf(sinks), List.copyOf(steps));
    }

    private static Expectation expectation(String where, JsonNode e) {
        if (!e.isObject()) {
            throw new IllegalArgumentException(where + ": expect is a map such as { alarm: Door forced open }");
        }
        e.fieldNames().forEachRemaining(k -> {
            if (!EXPECT_KEYS.contains(k)) {
                throw new IllegalArgumentException(
                        where + ": expect has no key '" + k + "'; the keys are " + String.join(", ", EXPECT_KEYS));
            }
        });
        String alarm = text(e, "alarm");
        String noAlarm = text(e, "noAlarm");
        String sent = text(e, "sent");
        int kinds = (alarm != null ? 1 : 0) + (noAlarm != null ? 1 : 0) + (sent != null ? 1 : 0);
        if (kinds != 1) {
            throw new IllegalArgumentException(where + ": expect names one of alarm, noAlarm or sent");
        }
        List<String> attached = null;
        if (e.has("attached")) {
            attached = new ArrayList<>();
            for (JsonNode a : e.get("attached")) {
                attached.add(a.asText());
            }
        }
        return new Expectation(
                alarm != null ? alarm : noAlarm,
                noAlarm != null,
                text(e, "source"),
                text(e, "state") == null
                        ? null
                        : text(e, "state").toUpperCase(Locale.ROOT).replace(' ', '_'),
                e.has("priority") ? e.get("priority").asInt() : null,
                attached,
                e.has("triggeredAt")
                        ? duration(where + ": triggeredAt", e.get("triggeredAt").asText())
                        : null,
                e.has("count") ? e.get("count").asInt() : null,
                text(e, "context"),
                text(e, "forwardedTo"),
                text(e, "rule"),
                sent,
                text(e, "type"));
    }

    private static String text(JsonNode n, String key) {
        return n.hasNonNull(key) ? n.get(key).asText() : null;
    }

    static Duration duration(String where, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            switch (t.charAt(t.length() - 1)) {
                case 's':
                    return Duration.ofSeconds(n);
                case 'm':
                    return Duration.ofMinutes(n);
                case 'h':
                    return Duration.ofHours(n);
                case 'd':
                    return Duration.ofDays(n);
                default:
                    break;
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            // the message below
        }
        throw new IllegalArgumentException(where + " '" + text + "' is not a duration such as 500ms, 10s, 2m or 1h");
    }
}
