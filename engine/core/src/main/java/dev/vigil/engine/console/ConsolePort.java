package dev.vigil.engine.console;

import dev.vigil.engine.auth.Authenticator;
import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.http.ApiResponse;
import dev.vigil.engine.http.SharedPortApp;
import io.netty.channel.ChannelHandler;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** The console as the Web SDK port sees it: {@code /console} and below, its own login, its live stream. */
final class ConsolePort implements SharedPortApp {
    private final ConsoleRoutes routes;
    private final LiveStreamHandler live;

    ConsolePort(ConsoleRoutes routes, LiveStreamHandler live) {
        this.routes = routes;
        this.live = live;
    }

    @Override
    public boolean owns(String path) {
        return routes.owns(path);
    }

    @Override
    public Authenticator.Principal principal(String path, Function<String, String> header) {
        return routes.principal(header.apply("Cookie"));
    }

    @Override
    public CompletableFuture<ApiResponse> handle(ApiRequest request) {
        return routes.handle(request);
    }

    @Override
    public ChannelHandler streamHandler() {
        return live;
    }
}
