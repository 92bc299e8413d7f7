package dev.vigil.engine.camlytics;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import dev.vigil.engine.auth.Authenticator;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.ingest.IngestService;
import dev.vigil.engine.journal.Journal;
import java.util.concurrent.ExecutorService;

/** Bindings for the Camlytics REST API. */
public final class CamlyticsModule extends AbstractModule {
    @Provides
    @Singleton
    CamlyticsEvents camlyticsEvents(Journal journal, EntityRegistry entities) {
        return new CamlyticsEvents(journal, entities);
    }

    @Provides
    @Singleton
    LongPolls longPolls(CamlyticsEvents events, VigilConfig.Camlytics config) {
        return new LongPolls(events, config.maxWaiting);
    }

    @Provides
    @Singleton
    CamlyticsRoutes camlyticsRoutes(
            CamlyticsEvents events,
            LongPolls polls,
            EntityRegistry entities,
            VigilConfig.Camlytics config,
            IngestService ingest,
            @Named("blocking") ExecutorService blocking) {
        return new CamlyticsRoutes(events, polls, entities, config, ingest, blocking);
    }

    @Provides
    @Singleton
    CamlyticsServer camlyticsServer(
            VigilConfig.Http http,
            VigilConfig.Camlytics config,
            Authenticator authenticator,
            CamlyticsRoutes routes,
            LongPolls polls,
            @Named("blocking") ExecutorService blocking,
            java.util.Optional<dev.vigil.engine.http.TlsContext> tls) {
        return new CamlyticsServer(http, config, authenticator, routes, polls, blocking, tls.orElse(null));
    }
}
