package dev.vigil.engine.websdk.query;

/** Reading plain values out of parsed {@code q=} nodes, with errors that name the position. */
public final class QueryValues {
    private QueryValues() {}

    /** The text of a single value. */
    public static String text(QueryNode n) {
        if (n instanceof QueryNode.Atom atom) {
            return atom.text();
        }
        throw new QueryParseException(n.position(), "expected a single value, found " + describe(n));
    }

    /** An entity reference as text: a GUID atom, or {@code LogicalID(Type,N)} put back together. */
    public static String refText(QueryNode n) {
        if (n instanceof QueryNode.Call c
                && (c.name().equalsIgnoreCase("LogicalID"))
                && c.args().size() == 2) {
            return "LogicalID(" + text(c.args().get(0)) + "," + text(c.args().get(1)) + ")";
        }
        return text(n);
    }

    public static String describe(QueryNode n) {
        if (n instanceof QueryNode.Atom a) {
            return a.text();
        }
        if (n instanceof QueryNode.Call c) {
            return c.name() + "(...)";
        }
        return "a {...} list";
    }
}
