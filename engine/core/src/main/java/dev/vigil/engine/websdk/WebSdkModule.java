package dev.vigil.engine.websdk;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.auth.Authenticator;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.config.VigilPaths;
import dev.vigil.engine.directory.AlarmRecipients;
import dev.vigil.engine.directory.CustomEventCatalog;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.health.Health;
import dev.vigil.engine.ingest.IngestService;
import dev.vigil.engine.journal.Journal;
import dev.vigil.engine.outbox.SinkService;
import dev.vigil.engine.plugin.PluginHost;
import dev.vigil.engine.rules.RuleTrace;
import dev.vigil.engine.rules.RulesEngine;
import dev.vigil.engine.rules.RulesManager;
import dev.vigil.engine.ruletest.WhatIfService;
import dev.vigil.engine.store.AlarmStore;
import dev.vigil.engine.store.DeadLetterStore;
import dev.vigil.engine.stream.PartEncoder;
import dev.vigil.engine.stream.SessionRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.concurrent.ExecutorService;

/** Bindings for the Web SDK server and the executor its blocking work runs on. */
public final class WebSdkModule extends AbstractModule {
    @Provides
    @Singleton
    WebSdkRoutes routes(
            VigilConfig.Http http,
            VigilConfig.Streaming streamingConfig,
            IngestService ingest,
            AlarmService alarms,
            AlarmOperations alarmOps,
            RulesManager manager,
            RulesEngine rules,
            Journal journal,
            PluginHost plugins,
            DeadLetterStore deadLetters,
            PrometheusMeterRegistry prometheus,
            @Named("blocking") ExecutorService blocking,
            SessionRegistry sessions,
            EntityRegistry entities,
            EntityOperations entityOps,
            CustomEventCatalog customEvents,
            Provider<StreamingServer> streaming,
            Health health,
            SinkService sinks,
            WhatIfService whatIf,
            Clock clock,
            AlarmStore alarmStore,
            RuleTrace trace,
            dev.vigil.engine.auth.UserStore users) {
        String base = http.basePath;
        return new WebSdkRoutes(
                base,
                sessions,
                new SessionRoutes(
                        base,
                        streamingConfig,
                        sessions,
                        entities,
                        () -> streaming.get().port()),
                new EventRoutes(base, ingest, customEvents),
                new AlarmRoutes(alarms, alarmOps, alarmOps.views(), blocking),
                new EntityRoutes(entityOps, entities, blocking),
                new StatusRoutes(
                        manager, rules, journal, alarms, plugins, deadLetters, prometheus, health, sinks, blocking),
                new WhatIfRoutes(whatIf, clock),
                new AlarmHistoryRoutes(alarmStore, entities, blocking),
                new RuleTraceRoutes(trace),
                users);
    }

    @Provides
    @Singleton
    WhatIfService whatIf(VigilPaths paths, VigilConfig.Rules rules) {
        return new WhatIfService(paths, paths.underHome(rules.directory));
    }

    @Provides
    @Singleton
    AlarmOperations alarmOperations(AlarmService alarms, EntityRegistry entities) {
        return new AlarmOperations(alarms, entities);
    }

    @Provides
    @Singleton
    EntityOperations entityOperations(
            EntityRegistry entities, AlarmRecipients recipients, CustomEventCatalog customEvents) {
        return new EntityOperations(entities, recipients, customEvents);
    }

    @Provides
    PartEncoder partEncoder() {
        return StreamParts.INSTANCE;
    }

    @Provides
    @Singleton
    StreamingServer streamingServer(
            VigilConfig.Http http,
            VigilConfig.Streaming streaming,
            SessionRegistry sessions,
            MeterRegistry meters,
            Clock clock,
            java.util.Optional<dev.vigil.engine.http.TlsContext> tls) {
        return new StreamingServer(http, streaming, sessions, meters, clock, tls.orElse(null));
    }

    @Provides
    @Singleton
    WebSdkServer server(
            VigilConfig.Http http,
            Authenticator authenticator,
            WebSdkRoutes routes,
            @Named("blocking") ExecutorService blocking,
            java.util.Optional<dev.vigil.engine.http.TlsContext> tls,
            java.util.Optional<dev.vigil.engine.http.SharedPortApp> console) {
        return new WebSdkServer(http, authenticator, routes, blocking, tls.orElse(null), console.orElse(null));
    }
}
