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
    RulesManager rulesManager(
            VigilConfig.Rules config, VigilPaths paths, Clock clock, EntityRegistry entities, VigilConfig all) {
        return new RulesManager(
                paths.underHome(config.directory),
                new RulesCompiler(config.eventExpiry, () -> siteNames(entities, all))
                        .onCluster("kafka".equals(all.journal.type) ? all.journal.kafka.key : null),
                clock);
    }

    /** The names rules may write as literals: event types, the site's alarms now, the configured sinks. */
    public static SiteNameCheck.SiteNames siteNames(EntityRegistry entities, VigilConfig config) {
        java.util.Set<String> types = new java.util.TreeSet<>();
        dev.vigil.engine.entity.EventTypes.all().forEach(t -> types.add(t.name()));
        java.util.Set<String> alarms = new java.util.TreeSet<>();
        entities.ofType(dev.vigil.engine.entity.EntityType.Alarm).forEach(a -> alarms.add(a.name()));
        java.util.Set<String> sinks = new java.util.TreeSet<>();
        config.sinks.forEach(p -> sinks.add(p.name));
        // Entities as a rule may write them: a name, or LogicalID(Type,N) (compared without case or spaces).
        java.util.Set<String> refs = new java.util.TreeSet<>();
        for (dev.vigil.engine.entity.Entity e : entities.all()) {
            if (!e.name().isEmpty()) {
                refs.add(e.name());
            }
            refs.add(SiteNameCheck.normalRef("LogicalID(" + e.type().name() + "," + e.logicalId() + ")"));
        }
        return new SiteNameCheck.SiteNames(types, alarms, sinks, refs);
    }

    @Provides
    @Singleton
    Site siteGlobal(EntityRegistry entities, VigilConfig.Site site) {
        return new Site(entities, site.zone());
    }

    @Provides
    @Singleton
    Schedules schedulesGlobal(VigilConfig.Site site, VigilPaths paths, Clock clock) {
        return new Schedules(paths.conf().resolve(site.schedules), site.zone(), clock);
    }

    @Provides
    @Singleton
    RuleTrace ruleTrace(VigilConfig.Rules config, EntityRegistry entities, Clock clock) {
        RuleTrace trace = new RuleTrace(
                clock,
                guid -> guid == null
                        ? "?"
                        : entities.get(guid).map(e -> e.name()).orElse(guid.toString()));
        if (!config.trace.isBlank()) {
            trace.start(config.trace, config.traceFor);
        }
        return trace;
    }

    @Provides
    @Singleton
    Alarms alarmsGlobal(AlarmService alarms, EntityRegistry entities, FiringRule firingRule, Clock clock) {
        return new Alarms(alarms, entities, firingRule, new RepeatedWarnings(clock::millis));
    }

    @Provides
    @Singleton
    FiringRule firingRule() {
        return new FiringRule();
    }

    @Provides
    @Singleton
    RulesEngine rulesEngine(
            RulesManager manager,
            AlarmService alarms,
            Alarms alarmsGlobal,
            SinkService sinks,
            Site site,
            Schedules schedules,
            FiringRule firingRule,
            RuleTrace trace,
            Journal journal,
            RulesShare share,
            VigilConfig.Rules config,
            VigilPaths paths,
            Clock clock,
            MeterRegistry meters) {
        return new RulesEngine(
                manager.initialRules(),
                alarms,
                alarmsGlobal,
                sinks,
                site,
                schedules,
                firingRule,
                trace,
                journal,
                share,
                paths.data().resolve("rules.checkpoint"),
                config.queueCapacity,
                config.batchSize,
                clock,
                meters,
                config.firingBudget);
    }
}
