package dev.vigil.engine.error;

import java.util.Objects;

/**
 * A request was refused and nothing it asked for took effect. It carries a catalogue code and a
 * message naming the bad part; which status that becomes is the protocol's business.
 */
public class RefusedException extends RuntimeException {
    private final ErrorCode code;
    private final ErrorKind kind;

    public RefusedException(ErrorCode code, String message) {
        this(code, code.kind(), message);
    }

    /**
     * @param kind overrides the code's own kind where the context changes it: an unknown entity inside a
     *             bulk request makes the whole request malformed, not a missing resource
     */
    public RefusedException(ErrorCode code, ErrorKind kind, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ErrorCode code() {
        return code;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** Refused for lack of room, not for what was asked: retry later. */
    public boolean overloaded() {
        return kind == ErrorKind.OVERLOADED;
    }
}
