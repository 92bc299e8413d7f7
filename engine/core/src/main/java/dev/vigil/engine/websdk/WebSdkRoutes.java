package dev.vigil.engine.websdk;

import dev.vigil.engine.auth.UserStore;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.http.ApiResponse;
import dev.vigil.engine.http.RouteTable;
import dev.vigil.engine.stream.SessionRegistry;
import dev.vigil.engine.websdk.query.QueryParseException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Web SDK's one route table, independent of Netty: each request is matched to an
 * {@link Endpoint} by method and path template; the table answers unknown paths (404) and wrong
 * methods (405 with {@code Allow}). Every refusal becomes the {@code Fail} envelope with the
 * status its kind has; nothing but a bug produces a 500.
 */
public final class WebSdkRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(WebSdkRoutes.class);
    private static final List<String> GET = List.of("GET");
    private static final List<String> POST = List.of("POST");
    private static final List<String> GET_POST = List.of("GET", "POST");

    private final String base;
    private final SessionRegistry sessions;
    private final RouteTable<Endpoint> table;
    private final UserStore users;

    WebSdkRoutes(
            String base,
            SessionRegistry sessions,
            SessionRoutes session,
            EventRoutes events,
            AlarmRoutes alarms,
            EntityRoutes entity,
            StatusRoutes status,
            WhatIfRoutes whatIf,
            AlarmHistoryRoutes history,
            RuleTraceRoutes trace,
            UserStore users) {
        this.users = users;
        this.base = base;
        this.sessions = sessions;
        this.table = RouteTable.<Endpoint>builder()
                .add(GET, "/metrics", status::metrics)
                .add(GET, base + "/events", session::redirectToStream)
                .add(GET, base + "/events/", session::redirectToStream)
                .add(GET_POST, base + "/events/subscribe", session::subscribe)
                .add(GET_POST, base + "/events/unsubscribe", session::unsubscribe)
                .add(GET, base + "/events/subscribed", session::subscribed)
                .add(List.of("POST", "GET"), base + "/events/alarmMonitoring/on", session::monitoringOn)
                .add(List.of("POST", "GET"), base + "/events/alarmMonitoring/off", session::monitoringOff)
                .add(POST, base + "/events/closeconnection/{connectionId...}", session::closeConnection)
                .add(GET_POST, base + "/entity", entity::run)
                .add(POST, base + "/events/RaiseCustomEvent/{tail...}", events::raiseCustomEvent)
                .add(POST, base + "/events/RaiseEvent/{tail...}", events::raiseEvent)
                .add(POST, base + "/events/bulk", events::bulk)
                .add(GET_POST, base + "/alarm", alarms::run)
                .add(GET, base + "/activealarms", alarms::active)
                .add(GET, base + "/alarms/history", history::history)
                .add(GET, base + "/rules/status", status::rules)
                .add(POST, base + "/rules/replay", admin(whatIf::replay))
                .add(GET, base + "/rules/trace", trace::status)
                .add(POST, base + "/rules/trace", admin(trace::start))
                .add(POST, base + "/rules/trace/off", admin(trace::stop))
                .add(GET, base + "/health", status::health)
                .add(GET, base + "/plugins", status::plugins)
                .add(GET, base + "/sinks", status::sinks)
                .add(GET, base + "/sinks/deadletters", status::deadLetters)
                .add(POST, base + "/sinks/deadletters/{id}/retry", admin(status::retryDeadLetter))
                .add(POST, base + "/sinks/deadletters/{id}/discard", admin(status::discardDeadLetter))
                .build();
    }

    /**
     * Only for admins (users.yaml {@code role}): what changes the daemon rather than an alarm. Reading,
     * raising events and acting on alarms stay open to operators.
     */
    private Endpoint admin(Endpoint e) {
        return (req, params) -> {
            if (users.roleOf(req.principal().user()) != UserStore.Role.ADMIN) {
                return done(Envelope.fail(
                        ErrorCode.INSUFFICIENT_PRIVILEGES,
                        req.principal().user() + " is an operator; only an admin may " + req.method() + " "
                                + req.path()));
            }
            return e.handle(req, params);
        };
    }

    public CompletableFuture<ApiResponse> handle(ApiRequest req) {
        try {
            return route(req).exceptionally(WebSdkRoutes::failure);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failure(e));
        }
    }

    private CompletableFuture<ApiResponse> route(ApiRequest req) {
        String path = req.path();
        if (path.startsWith(base + "/")) {
            // Any request under the base keeps its session alive, even one the table refuses.
            sessions.touch(req.principal().user(), req.principal().applicationId());
        }
        RouteTable.Lookup<Endpoint> lookup = table.find(req.method(), path);
        if (lookup instanceof RouteTable.Found<Endpoint> found) {
            return found.handler().handle(req, found.params());
        }
        if (lookup instanceof RouteTable.WrongMethod<Endpoint> wrong) {
            return done(Envelope.fail(
                            ErrorCode.METHOD_NOT_ALLOWED,
                            req.method() + " is not allowed on " + path + "; use "
                                    + String.join(" or ", wrong.allowed()))
                    .withHeader("Allow", String.join(", ", wrong.allowed())));
        }
        return done(Envelope.fail(ErrorCode.UNKNOWN_REQUEST, "no such request: " + path));
    }

    static CompletableFuture<ApiResponse> done(ApiResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    static ApiResponse failure(Throwable t) {
        Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (e instanceof RefusedException re) {
            return Envelope.fail(re);
        }
        if (e instanceof QueryParseException qe) {
            return Envelope.fail(ErrorCode.INVALID_QUERY, qe.getMessage());
        }
        LOG.error("Request failed unexpectedly", e);
        return Envelope.fail(
                ErrorCode.INTERNAL_ERROR, "internal error: " + e.getClass().getSimpleName());
    }
}
