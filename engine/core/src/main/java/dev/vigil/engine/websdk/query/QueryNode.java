package dev.vigil.engine.websdk.query;

import java.util.List;

/** A parsed piece of a {@code q=} expression. {@code position} is the 0-based offset in the decoded text. */
public sealed interface QueryNode {
    int position();

    /** Plain text: a GUID, a number, a name, a free message. */
    record Atom(String text, int position) implements QueryNode {}

    /** {@code {a,b,...}}; a braced GUID is an {@link Atom}, not a list. */
    record ListNode(List<QueryNode> items, int position) implements QueryNode {}

    /**
     * {@code Name(args)}, optionally followed by {@code {attributes}} (only DynamicAlarmContent uses
     * that; its single argument is the raw text between its parentheses).
     */
    record Call(String name, List<QueryNode> args, String attributes, int position) implements QueryNode {}
}
