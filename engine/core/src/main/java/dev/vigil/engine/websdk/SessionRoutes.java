package dev.vigil.engine.websdk;

import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.http.ApiResponse;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.stream.Session;
import dev.vigil.engine.stream.SessionRegistry;
import java.util.Map;
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

    SessionRoutes(String base, VigilConfig.Streaming config, SessionRegistry sessions, EntityRegistry entities,
                  IntSupplier streamingPort) {
        this.base = base;
        this.config = config;
        this.sessions = sessions;
        this.entities = entities;
        this.streamingPort = streamingPort;
    }

    /** Answers {@code rest} (the path after the base) when it is one of ours; null otherwise. */
    ApiResponse handle(ApiRequest req, String rest) {
        switch (rest) {
            case "/events", "/events/" -> {
                WebSdkRoutes.requireMethod(req, "GET");
                Session s = session(req);
                return new ApiResponse(301, ApiResponse.JSON, new byte[0], Map.of())
                        .withHeader("Location", "http://" + host(req) + ":" + streamingPort.getAsInt() + base
                                + "/streaming/events/sessionid=" + s.id());
            }
            case "/events/subscribe" -> {
                WebSdkRoutes.requireMethod(req, "GET", "POST");
                var specs = SubscriptionQuery.parse(req.param("q"), entities);
                sessions.subscribe(session(req), specs);
                return Envelope.ok();
            }
            case "/events/unsubscribe" -> {
                WebSdkRoutes.requireMethod(req, "GET", "POST");
                var specs = SubscriptionQuery.parse(req.param("q"), entities);
                sessions.unsubscribe(session(req), specs);
                return Envelope.ok();
            }
            case "/events/subscribed" -> {
                WebSdkRoutes.requireMethod(req, "GET");
                return Envelope.ok(sessions.subscribed(session(req)));
            }
            case "/events/alarmMonitoring/on", "/events/alarmMonitoring/off" -> {
                WebSdkRoutes.requireMethod(req, "POST", "GET");
                sessions.alarmMonitoring(session(req), rest.endsWith("/on"));
                return Envelope.ok();
            }
            default -> {
                if (rest.startsWith("/events/closeconnection/")) {
                    WebSdkRoutes.requireMethod(req, "POST");
                    String id = Paths.decode(rest.substring("/events/closeconnection/".length()));
                    if (!sessions.closeConnection(session(req), id)) {
                        return Envelope.fail(ErrorCode.UNKNOWN_CONNECTION, "this session has no open stream with "
                                + "ConnectionId " + id);
                    }
                    return Envelope.ok();
                }
                return null;
            }
        }
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
