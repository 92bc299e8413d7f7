package dev.vigil.engine.rules;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.config.VigilPaths;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.journal.Journal;
import dev.vigil.engine.outbox.SinkService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** Bindings for the rules folder, its compiler and the rules thread. */
public final class RulesModule extends AbstractModule {
    @Provides
    @Singleton
    RulesManager rulesManager(VigilConfig.Rules config, VigilPaths paths, Clock clock) {
        return new RulesManager(paths.underHome(config.directory), new RulesCompiler(config.eventExpiry), clock);
    }

    @Provides
    @Singleton
    Alarms alarmsGlobal(AlarmService alarms, EntityRegistry entities) {
        return new Alarms(alarms, entities);
    }

    @Provides
    @Singleton
    RulesEngine rulesEngine(
            RulesManager manager,
            AlarmService alarms,
            Alarms alarmsGlobal,
            SinkService sinks,
            Journal journal,
            VigilConfig.Rules config,
            VigilPaths paths,
            Clock clock,
            MeterRegistry meters) {
        return new RulesEngine(
                manager.initialRules(),
                alarms,
                alarmsGlobal,
                sinks,
                journal,
                paths.data().resolve("rules.checkpoint"),
                config.queueCapacity,
                config.batchSize,
                clock,
                meters,
                config.firingBudget);
    }
}
