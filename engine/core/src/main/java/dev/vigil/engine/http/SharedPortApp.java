package dev.vigil.engine.http;

import dev.vigil.engine.auth.Authenticator;
import io.netty.channel.ChannelHandler;
import java.util.concurrent.CompletableFuture;

/**
 * A web application that shares an API port under its own path prefix and logs its users in its
 * own way (the operator console: a session cookie instead of HTTP Basic on every request). The port
 * asks it first about every request head; for paths it owns it answers every request itself, so
 * nothing of the port's own protocol (its envelope, its 401 with a Basic challenge) reaches them.
 */
public interface SharedPortApp {
    /** Whether this application answers the path (raw, without the query string). */
    boolean owns(String path);

    /**
     * Who sends this request, from the head alone and without blocking (an in-memory lookup): a
     * logged-in user, or {@link #GUEST} when the request carries no valid login (the application
     * decides what a guest may see). Called only for paths it {@link #owns}.
     *
     * @param header the request's header by name (case-insensitive), or null
     */
    Authenticator.Principal principal(String path, java.util.function.Function<String, String> header);

    /** Answers a whole request; never completes exceptionally. */
    CompletableFuture<ApiResponse> handle(ApiRequest request);

    /**
     * A handler placed before the port's request handler for long-lived answers (a server-sent event
     * stream) that do not fit one {@link ApiResponse}; it passes every other request on. Sharable.
     */
    ChannelHandler streamHandler();

    /** The largest body a guest may send (a login form's JSON); larger is refused before it is read. */
    int GUEST_MAX_BODY = 8192;

    /** Someone who has not logged in (only where the application allows it: its login page, its assets). */
    Authenticator.Principal GUEST = new Authenticator.Principal("", "guest");
}
