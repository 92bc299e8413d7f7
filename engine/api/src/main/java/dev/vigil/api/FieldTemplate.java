package dev.vigil.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A text with {@code {field}} placeholders ({@code {{} and {@code }}} for the braces themselves): a
 * mail subject, an MQTT topic, a link. Parsed once when a plugin instance starts, so a misspelt
 * field is refused then, naming the setting, rather than sent out as text.
 */
public final class FieldTemplate {
    private final List<String> literals;
    private final List<String> fields;

    private FieldTemplate(List<String> literals, List<String> fields) {
        this.literals = literals;
        this.fields = fields;
    }

    /**
     * @param setting the settings key the text came from, named in the error
     * @param known the fields a placeholder may name
     * @throws IllegalArgumentException naming the setting, for an unknown field or an unbalanced brace
     */
    public static FieldTemplate parse(String setting, String text, Set<String> known) {
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
        return new FieldTemplate(List.copyOf(literals), List.copyOf(fields));
    }

    /** The text with each placeholder replaced by its value; a field with no value becomes empty. */
    public String render(Map<String, String> values) {
        return render(values, v -> v);
    }

    /** As above, each value passed through {@code escape} first (a topic level, say). */
    public String render(Map<String, String> values, java.util.function.UnaryOperator<String> escape) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            out.append(literals.get(i)).append(escape.apply(values.getOrDefault(fields.get(i), "")));
        }
        return out.append(literals.get(fields.size())).toString();
    }
}
