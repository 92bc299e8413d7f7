package dev.vigil.engine.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * On a cluster, a rule sees together only the events of one partition, and events go to partitions
 * by their key. With {@code journal.kafka.key: source}, a rule whose second {@code Event} pattern is
 * not tied to the source of an earlier one ({@code source == $camera}) joins events that may sit on
 * different nodes, and would miss its matches there: warned, with where. Reads the DRL text as the
 * other lints do; a key that is an event property cannot be followed this way, so nothing is said.
 */
final class ClusterJoinCheck {
    private static final Pattern RULE = Pattern.compile("(?s)\\brule\\s+\"([^\"]*)\"(.*?)\\bthen\\b");
    private static final Pattern SOURCE_BINDING = Pattern.compile("(\\$\\w+)\\s*:\\s*source\\b");
    private static final Pattern SOURCE_EQUALS =
            Pattern.compile("(?:\\bsource\\s*==\\s*(\\$\\w+))|(?:(\\$\\w+)\\s*==\\s*source\\b)");

    private ClusterJoinCheck() {}

    static List<RuleError> check(String file, String text, String key) {
        List<RuleError> out = new ArrayList<>();
        if (!"source".equals(key)) {
            return out;
        }
        String code = SiteNameCheck.withoutComments(text);
        Matcher rule = RULE.matcher(code);
        while (rule.find()) {
            Set<String> sourceVars = new HashSet<>();
            int patterns = 0;
            int from = rule.start(2);
            int end = rule.end(2);
            for (int at = code.indexOf("Event(", from); at >= 0 && at < end; at = code.indexOf("Event(", at + 6)) {
                if (at > 0 && Character.isJavaIdentifierPart(code.charAt(at - 1))) {
                    continue;
                }
                String constraints = inside(code, at + 5);
                patterns++;
                boolean tied = false;
                Matcher eq = SOURCE_EQUALS.matcher(constraints);
                while (eq.find()) {
                    String v = eq.group(1) != null ? eq.group(1) : eq.group(2);
                    tied |= sourceVars.contains(v);
                }
                if (patterns > 1 && !tied) {
                    int line = lineOf(code, at);
                    out.add(new RuleError(
                            file,
                            line,
                            at - code.lastIndexOf('\n', at - 1),
                            "rule '" + rule.group(1) + "' joins events of other sources: on a cluster keyed by source"
                                    + " they can be in other partitions, on other nodes, and the rule does not see them"
                                    + " together; tie it with source == $var, or key the cluster by a property they"
                                    + " share (journal.kafka.key: property:NAME)",
                            true));
                }
                Matcher b = SOURCE_BINDING.matcher(constraints);
                while (b.find()) {
                    sourceVars.add(b.group(1));
                }
            }
        }
        return out;
    }

    /** The text between the parenthesis at {@code open} and its match. */
    private static String inside(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return code.substring(open + 1, i);
            }
        }
        return code.substring(open + 1);
    }

    private static int lineOf(String code, int at) {
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
