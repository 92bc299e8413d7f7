package dev.vigil.engine.camlytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.ErrorKind;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.http.ApiResponse;
import dev.vigil.engine.http.ErrorResponder;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refusals in the shape of the product's ASP.NET Web API, {@code {"Message":"..."}}, with the
 * catalogue's code beside it, and plain HTTP statuses (a conflict is 409 here).
 */
final class CamlyticsErrors {
    private static final Logger LOG = LoggerFactory.getLogger(CamlyticsErrors.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    record ErrorBody(
            @JsonProperty("Message") String message,
            @JsonProperty("Code") String code) {}

    static final ErrorResponder RESPONDER = new ErrorResponder() {
        @Override
        public ApiResponse refuse(ErrorCode code, String message) {
            return fail(status(code.kind()), code, message);
        }

        @Override
        public String loginHint() {
            return "log in with HTTP Basic, as on the Web SDK port";
        }
    };

    private CamlyticsErrors() {}

    static ApiResponse fail(int status, ErrorCode code, String message) {
        try {
            return ApiResponse.json(status, JSON.writeValueAsBytes(new ErrorBody(message, code.name())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ApiResponse failure(Throwable t) {
        Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (e instanceof RefusedException re) {
            ApiResponse r = fail(status(re.kind()), re.code(), re.getMessage());
            return re.overloaded() ? r.withHeader("Retry-After", "1") : r;
        }
        LOG.error("Camlytics request failed unexpectedly", e);
        return fail(
                500, ErrorCode.INTERNAL_ERROR, "internal error: " + e.getClass().getSimpleName());
    }

    static int status(ErrorKind kind) {
        return switch (kind) {
            case BAD_REQUEST -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case CONFLICT -> 409;
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
