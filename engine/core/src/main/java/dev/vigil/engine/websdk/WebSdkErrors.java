package dev.vigil.engine.websdk;

import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.ErrorKind;
import dev.vigil.engine.http.ApiResponse;
import dev.vigil.engine.http.ErrorResponder;

/**
 * The Web SDK's words for Vigil's error catalogue: the {@code SdkErrorCode} each code is reported
 * under, and the HTTP status each kind of refusal gets. Both switches are exhaustive, so a code added
 * to the catalogue does not compile until the Web SDK has a name for it.
 */
public final class WebSdkErrors {
    /** Refusals made by the shared HTTP plumbing, in the Web SDK's envelope. */
    public static final ErrorResponder RESPONDER = new ErrorResponder() {
        @Override
        public ApiResponse refuse(ErrorCode code, String message) {
            return Envelope.fail(code, message);
        }

        @Override
        public String loginHint() {
            return "log in with HTTP Basic (username or username;ApplicationId)";
        }
    };

    private WebSdkErrors() {}

    public static String sdkErrorCode(ErrorCode code) {
        return switch (code) {
            case INVALID_REQUEST -> "InvalidRequest";
            case INVALID_QUERY -> "InvalidQuery";
            case INVALID_VALUE -> "InvalidValue";
            case INVALID_JSON -> "InvalidJson";
            case INVALID_TIMESTAMP -> "InvalidTimestamp";
            case INVALID_MULTIPART -> "InvalidMultipart";
            case INVALID_ARGUMENT_COUNT -> "InvalidArgumentCount";
            case INVALID_ENTITY -> "InvalidEntity";
            case INVALID_EVENT_FOR_ENTITY -> "InvalidEventForEntity";
            case INVALID_OPERATION -> "InvalidOperation";
            case UNKNOWN_EVENT_TYPE -> "UnknownEventType";
            case TOO_MANY_SUBSCRIPTIONS -> "TooManySubscriptions";
            case UNAUTHORIZED -> "Unauthorized";
            case SESSION_EXPIRED -> "SessionExpired";
            case INSUFFICIENT_PRIVILEGES -> "InsufficientPrivileges";
            case UNKNOWN_REQUEST -> "UnknownRequest";
            case UNKNOWN_METHOD -> "UnknownMethod";
            case UNKNOWN_COMMAND -> "UnknownCommand";
            case UNKNOWN_ENTITY -> "UnknownEntity";
            case UNKNOWN_ALARM_INSTANCE -> "UnknownAlarmInstance";
            case UNKNOWN_CUSTOM_EVENT -> "UnknownCustomEvent";
            case UNKNOWN_CONNECTION -> "UnknownConnection";
            case UNKNOWN_DEAD_LETTER -> "UnknownDeadLetter";
            case METHOD_NOT_ALLOWED -> "MethodNotAllowed";
            case CUSTOM_EVENT_ALREADY_EXISTS -> "CustomEventAlreadyExists";
            case SOURCE_CONDITION_NOT_CLEARED -> "SourceConditionNotCleared";
            case REQUEST_TIMEOUT -> "RequestTimeout";
            case REQUEST_TOO_LARGE -> "RequestTooLarge";
            case TOO_MANY_EVENTS -> "TooManyEvents";
            case TOO_MANY_REQUESTS -> "TooManyRequests";
            case SERVER_BUSY -> "ServerBusy";
            case TOO_MANY_SESSIONS -> "TooManySessions";
            case TOO_MANY_CONNECTIONS -> "TooManyConnections";
            // The real server has no name for these two and reports them as the generic failures they are.
            case JOURNAL_FAILED, INTERNAL_ERROR -> "InternalError";
            case UNSUPPORTED_HTTP_VERSION -> "InvalidRequest";
            case TRAILING_SLASH_REQUIRED -> "TrailingSlashRequired";
        };
    }

    public static int status(ErrorKind kind) {
        return switch (kind) {
            case BAD_REQUEST -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            // The Web SDK answers a refusal for the state of what was named as a bad request.
            case CONFLICT -> 400;
            case TIMEOUT -> 408;
            case TOO_LARGE -> 413;
            case THROTTLED -> 429;
            case OVERLOADED -> 503;
            case REDIRECT -> 307;
            case UNSUPPORTED_VERSION -> 505;
            case INTERNAL -> 500;
        };
    }
}
