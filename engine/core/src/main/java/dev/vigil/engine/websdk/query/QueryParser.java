package dev.vigil.engine.websdk.query;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one parser for the Web SDK's {@code q=} language (input already URL-decoded):
 * {@code Method(arg,...)} calls separated by commas, where an argument is a nested list
 * {@code {1,2}} / {@code {{42,guid},{43,guid}}}, a braced or bare GUID, a call such as
 * {@code LogicalID(Door,1)} or {@code GeoCoordinate(45.5,-73.5)}, or plain text. The text of
 * {@code DynamicAlarmContent(...)} is taken raw (quotes and all) up to its matching parenthesis,
 * and its {@code {...}} attribute block raw up to the matching brace.
 *
 * <p>Any input either parses or raises {@link QueryParseException}; nothing else escapes.
 */
public final class QueryParser {
    public static final int MAX_LENGTH = 64 * 1024;
    private static final int MAX_DEPTH = 16;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
    private static final Pattern BRACED_GUID =
            Pattern.compile("\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}");

    private final String src;
    private int pos;

    private QueryParser(String src) {
        this.src = src;
    }

    /** Parses a comma-separated sequence of calls. */
    public static List<QueryNode.Call> parseCalls(String text) {
        QueryParser p = new QueryParser(check(text));
        List<QueryNode.Call> calls = new ArrayList<>();
        p.skipSpaces();
        calls.add(p.call(0));
        p.skipSpaces();
        while (p.pos < p.src.length()) {
            p.expect(',');
            p.skipSpaces();
            calls.add(p.call(0));
            p.skipSpaces();
        }
        return calls;
    }

    /**
     * Parses comma-separated argument-like items, as the entity requests write them after
     * {@code entity=}: a reference, then property names and method calls.
     */
    public static List<QueryNode> parseArgs(String text) {
        QueryParser p = new QueryParser(check(text));
        List<QueryNode> items = new ArrayList<>();
        items.add(p.arg(0));
        p.skipSpaces();
        while (p.pos < p.src.length()) {
            p.expect(',');
            items.add(p.arg(0));
            p.skipSpaces();
        }
        return items;
    }

    /** Parses one argument-like expression (a GUID, LogicalID(...), list...). */
    public static QueryNode parseValue(String text) {
        QueryParser p = new QueryParser(check(text));
        QueryNode n = p.arg(0);
        p.skipSpaces();
        if (p.pos < p.src.length()) {
            throw p.error("end of input");
        }
        return n;
    }

    private static String check(String text) {
        if (text == null || text.isBlank()) {
            throw new QueryParseException(0, "q= is empty; expected a call such as TriggerAlarm(...)");
        }
        if (text.length() > MAX_LENGTH) {
            throw new QueryParseException(MAX_LENGTH, "q= is longer than " + MAX_LENGTH + " characters");
        }
        return text;
    }

    private QueryNode.Call call(int depth) {
        int start = pos;
        String name = name();
        if (name == null) {
            throw error("a method name");
        }
        skipSpaces();
        expect('(');
        if (name.equalsIgnoreCase("DynamicAlarmContent")) {
            return dynamicContent(start, name);
        }
        List<QueryNode> args = new ArrayList<>();
        skipSpaces();
        if (peek() == ')') {
            pos++;
            return new QueryNode.Call(name, args, null, start);
        }
        args.add(arg(depth + 1));
        skipSpaces();
        while (peek() == ',') {
            pos++;
            args.add(arg(depth + 1));
            skipSpaces();
        }
        expect(')');
        return new QueryNode.Call(name, args, null, start);
    }

    private QueryNode.Call dynamicContent(int start, String name) {
        int textStart = pos;
        int depth = 1;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                break;
            }
            pos++;
        }
        if (depth != 0) {
            throw error("')' closing DynamicAlarmContent(");
        }
        String text = src.substring(textStart, pos);
        pos++;
        String attributes = null;
        if (peek() == '{') {
            int attrStart = ++pos;
            int braces = 1;
            while (pos < src.length()) {
                char c = src.charAt(pos);
                if (c == '{') {
                    braces++;
                } else if (c == '}' && --braces == 0) {
                    break;
                }
                pos++;
            }
            if (braces != 0) {
                throw error("'}' closing the DynamicAlarmContent attributes");
            }
            attributes = src.substring(attrStart, pos);
            pos++;
        }
        return new QueryNode.Call(name, List.of(new QueryNode.Atom(text, textStart)), attributes, start);
    }

    private QueryNode arg(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("less nesting (at most " + MAX_DEPTH + " levels)");
        }
        skipSpaces();
        int start = pos;
        char c = peek();
        if (c == '{') {
            var m = BRACED_GUID.matcher(src).region(pos, src.length());
            if (m.lookingAt()) {
                pos = m.end();
                return new QueryNode.Atom(src.substring(start, pos), start);
            }
            pos++;
            List<QueryNode> items = new ArrayList<>();
            skipSpaces();
            if (peek() == '}') {
                pos++;
                return new QueryNode.ListNode(items, start);
            }
            items.add(arg(depth + 1));
            skipSpaces();
            while (peek() == ',') {
                pos++;
                items.add(arg(depth + 1));
                skipSpaces();
            }
            expect('}');
            return new QueryNode.ListNode(items, start);
        }
        // A name directly followed by '(' is a call; anything else up to a delimiter is text.
        int save = pos;
        String name = name();
        if (name != null) {
            int afterName = pos;
            skipSpaces();
            if (peek() == '(') {
                pos = save;
                return call(depth);
            }
            pos = afterName;
        }
        pos = save;
        while (pos < src.length() && ",(){}".indexOf(src.charAt(pos)) < 0) {
            pos++;
        }
        String text = src.substring(start, pos).trim();
        if (text.isEmpty()) {
            throw error("a value");
        }
        return new QueryNode.Atom(text, start);
    }

    private String name() {
        var m = NAME.matcher(src).region(pos, src.length());
        if (!m.lookingAt()) {
            return null;
        }
        pos = m.end();
        return m.group();
    }

    private void skipSpaces() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        return pos < src.length() ? src.charAt(pos) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("'" + c + "'");
        }
        pos++;
    }

    private QueryParseException error(String expected) {
        String found =
                pos >= src.length() ? "end of input" : "'" + src.substring(pos, Math.min(src.length(), pos + 12)) + "'";
        return new QueryParseException(pos, "expected " + expected + " but found " + found);
    }
}
