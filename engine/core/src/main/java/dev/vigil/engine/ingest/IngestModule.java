package dev.vigil.engine.ingest;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.journal.Journal;
import dev.vigil.engine.rules.RulesEngine;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** Binding for the ingest service. */
public final class IngestModule extends AbstractModule {
    @Provides
    @Singleton
    IngestService ingest(
            EntityRegistry entities,
            Journal journal,
            RulesEngine rules,
            Clock clock,
            VigilConfig.Rules config,
            MeterRegistry meters,
            AlarmService alarms,
            dev.vigil.engine.rules.RulesShare share) {
        long maxFacts = config.maxSessionFacts > 0
                ? config.maxSessionFacts
                : AdmissionControl.factsFor(Runtime.getRuntime().maxMemory());
        // Refuse while half the persister's queue is taken, before the rules thread would block on it.
        AdmissionControl admission = new AdmissionControl(
                rules::factCount,
                maxFacts,
                alarms::persistBacklog,
                AlarmService.PERSIST_QUEUE_CAPACITY / 2,
                0.75,
                share::pressure);
        return new IngestService(entities, journal, rules, clock, config.maxClockSkew, meters, admission);
    }
}
