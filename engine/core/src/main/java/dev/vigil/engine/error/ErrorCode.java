package dev.vigil.engine.error;

/**
 * Every refusal Vigil can answer, one catalogue for every protocol (as Trino's StandardErrorCode).
 * The core throws {@link RefusedException} with one of these and never an HTTP status; each protocol
 * package maps the code to its own name for it and the {@link ErrorKind} to its own status.
 */
public enum ErrorCode {
    INVALID_REQUEST(ErrorKind.BAD_REQUEST),
    INVALID_QUERY(ErrorKind.BAD_REQUEST),
    INVALID_VALUE(ErrorKind.BAD_REQUEST),
    INVALID_JSON(ErrorKind.BAD_REQUEST),
    INVALID_TIMESTAMP(ErrorKind.BAD_REQUEST),
    INVALID_MULTIPART(ErrorKind.BAD_REQUEST),
    INVALID_ARGUMENT_COUNT(ErrorKind.BAD_REQUEST),
    INVALID_ENTITY(ErrorKind.BAD_REQUEST),
    INVALID_EVENT_FOR_ENTITY(ErrorKind.BAD_REQUEST),
    INVALID_OPERATION(ErrorKind.BAD_REQUEST),
    UNKNOWN_EVENT_TYPE(ErrorKind.BAD_REQUEST),
    /** A session asked for more subscriptions than a session may hold: the request, not the server, is at fault. */
    TOO_MANY_SUBSCRIPTIONS(ErrorKind.BAD_REQUEST),
    UNAUTHORIZED(ErrorKind.UNAUTHENTICATED),
    SESSION_EXPIRED(ErrorKind.UNAUTHENTICATED),
    /** An operator asked for something only an admin may do (users.yaml {@code role}). */
    INSUFFICIENT_PRIVILEGES(ErrorKind.FORBIDDEN),
    UNKNOWN_REQUEST(ErrorKind.NOT_FOUND),
    UNKNOWN_METHOD(ErrorKind.NOT_FOUND),
    UNKNOWN_COMMAND(ErrorKind.NOT_FOUND),
    UNKNOWN_ENTITY(ErrorKind.NOT_FOUND),
    UNKNOWN_ALARM_INSTANCE(ErrorKind.NOT_FOUND),
    UNKNOWN_CUSTOM_EVENT(ErrorKind.NOT_FOUND),
    UNKNOWN_CONNECTION(ErrorKind.NOT_FOUND),
    UNKNOWN_DEAD_LETTER(ErrorKind.NOT_FOUND),
    METHOD_NOT_ALLOWED(ErrorKind.METHOD_NOT_ALLOWED),
    CUSTOM_EVENT_ALREADY_EXISTS(ErrorKind.CONFLICT),
    SOURCE_CONDITION_NOT_CLEARED(ErrorKind.CONFLICT),
    REQUEST_TIMEOUT(ErrorKind.TIMEOUT),
    REQUEST_TOO_LARGE(ErrorKind.TOO_LARGE),
    TOO_MANY_EVENTS(ErrorKind.TOO_LARGE),
    TOO_MANY_REQUESTS(ErrorKind.THROTTLED),
    SERVER_BUSY(ErrorKind.OVERLOADED),
    TOO_MANY_SESSIONS(ErrorKind.OVERLOADED),
    TOO_MANY_CONNECTIONS(ErrorKind.OVERLOADED),
    /** The journal refused a write: nothing was stored, and a retry may succeed once it recovers. */
    JOURNAL_FAILED(ErrorKind.OVERLOADED),
    TRAILING_SLASH_REQUIRED(ErrorKind.REDIRECT),
    UNSUPPORTED_HTTP_VERSION(ErrorKind.UNSUPPORTED_VERSION),
    INTERNAL_ERROR(ErrorKind.INTERNAL);

    private final ErrorKind kind;

    ErrorCode(ErrorKind kind) {
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }
}
