package dev.vigil.engine.http;

import dev.vigil.engine.error.ErrorCode;

/**
 * How a protocol words a refusal that the shared HTTP plumbing (login, deadlines, body budget) makes
 * before any route runs: each port answers in its own API's error shape.
 */
public interface ErrorResponder {
    ApiResponse refuse(ErrorCode code, String message);

    /** What a caller without a login is told to send. */
    default String loginHint() {
        return "log in with HTTP Basic";
    }

    /** The 401 for a missing or wrong login, with the challenge header. */
    default ApiResponse unauthorized(boolean missing) {
        return refuse(ErrorCode.UNAUTHORIZED, missing ? loginHint() : "user name or password is wrong")
                .withHeader("WWW-Authenticate", "Basic realm=\"Vigil\"");
    }
}
