package dev.vigil.engine.websdk.query;

/** A {@code q=} expression is malformed; the message names the position and what was expected. */
public class QueryParseException extends RuntimeException {
    private final int position;
    private final String detail;

    public QueryParseException(int position, String message) {
        super("q= syntax error at position " + position + ": " + message);
        this.position = position;
        this.detail = message;
    }

    /** The same error for text that sat {@code offset} characters into the whole q= value. */
    public QueryParseException shifted(int offset) {
        return new QueryParseException(position + offset, detail);
    }

    public int position() {
        return position;
    }
}
