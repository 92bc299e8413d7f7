package dev.vigil.engine.daemon;

import com.google.inject.Injector;
import com.google.inject.Module;
import dev.vigil.engine.alarm.AlarmModule;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.camlytics.CamlyticsModule;
import dev.vigil.engine.camlytics.LongPolls;
import dev.vigil.engine.cluster.ClusterModule;
import dev.vigil.engine.config.ConfigModule;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.config.VigilPaths;
import dev.vigil.engine.console.ConsoleModule;
import dev.vigil.engine.directory.DirectoryModule;
import dev.vigil.engine.entity.EntityModule;
import dev.vigil.engine.health.Health;
import dev.vigil.engine.http.HttpModule;
import dev.vigil.engine.ingest.IngestModule;
import dev.vigil.engine.ingest.IngestService;
import dev.vigil.engine.journal.Journal;
import dev.vigil.engine.journal.JournalDamage;
import dev.vigil.engine.journal.JournalModule;
import dev.vigil.engine.metrics.AlarmMetrics;
import dev.vigil.engine.outbox.OutboxModule;
import dev.vigil.engine.outbox.SinkService;
import dev.vigil.engine.plugin.PluginModule;
import dev.vigil.engine.rules.RulesEngine;
import dev.vigil.engine.rules.RulesModule;
import dev.vigil.engine.store.Database;
import dev.vigil.engine.store.StoreModule;
import dev.vigil.engine.stream.FanOut;
import dev.vigil.engine.stream.StreamModule;
import dev.vigil.engine.websdk.WebSdkModule;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;

/**
 * The daemon's object graph: which modules make it, and who listens to whom once it is built. The
 * daemon and the tests' engine rig both build it here, so a listener added for production cannot be
 * missing in tests; tests change only the clock, the folders and the configuration values.
 */
public final class DaemonGraph {
    private DaemonGraph() {}

    public static List<Module> modules(VigilPaths paths, VigilConfig config, Clock clock) {
        return List.of(
                new ConfigModule(paths, config, clock),
                new StoreModule(),
                new EntityModule(),
                new AlarmModule(),
                new JournalModule(),
                new ClusterModule(),
                new RulesModule(),
                new OutboxModule(),
                new IngestModule(),
                new PluginModule(),
                new DirectoryModule(),
                new StreamModule(),
                new HttpModule(),
                new WebSdkModule(),
                new CamlyticsModule(),
                new ConsoleModule());
    }

    /** Connects the listeners and health checks; nothing starts here. */
    public static void connect(Injector injector) {
        AlarmService alarms = injector.getInstance(AlarmService.class);
        RulesEngine rules = injector.getInstance(RulesEngine.class);
        SinkService sinks = injector.getInstance(SinkService.class);
        IngestService ingest = injector.getInstance(IngestService.class);
        FanOut fanOut = injector.getInstance(FanOut.class);
        alarms.addListener(rules);
        alarms.addListener(sinks);
        alarms.addListener(new AlarmMetrics(alarms, injector.getInstance(MeterRegistry.class)));
        alarms.addListener(fanOut);
        ingest.addListener(sinks);
        ingest.addListener(fanOut);
        ingest.addListener(injector.getInstance(LongPolls.class));
        ConsoleModule.connect(injector, alarms, ingest);
        Health health = injector.getInstance(Health.class);
        Journal journal = injector.getInstance(Journal.class);
        health.register(
                "journal",
                () -> journal.damage().stream().map(JournalDamage::describe).toList());
        health.register("rules", rules::problems);
        Database store = injector.getInstance(Database.class);
        health.register(
                "store", () -> store.problem() == null ? List.of() : List.of("writes fail: " + store.problem()));
    }
}
