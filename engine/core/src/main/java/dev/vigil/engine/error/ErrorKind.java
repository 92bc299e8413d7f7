package dev.vigil.engine.error;

/**
 * What kind of refusal an {@link ErrorCode} is. A protocol maps each kind to its own status (the
 * Web SDK answers a {@link #CONFLICT} as 400, as the real server does; another API may say 409).
 */
public enum ErrorKind {
    /** The request is malformed or names something invalid; sending it again will not help. */
    BAD_REQUEST,
    /** No valid login, or a session that expired. */
    UNAUTHENTICATED,
    /** The caller is logged in but its role does not allow this. */
    FORBIDDEN,
    /** The request names a path, entity, alarm instance, custom event or connection that does not exist. */
    NOT_FOUND,
    /** The path exists, the method does not. */
    METHOD_NOT_ALLOWED,
    /** The request is well formed but the state of what it names refuses it. */
    CONFLICT,
    /** The request head or body did not arrive in time. */
    TIMEOUT,
    /** The request, its head, its body or a part of it is over a configured size. */
    TOO_LARGE,
    /** The caller must wait before trying again (login backoff). */
    THROTTLED,
    /** A queue or limit is full, or a dependency (journal, store) failed: nothing was stored; retry later. */
    OVERLOADED,
    /** The request must be sent again to another address (a path without its required trailing slash). */
    REDIRECT,
    /** The request uses a protocol version the server does not speak. */
    UNSUPPORTED_VERSION,
    /** A bug: nothing else should ever produce it. */
    INTERNAL
}
