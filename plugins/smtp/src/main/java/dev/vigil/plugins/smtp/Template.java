package dev.vigil.plugins.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A subject or body line with {@code {field}} placeholders ({@code {{} and {@code }}} for the
 * braces themselves). Parsed once when the instance starts, so a misspelt field is refused then,
 * naming the setting, rather than mailed out as text.
 */
final class Template {
    private final List<String> literals;
    private final List<String> fields;

    private Template(List<String> literals, List<String> fields) {
        this.literals = literals;
        this.fields = fields;
    }

    static Template parse(String setting, String text, Set<String> known) {
        List<String> literals = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '{' && text.startsWith("{{", i)) {
                literal.append('{');
                i += 2;
            } else if (c == '}' && text.startsWith("}}", i)) {
                literal.append('}');
                i += 2;
            } else if (c == '{') {
                int end = text.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("settings." + setting + ": '{' at position " + i
                            + " is never closed (write {{ for a brace)");
                }
                String field = text.substring(i + 1, end).trim();
                if (!known.contains(field)) {
                    throw new IllegalArgumentException("settings." + setting + ": unknown field {" + field
                            + "}; the fields are " + String.join(", ", known));
                }
                literals.add(literal.toString());
                literal.setLength(0);
                fields.add(field);
                i = end + 1;
            } else if (c == '}') {
                throw new IllegalArgumentException(
                        "settings." + setting + ": '}' at position " + i + " closes nothing (write }} for a brace)");
            } else {
                literal.append(c);
                i++;
            }
        }
        literals.add(literal.toString());
        return new Template(List.copyOf(literals), List.copyOf(fields));
    }

    String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            out.append(literals.get(i)).append(values.getOrDefault(fields.get(i), ""));
        }
        return out.append(literals.get(fields.size())).toString();
    }
}
