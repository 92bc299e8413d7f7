package dev.vigil.engine.query;

/** A {@code q=} expression is malformed; the message names the position and what was expected. */
public class QueryParseException extends RuntimeException {
    private final int position;

    public QueryParseException(int position, String message) {
        super("q= syntax error at position " + position + ": " + message);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
