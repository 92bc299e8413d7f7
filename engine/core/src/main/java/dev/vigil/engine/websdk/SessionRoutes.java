package dev.vigil.engine.websdk;

import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.http.ApiResponse;
import dev.vigil.engine.stream.Session;
import dev.vigil.engine.stream.SessionRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * The session half of the Web SDK: subscriptions, the 301 to the stream, closing a stream, and
 * alarm monitoring. All of it is quick in-memory work answered on the calling thread.
 */
final class SessionRoutes {
    private final String base;
    private final VigilConfig.Streaming config;
    private final SessionRegistry sessions;
    private final EntityRegistry entities;
    private final IntSupplier streamingPort;

    /** One item of {@code /events/subscribed}. */
    record SubscribedView(String eventType, List<String> entities) {}

    SessionRoutes(
            String base,
            VigilConfig.Streaming config,
            SessionRegistry sessions,
            EntityRegistry entities,
            IntSupplier streamingPort) {
        this.base = base;
        this.config = config;
        this.sessions = sessions;
        this.entities = entities;
        this.streamingPort = streamingPort;
    }

    CompletableFuture<ApiResponse> redirectToStream(ApiRequest req, Map<String, String> params) {
        Session s = session(req);
        return WebSdkRoutes.done(new ApiResponse(301, ApiResponse.JSON, new byte[0], Map.of())
                .withHeader(
                        "Location",
                        // The stream is asked for in the scheme the session was: https stays https.
                        (req.secure() ? "https://" : "http://") + host(req) + ":" + streamingPort.getAsInt() + base
                                + "/streaming/events/sessionid=" + s.id()));
    }

    CompletableFuture<ApiResponse> subscribe(ApiRequest req, Map<String, String> params) {
        sessions.subscribe(session(req), SubscriptionQuery.parse(req.param("q"), entities));
        return WebSdkRoutes.done(Envelope.ok());
    }

    CompletableFuture<ApiResponse> unsubscribe(ApiRequest req, Map<String, String> params) {
        sessions.unsubscribe(session(req), SubscriptionQuery.parse(req.param("q"), entities));
        return WebSdkRoutes.done(Envelope.ok());
    }

    CompletableFuture<ApiResponse> subscribed(ApiRequest req, Map<String, String> params) {
        return WebSdkRoutes.done(Envelope.ok(sessions.subscribed(session(req)).stream()
                .map(s -> new SubscribedView(s.eventType(), s.entities()))
                .toList()));
    }

    CompletableFuture<ApiResponse> monitoringOn(ApiRequest req, Map<String, String> params) {
        sessions.alarmMonitoring(session(req), true);
        return WebSdkRoutes.done(Envelope.ok());
    }

    CompletableFuture<ApiResponse> monitoringOff(ApiRequest req, Map<String, String> params) {
        sessions.alarmMonitoring(session(req), false);
        return WebSdkRoutes.done(Envelope.ok());
    }

    CompletableFuture<ApiResponse> closeConnection(ApiRequest req, Map<String, String> params) {
        String id = Paths.decode(params.get("connectionId"));
        if (!sessions.closeConnection(session(req), id)) {
            return WebSdkRoutes.done(Envelope.fail(
                    ErrorCode.UNKNOWN_CONNECTION, "this session has no open stream with ConnectionId " + id));
        }
        return WebSdkRoutes.done(Envelope.ok());
    }

    private Session session(ApiRequest req) {
        return sessions.session(req.principal().user(), req.principal().applicationId());
    }

    private String host(ApiRequest req) {
        if (!config.publicHost.isEmpty()) {
            return config.publicHost;
        }
        String h = req.host();
        if (h == null || h.isBlank() || h.length() > 255) {
            return "localhost";
        }
        h = h.trim();
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close > 0 ? h.substring(0, close + 1) : "localhost";
        }
        int colon = h.indexOf(':');
        String name = colon >= 0 ? h.substring(0, colon) : h;
        // Only a plain host name or address goes into the Location header.
        return name.matches("[A-Za-z0-9.\\-]{1,253}") ? name : "localhost";
    }
}
