package dev.vigil.engine.camlytics;

import dev.vigil.engine.auth.Authenticator;
import dev.vigil.engine.auth.LoginThrottle;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.http.ApiHandler;
import dev.vigil.engine.http.ApiInitializer;
import dev.vigil.engine.http.ServerChannels;
import dev.vigil.engine.http.TlsContext;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Camlytics REST API on {@code camlytics.port}, with the Web SDK's users and limits. */
public final class CamlyticsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CamlyticsServer.class);
    private final VigilConfig.Http http;
    private final VigilConfig.Camlytics config;
    private final Authenticator authenticator;
    private final CamlyticsRoutes routes;
    private final LongPolls polls;
    private final Executor blocking;
    private final TlsContext tls;
    private ServerChannels channels;

    CamlyticsServer(
            VigilConfig.Http http,
            VigilConfig.Camlytics config,
            Authenticator authenticator,
            CamlyticsRoutes routes,
            LongPolls polls,
            Executor blocking,
            TlsContext tls) {
        this.tls = tls;
        this.http = http;
        this.config = config;
        this.authenticator = authenticator;
        this.routes = routes;
        this.polls = polls;
        this.blocking = blocking;
    }

    public void start() throws InterruptedException {
        if (!config.enabled) {
            LOG.info("Camlytics API off (camlytics.enabled: false)");
            return;
        }
        channels = new ServerChannels("camlytics");
        ApiHandler handler = new ApiHandler(routes::handle, CamlyticsErrors::failure, CamlyticsErrors.RESPONDER);
        channels.bind(
                http.bind,
                config.port,
                new ApiInitializer(
                        http,
                        "Camlytics port",
                        authenticator,
                        new LoginThrottle(),
                        blocking,
                        CamlyticsErrors.RESPONDER,
                        handler,
                        config.anonymousLoopback,
                        tls,
                        null),
                "camlytics.port");
        LOG.info(
                "Camlytics API listening on {}://{}:{}/v1/json/ (OpenAPI at {}){}",
                tls == null ? "http" : "https",
                http.bind,
                port(),
                CamlyticsRoutes.OPENAPI_PATH,
                config.anonymousLoopback ? "; loopback reads need no login" : "");
    }

    /** The bound port, or 0 when the API is off. */
    public int port() {
        return channels == null ? 0 : channels.port();
    }

    @Override
    public void close() {
        polls.close();
        if (channels != null) {
            channels.close();
        }
    }
}
