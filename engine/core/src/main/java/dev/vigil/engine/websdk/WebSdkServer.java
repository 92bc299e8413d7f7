package dev.vigil.engine.websdk;

import dev.vigil.engine.auth.Authenticator;
import dev.vigil.engine.auth.LoginThrottle;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.http.ApiHandler;
import dev.vigil.engine.http.ApiInitializer;
import dev.vigil.engine.http.ServerChannels;
import dev.vigil.engine.http.SharedPortApp;
import dev.vigil.engine.http.TlsContext;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Web SDK HTTP server on {@code http.port}, which the operator console shares under its own path. */
public final class WebSdkServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebSdkServer.class);
    private final VigilConfig.Http config;
    private final Authenticator authenticator;
    private final WebSdkRoutes routes;
    private final Executor blocking;
    private final TlsContext tls;
    private final SharedPortApp app;
    private ServerChannels channels;

    public WebSdkServer(
            VigilConfig.Http config,
            Authenticator authenticator,
            WebSdkRoutes routes,
            Executor blocking,
            TlsContext tls,
            SharedPortApp app) {
        this.app = app;
        this.tls = tls;
        this.config = config;
        this.authenticator = authenticator;
        this.routes = routes;
        this.blocking = blocking;
    }

    public void start() throws InterruptedException {
        channels = new ServerChannels("websdk");
        ApiHandler handler = new ApiHandler(
                req -> app != null && app.owns(req.path()) ? app.handle(req) : routes.handle(req),
                WebSdkRoutes::failure,
                WebSdkErrors.RESPONDER);
        channels.bind(
                config.bind,
                config.port,
                new ApiInitializer(
                        config,
                        "Web SDK port",
                        authenticator,
                        new LoginThrottle(),
                        blocking,
                        WebSdkErrors.RESPONDER,
                        handler,
                        false,
                        tls,
                        app),
                "http.port");
        LOG.info(
                "Web SDK listening on {}://{}:{}{}/",
                tls == null ? "http" : "https",
                config.bind,
                port(),
                config.basePath);
    }

    public int port() {
        return channels.port();
    }

    @Override
    public void close() {
        if (channels != null) {
            channels.close();
        }
    }
}
