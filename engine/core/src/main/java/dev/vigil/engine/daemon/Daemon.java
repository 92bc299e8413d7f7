package dev.vigil.engine.daemon;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.name.Names;
import dev.vigil.engine.alarm.AlarmReplication;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.auth.UserStore;
import dev.vigil.engine.camlytics.CamlyticsServer;
import dev.vigil.engine.concurrent.Threads;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.config.VigilPaths;
import dev.vigil.engine.entity.EntitiesWatcher;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.journal.Journal;
import dev.vigil.engine.outbox.DeadLetters;
import dev.vigil.engine.outbox.SinkService;
import dev.vigil.engine.plugin.PluginHost;
import dev.vigil.engine.rules.RulesEngine;
import dev.vigil.engine.rules.RulesManager;
import dev.vigil.engine.rules.RulesShare;
import dev.vigil.engine.store.Database;
import dev.vigil.engine.stream.FanOut;
import dev.vigil.engine.stream.SessionRegistry;
import dev.vigil.engine.websdk.StreamingServer;
import dev.vigil.engine.websdk.WebSdkServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up and shut-down of the whole daemon, in one place: the order in which services start,
 * who listens to whom, and the reverse order in which they stop.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private final Injector injector;
    private final VigilConfig config;
    private final DataLock dataLock;
    /** Periodic checks of the daemon's own parts (the store probe). */
    private final ScheduledExecutorService housekeeping = Threads.scheduler("vigil-housekeeping");

    private boolean started;
    private ConfigReloader reloader;

    public Daemon(VigilPaths paths, VigilConfig config, Clock clock) {
        this.config = config;
        try {
            Files.createDirectories(paths.data());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data folder " + paths.data(), e);
        }
        // Before anything reads the folder: journal recovery of a second daemon would cut the first one's records.
        this.dataLock = DataLock.acquire(paths.data());
        try {
            // PRODUCTION builds every singleton now, so a bad file stops start-up here, before anything listens.
            this.injector = Guice.createInjector(Stage.PRODUCTION, DaemonGraph.modules(paths, config, clock));
        } catch (RuntimeException e) {
            dataLock.close();
            throw e;
        }
    }

    public void start() throws InterruptedException {
        VigilPaths paths = get(VigilPaths.class);
        EntityRegistry entities = get(EntityRegistry.class);
        LOG.info(
                "Vigil {} starting: conf {}, data {}, {} entities",
                Version.get(),
                paths.conf(),
                paths.data(),
                entities.size());
        InitialAdmin.ensure(get(UserStore.class), paths.data());
        DaemonGraph.connect(injector);
        RulesEngine rules = get(RulesEngine.class);
        Database store = get(Database.class);
        housekeeping.scheduleWithFixedDelay(store::probe, 5, 5, TimeUnit.SECONDS);
        DiskMetrics.register(get(io.micrometer.core.instrument.MeterRegistry.class), paths.data());
        rules.start();
        // On a cluster the rules run nothing until the log assigns this node partitions.
        SinkService sinks = get(SinkService.class);
        AlarmReplication alarmOrder = get(AlarmReplication.class);
        get(RulesShare.class).join(owned -> {
            rules.reassign(owned);
            // The node that owns partition 0 runs the sinks and stores what dead nodes ordered but did not store.
            sinks.lead(owned.contains(0));
            alarmOrder.repairStore(owned.contains(0));
        });
        get(RulesManager.class).watch(rules, config.rules.reloadCheckInterval);
        get(PluginHost.class).start(config.plugins.scanInterval);
        get(EntitiesWatcher.class).start(config.rules.reloadCheckInterval);
        get(StreamingServer.class).start();
        get(WebSdkServer.class).start();
        get(CamlyticsServer.class).start();
        reloader = new ConfigReloader(
                paths,
                config,
                get(UserStore.class),
                get(PluginHost.class),
                get(EntitiesWatcher.class),
                get(RulesManager.class),
                injector.getInstance(Key.get(
                        new com.google.inject.TypeLiteral<java.util.Optional<dev.vigil.engine.http.TlsContext>>() {})));
        reloader.watch(config.rules.reloadCheckInterval);
        Hangup.onSignal(() -> reloader.reloadSoon("SIGHUP"));
        started = true;
        LOG.info("Vigil started");
    }

    public <T> T get(Class<T> type) {
        return injector.getInstance(type);
    }

    public int httpPort() {
        return get(WebSdkServer.class).port();
    }

    public int streamingPort() {
        return get(StreamingServer.class).port();
    }

    @Override
    public void close() {
        if (!started) {
            LOG.info("Vigil stopping before it fully started");
        }
        LOG.info("Vigil stopping");
        housekeeping.shutdownNow();
        if (reloader != null) {
            reloader.close();
        }
        quietly("Web SDK server", () -> get(WebSdkServer.class).close());
        quietly("Camlytics server", () -> get(CamlyticsServer.class).close());
        quietly("console", () -> dev.vigil.engine.console.ConsoleModule.close(injector));
        quietly("sessions", () -> get(SessionRegistry.class).close());
        quietly("streaming server", () -> get(StreamingServer.class).close());
        quietly("stream fan-out", () -> get(FanOut.class).close());
        quietly("plugin host", () -> get(PluginHost.class).close());
        quietly("rules watcher", () -> get(RulesManager.class).close());
        quietly("entities watcher", () -> get(EntitiesWatcher.class).close());
        // The journal first: appends in flight complete and reach the rules queue; whatever the rules
        // thread does not finish is replayed from the journal at the next start.
        // Leaving first hands this node's partitions to the others at once, not after the session timeout.
        quietly("rules share", () -> get(RulesShare.class).leave());
        quietly("journal", () -> get(Journal.class).close());
        quietly("rules engine", () -> get(RulesEngine.class).close());
        quietly("alarm service", () -> get(AlarmService.class).close());
        quietly("sinks", () -> get(SinkService.class).close());
        quietly("dead letters", () -> get(DeadLetters.class).close());
        quietly(
                "workers",
                () -> injector.getInstance(Key.get(ExecutorService.class, Names.named("blocking")))
                        .shutdownNow());
        quietly("store", () -> get(Database.class).close());
        dataLock.close();
        LOG.info("Vigil stopped");
    }

    private static void quietly(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("Stopping the {} failed: {}", what, e.toString());
        }
    }
}
