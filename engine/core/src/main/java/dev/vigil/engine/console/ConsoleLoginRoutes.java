package dev.vigil.engine.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.engine.auth.LoginThrottle;
import dev.vigil.engine.auth.UserStore;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.http.ApiResponse;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging in to the console with the users of {@code users.yaml}: a password checked once (slowly,
 * off the event loop, with the same backoff after failures as the APIs), then a session cookie that
 * scripts cannot read and other sites cannot send ({@code HttpOnly; SameSite=Strict}).
 */
final class ConsoleLoginRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleLoginRoutes.class);
    private final ConsoleLogins logins;
    private final UserStore users;
    private final LoginThrottle throttle;
    private final Executor blocking;
    private final ConsoleFeed feed;
    private final Consumer<String> verified;

    record Me(String user, String role, String csrf) {}

    /** @param verified told the user's name after each password check that passed (login users become entities) */
    ConsoleLoginRoutes(
            ConsoleLogins logins,
            UserStore users,
            LoginThrottle throttle,
            Executor blocking,
            ConsoleFeed feed,
            Consumer<String> verified) {
        this.logins = logins;
        this.users = users;
        this.throttle = throttle;
        this.blocking = blocking;
        this.feed = feed;
        this.verified = verified;
    }

    CompletableFuture<ApiResponse> login(ConsoleCall call) {
        JsonNode body = ConsoleJson.body(call.request().body());
        String user = body.path("user").asText("");
        String password = body.path("password").asText("");
        if (user.isEmpty() || password.isEmpty() || user.length() > 64 || password.length() > 1024) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, "send {\"user\": \"...\", \"password\": \"...\"}");
        }
        InetAddress from = call.request().remote();
        long wait = throttle.waitNanos(from, user);
        if (wait > 0) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999L));
            return ConsoleRoutes.done(ConsoleJson.error(429, "too many failed logins; retry in " + seconds + " s")
                    .withHeader("Retry-After", Long.toString(seconds)));
        }
        boolean secure = call.request().secure();
        return CompletableFuture.supplyAsync(
                () -> {
                    if (!users.verify(user, password.toCharArray())) {
                        throttle.failed(from, user);
                        LOG.info(
                                "Console login refused for '{}' from {}",
                                user,
                                from == null ? "?" : from.getHostAddress());
                        return ConsoleJson.error(401, "wrong user name or password");
                    }
                    throttle.succeeded(from, user);
                    verified.accept(user);
                    ConsoleLogins.Login l = logins.start(user);
                    LOG.info("Console login for {} from {}", user, from == null ? "?" : from.getHostAddress());
                    return ConsoleJson.ok(me(l))
                            .withHeader(
                                    "Set-Cookie",
                                    ConsoleLogins.COOKIE + "=" + l.id + "; Path=" + ConsoleRoutes.BASE
                                            + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""));
                },
                blocking);
    }

    CompletableFuture<ApiResponse> logout(ConsoleCall call) {
        logins.end(call.login());
        feed.closeLogin(call.login().idHash);
        return ConsoleRoutes.done(ConsoleJson.ok(Map.of("loggedOut", call.user()))
                .withHeader(
                        "Set-Cookie",
                        ConsoleLogins.COOKIE + "=; Path=" + ConsoleRoutes.BASE
                                + "; HttpOnly; SameSite=Strict; Max-Age=0"));
    }

    CompletableFuture<ApiResponse> me(ConsoleCall call) {
        return ConsoleRoutes.done(ConsoleJson.ok(me(call.login())));
    }

    private Me me(ConsoleLogins.Login l) {
        return new Me(l.user, users.roleOf(l.user).text(), l.csrf);
    }
}
