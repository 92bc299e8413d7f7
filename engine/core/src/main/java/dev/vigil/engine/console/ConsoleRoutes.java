package dev.vigil.engine.console;

import dev.vigil.engine.auth.Authenticator;
import dev.vigil.engine.auth.UserStore;
import dev.vigil.engine.error.ErrorKind;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.http.ApiResponse;
import dev.vigil.engine.http.RouteTable;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's one route table and its three gates, in order: a login (the cookie) for everything
 * but the page, its assets and the login itself; for any request that changes something, the
 * login's anti-forgery token in {@code X-Vigil-Csrf} and, when the browser sends one, an
 * {@code Origin} of this very host; and the admin role for anything but acting on alarms. Every
 * answer carries the console's security headers; API answers are never cached.
 */
final class ConsoleRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);
    static final String BASE = "/console";
    static final String CSRF_HEADER = "X-Vigil-Csrf";

    /** What an endpoint requires beyond being found. */
    enum Access {
        /** Anyone, logged in or not. */
        PUBLIC,
        /** Any logged-in user (an operator may act on alarms). */
        USER,
        /** Logged-in admins only. */
        ADMIN
    }

    private record Route(ConsoleEndpoint endpoint, Access access) {}

    private final RouteTable<Route> table;
    private final ConsoleLogins logins;
    private final UserStore users;

    ConsoleRoutes(
            ConsoleLogins logins,
            UserStore users,
            ConsoleAssets assets,
            ConsoleLoginRoutes login,
            ConsoleAlarmRoutes alarms,
            ConsoleStatusRoutes status) {
        this.logins = logins;
        this.users = users;
        String api = BASE + "/api";
        this.table = RouteTable.<Route>builder()
                .add("POST", api + "/login", new Route(login::login, Access.PUBLIC))
                .add("POST", api + "/logout", new Route(login::logout, Access.USER))
                .add("GET", api + "/me", new Route(login::me, Access.USER))
                .add("GET", api + "/alarms", new Route(alarms::active, Access.USER))
                .add("POST", api + "/alarms/{id}/{action}", new Route(alarms::act, Access.USER))
                .add("GET", api + "/recipients", new Route(alarms::recipients, Access.USER))
                .add("GET", api + "/history", new Route(alarms::history, Access.USER))
                .add("GET", api + "/rules", new Route(status::rules, Access.USER))
                .add("GET", api + "/rules/files/{name}", new Route(status::ruleFile, Access.USER))
                .add("POST", api + "/rules/whatif", new Route(status::whatIf, Access.ADMIN))
                .add("GET", api + "/plugins", new Route(status::plugins, Access.USER))
                .add("GET", api + "/deadletters", new Route(status::deadLetters, Access.USER))
                .add("POST", api + "/deadletters/{id}/{action}", new Route(status::deadLetter, Access.ADMIN))
                .add("GET", api + "/health", new Route(status::health, Access.USER))
                .add(
                        "GET",
                        api + "/{unknown...}",
                        new Route(c -> done(error(404, "no such console request")), Access.PUBLIC))
                .add("GET", BASE, new Route(c -> done(redirect()), Access.PUBLIC))
                .add(
                        "GET",
                        BASE + "/{file...}",
                        new Route(c -> done(assets.serve(c.params().get("file"), c.request())), Access.PUBLIC))
                .build();
    }

    boolean owns(String path) {
        return path.equals(BASE) || path.startsWith(BASE + "/");
    }

    /** From the request head only: the login's user, or a guest. */
    Authenticator.Principal principal(String cookieHeader) {
        return logins.find(cookieHeader)
                .filter(l -> users.exists(l.user))
                .map(l -> new Authenticator.Principal(l.user, "console"))
                .orElse(dev.vigil.engine.http.SharedPortApp.GUEST);
    }

    CompletableFuture<ApiResponse> handle(ApiRequest req) {
        CompletableFuture<ApiResponse> answer;
        try {
            answer = route(req).exceptionally(ConsoleRoutes::failure);
        } catch (RuntimeException e) {
            answer = done(failure(e));
        }
        boolean api = req.path().startsWith(BASE + "/api/");
        return answer.thenApply(r -> secured(r, api));
    }

    private CompletableFuture<ApiResponse> route(ApiRequest req) {
        RouteTable.Lookup<Route> lookup = table.find(req.method(), req.path());
        if (lookup instanceof RouteTable.WrongMethod<Route> wrong) {
            return done(error(405, req.method() + " is not allowed here; use " + String.join(" or ", wrong.allowed()))
                    .withHeader("Allow", String.join(", ", wrong.allowed())));
        }
        if (!(lookup instanceof RouteTable.Found<Route> found)) {
            return done(error(404, "no such console page or request: " + req.path()));
        }
        Route route = found.handler();
        Optional<ConsoleLogins.Login> login =
                logins.find(req.header().apply("Cookie")).filter(l -> users.exists(l.user));
        if (route.access() != Access.PUBLIC && login.isEmpty()) {
            return done(error(401, "log in first (or your login ended)"));
        }
        if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
            String refusal = forgery(req, login.orElse(null));
            if (refusal != null) {
                LOG.warn("Console refused {} {} from {}: {}", req.method(), req.path(), req.remote(), refusal);
                return done(error(403, refusal));
            }
        }
        boolean admin = login.isPresent() && users.roleOf(login.get().user) == UserStore.Role.ADMIN;
        if (route.access() == Access.ADMIN && !admin) {
            return done(error(403, "only an admin may do this; you are an operator"));
        }
        return route.endpoint().handle(new ConsoleCall(req, found.params(), login.orElse(null), admin));
    }

    /** Why a changing request may be forged, or null when it is not. */
    private static String forgery(ApiRequest req, ConsoleLogins.Login login) {
        String origin = req.header().apply("Origin");
        if (origin != null && !sameHost(origin, req.host())) {
            return "the request comes from another site (Origin " + origin + ")";
        }
        if (login != null && !login.csrfMatches(req.header().apply(CSRF_HEADER))) {
            return "missing or wrong " + CSRF_HEADER + " header (reload the console)";
        }
        return null;
    }

    private static boolean sameHost(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI u = URI.create(origin);
            String authority = u.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ApiResponse redirect() {
        return new ApiResponse(301, null, new byte[0], java.util.Map.of("Location", BASE + "/"));
    }

    static ApiResponse error(int status, String message) {
        return ConsoleJson.error(status, message);
    }

    static CompletableFuture<ApiResponse> done(ApiResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    static ApiResponse failure(Throwable t) {
        Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (e instanceof RefusedException r) {
            ApiResponse resp = error(status(r.kind()), r.getMessage());
            return r.kind() == ErrorKind.OVERLOADED ? resp.withHeader("Retry-After", "1") : resp;
        }
        LOG.error("Console request failed unexpectedly", e);
        return error(500, "internal error: " + e.getClass().getSimpleName());
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
            case REDIRECT -> 301;
            case UNSUPPORTED_VERSION -> 505;
            case INTERNAL -> 500;
        };
    }

    /**
     * The page loads scripts, styles and data from this origin only, runs no inline script, cannot be
     * framed, and sends no referrer; API answers (logins, alarms) are never stored by a cache.
     */
    private static ApiResponse secured(ApiResponse r, boolean api) {
        ApiResponse s = r.withHeader(
                        "Content-Security-Policy",
                        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                                + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("X-Frame-Options", "DENY")
                .withHeader("Referrer-Policy", "no-referrer");
        return api || !r.headers().containsKey("Cache-Control") ? s.withHeader("Cache-Control", "no-store") : s;
    }
}
