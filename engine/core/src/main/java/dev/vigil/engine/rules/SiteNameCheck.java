package dev.vigil.engine.rules;

import dev.vigil.api.CamlyticsNames;
import dev.vigil.engine.config.YamlFiles;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds names written as text literals in DRL that the site does not know: event types in
 * {@code type == "X"}, alarm names in {@code alarmName == "X"} and in the {@code alarms} global's
 * calls, sink names in {@code sinks.send("x", ...)}. Such a rule compiles and then never matches, or
 * fails at every firing; this says so before it runs, at the literal's file:line:col, with the
 * nearest known name.
 */
public final class SiteNameCheck {
    /** What the site knows; a check against an empty set is skipped (nothing to compare with). */
    public record SiteNames(
            Set<String> eventTypes, Set<String> alarmNames, Set<String> sinkNames, Set<String> entityRefs) {
        public SiteNames(Set<String> eventTypes, Set<String> alarmNames, Set<String> sinkNames) {
            this(eventTypes, alarmNames, sinkNames, Set.of());
        }
    }

    private record Use(Pattern pattern, String what, int kind) {}

    private static final int EVENT = 0;
    private static final int ALARM = 1;
    private static final int SINK = 2;
    private static final int ENTITY = 3;

    private static final List<Use> USES = List.of(
            new Use(Pattern.compile("\\btype\\s*==\\s*\"([^\"]*)\""), "event type", EVENT),
            new Use(Pattern.compile("\\balarmName\\s*==\\s*\"([^\"]*)\""), "alarm", ALARM),
            new Use(
                    Pattern.compile(
                            "\\balarms\\s*\\.\\s*(?:trigger|triggerWithNearestCamera|acknowledgeFor)\\s*\\(\\s*\"([^\"]*)\""),
                    "alarm",
                    ALARM),
            new Use(Pattern.compile("\\bsinks\\s*\\.\\s*send\\s*\\(\\s*\"([^\"]*)\""), "sink", SINK),
            new Use(Pattern.compile("\\balarms\\s*\\.\\s*forward\\s*\\([^,()]*,\\s*\"([^\"]*)\""), "recipient", ENTITY),
            new Use(Pattern.compile("\\bsite\\s*\\.\\s*(?:entity|membersOf)\\s*\\(\\s*\"([^\"]*)\""), "entity", ENTITY),
            new Use(Pattern.compile("\\bsite\\s*\\.\\s*isMember\\s*\\([^,()]*,\\s*\"([^\"]*)\""), "group", ENTITY),
            new Use(Pattern.compile("\"(LogicalID\\([^\"]*\\))\""), "entity", ENTITY));

    private SiteNameCheck() {}

    /** The unknown names in one file's text, as warnings with their position. */
    public static List<RuleError> check(String file, String text, SiteNames site) {
        List<RuleError> out = new ArrayList<>();
        // A literal matched by a specific use (a forward's recipient) is not reported again as a bare reference.
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        String code = withoutComments(text);
        for (Use use : USES) {
            Set<String> known = switch (use.kind()) {
                case EVENT -> site.eventTypes();
                case ALARM -> site.alarmNames();
                case ENTITY -> site.entityRefs();
                default -> site.sinkNames();
            };
            if (known.isEmpty() && use.kind() != SINK) {
                continue;
            }
            Matcher m = use.pattern().matcher(code);
            while (m.find()) {
                String name = m.group(1);
                if (contains(known, use.kind() == ENTITY ? normalRef(name) : name, use.kind() == EVENT)
                        || (use.kind() == ENTITY && isGuid(name))) {
                    continue;
                }
                int at = m.start(1) - 1;
                if (!seen.add(at)) {
                    continue;
                }
                int line = 1
                        + (int) code.substring(0, at)
                                .chars()
                                .filter(c -> c == '\n')
                                .count();
                int column = at - code.lastIndexOf('\n', at - 1);
                out.add(new RuleError(file, line, column, message(use, name, known), true));
            }
        }
        out.sort(java.util.Comparator.comparingInt(RuleError::line).thenComparingInt(RuleError::column));
        return out;
    }

    /** LogicalID( Door , 2 ) and logicalid(door,2) are one reference. */
    static String normalRef(String ref) {
        java.util.regex.Matcher m = Pattern.compile("(?i)LogicalID\\(\\s*(\\w+)\\s*,\\s*(\\d+)\\s*\\)")
                .matcher(ref.trim());
        return m.matches()
                ? "LogicalID(" + m.group(1).toLowerCase(Locale.ROOT) + "," + Integer.parseInt(m.group(2)) + ")"
                : ref;
    }

    private static boolean isGuid(String text) {
        try {
            java.util.UUID.fromString(text.trim().replace("{", "").replace("}", ""));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean contains(Set<String> known, String name, boolean exact) {
        if (exact) {
            return known.contains(name);
        }
        return known.stream().anyMatch(k -> k.equalsIgnoreCase(name));
    }

    private static String message(Use use, String name, Set<String> known) {
        StringBuilder m = new StringBuilder("unknown ")
                .append(use.what())
                .append(" '")
                .append(name)
                .append("'");
        if (use.kind() == EVENT) {
            Optional<String> vigil = CamlyticsNames.vigilType(name);
            if (vigil.isPresent() && known.contains(vigil.get())) {
                return m.append(": that is the Camlytics name; Vigil calls it '")
                        .append(vigil.get())
                        .append("'")
                        .toString();
            }
        }
        nearest(name, known)
                .ifPresent(n -> m.append(" (did you mean '").append(n).append("'?)"));
        if (use.kind() == SINK) {
            m.append(
                    known.isEmpty()
                            ? "; no sink is configured"
                            : "; the configured sinks: " + String.join(", ", new java.util.TreeSet<>(known)));
        }
        if (use.kind() == ENTITY && nearest(name, known).isEmpty()) {
            m.append("; entities are defined in entities.yaml");
        }
        if (use.kind() == ALARM && nearest(name, known).isEmpty()) {
            m.append("; alarms are defined in entities.yaml");
        }
        return m.toString();
    }

    static Optional<String> nearest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : new java.util.TreeSet<>(known)) {
            int d = YamlFiles.editDistance(name, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 3) ? Optional.of(best) : Optional.empty();
    }

    /** Comments blanked to spaces (newlines kept), so positions stay and commented-out code is not checked. */
    static String withoutComments(String text) {
        StringBuilder out = new StringBuilder(text);
        int i = 0;
        boolean inString = false;
        while (i < out.length()) {
            char c = out.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    inString = false;
                }
                i++;
            } else if (c == '"') {
                inString = true;
                i++;
            } else if (c == '/' && i + 1 < out.length() && out.charAt(i + 1) == '/') {
                while (i < out.length() && out.charAt(i) != '\n') {
                    out.setCharAt(i++, ' ');
                }
            } else if (c == '/' && i + 1 < out.length() && out.charAt(i + 1) == '*') {
                while (i < out.length()
                        && !(out.charAt(i) == '*' && i + 1 < out.length() && out.charAt(i + 1) == '/')) {
                    if (out.charAt(i) != '\n') {
                        out.setCharAt(i, ' ');
                    }
                    i++;
                }
                if (i + 1 < out.length()) {
                    out.setCharAt(i, ' ');
                    out.setCharAt(i + 1, ' ');
                    i += 2;
                }
            } else {
                i++;
            }
        }
        return out.toString();
    }
}
