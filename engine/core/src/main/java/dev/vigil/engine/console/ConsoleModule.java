package dev.vigil.engine.console;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.auth.LoginThrottle;
import dev.vigil.engine.auth.UserStore;
import dev.vigil.engine.concurrent.Threads;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.config.VigilPaths;
import dev.vigil.engine.directory.AlarmRecipients;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.entity.LoginUsers;
import dev.vigil.engine.health.Health;
import dev.vigil.engine.http.SharedPortApp;
import dev.vigil.engine.ingest.IngestService;
import dev.vigil.engine.outbox.SinkService;
import dev.vigil.engine.plugin.PluginHost;
import dev.vigil.engine.rules.RulesEngine;
import dev.vigil.engine.rules.RulesManager;
import dev.vigil.engine.ruletest.WhatIfService;
import dev.vigil.engine.store.AlarmStore;
import dev.vigil.engine.store.ConsoleLoginStore;
import dev.vigil.engine.store.Database;
import dev.vigil.engine.store.DeadLetterStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Bindings for the operator console, which shares the Web SDK port under {@code /console/}. */
public final class ConsoleModule extends AbstractModule {
    /** Pages are told to reload when this many batches wait; far more than a page can show anyway. */
    private static final int FEED_QUEUE = 4096;

    /** Tells the console's feed of every event batch and alarm change. */
    public static void connect(com.google.inject.Injector injector, AlarmService alarms, IngestService ingest) {
        injector.getInstance(com.google.inject.Key.get(ScheduledExecutorService.class, Names.named("console-logins")));
        ConsoleFeed feed = injector.getInstance(ConsoleFeed.class);
        alarms.addListener(feed);
        ingest.addListener(feed);
    }

    /** Closes the open console pages, stops the health sampler, and writes the logins' last state. */
    public static void close(com.google.inject.Injector injector) {
        injector.getInstance(ConsoleFeed.class).close();
        injector.getInstance(HealthHistory.class).close();
        injector.getInstance(com.google.inject.Key.get(ScheduledExecutorService.class, Names.named("console-logins")))
                .shutdownNow();
        injector.getInstance(ConsoleLogins.class).flush();
    }

    @Provides
    @Singleton
    ConsoleViews views(EntityRegistry entities) {
        return new ConsoleViews(entities);
    }

    @Provides
    @Singleton
    ConsoleFeed feed(ConsoleViews views, AlarmRecipients recipients, Clock clock) {
        return new ConsoleFeed(views, recipients, clock, FEED_QUEUE);
    }

    /** Logins read back from the store, so that open consoles survive a restart. */
    @Provides
    @Singleton
    ConsoleLogins logins(VigilConfig.Console console, Database db) {
        return new ConsoleLogins(
                console.sessionTimeout, System::nanoTime, System::currentTimeMillis, new ConsoleLoginStore(db));
    }

    /** Writes the logins' last-seen times and ends to the store every 30 s. */
    @Provides
    @Singleton
    @Named("console-logins")
    ScheduledExecutorService loginFlusher(ConsoleLogins logins) {
        ScheduledExecutorService s = Threads.scheduler("vigil-console-logins");
        long every = ConsoleLogins.FLUSH_EVERY.toMillis();
        s.scheduleAtFixedRate(logins::flush, every, every, TimeUnit.MILLISECONDS);
        return s;
    }

    @Provides
    @Singleton
    HealthHistory healthHistory(MeterRegistry meters, Clock clock) {
        return new HealthHistory(meters, clock);
    }

    /** Empty when {@code console.enabled} is false: {@code /console/} is then an unknown Web SDK path. */
    @Provides
    @Singleton
    Optional<SharedPortApp> console(
            VigilConfig.Console console,
            VigilPaths paths,
            VigilConfig.Rules rulesConfig,
            ConsoleLogins logins,
            ConsoleFeed feed,
            ConsoleViews views,
            HealthHistory history,
            UserStore users,
            LoginUsers loginUsers,
            EntityRegistry entities,
            AlarmService alarms,
            AlarmRecipients recipients,
            AlarmStore alarmStore,
            RulesManager rulesManager,
            RulesEngine rules,
            WhatIfService whatIf,
            PluginHost plugins,
            SinkService sinks,
            DeadLetterStore deadLetters,
            Health health,
            Clock clock,
            @Named("blocking") ExecutorService blocking) {
        if (!console.enabled) {
            return Optional.empty();
        }
        ConsoleRoutes routes = new ConsoleRoutes(
                logins,
                users,
                new ConsoleAssets(),
                new ConsoleLoginRoutes(logins, users, new LoginThrottle(), blocking, feed, loginUsers),
                new ConsoleAlarmRoutes(alarms, recipients, entities, alarmStore, views, blocking, clock),
                new ConsoleStatusRoutes(
                        rulesManager,
                        rules,
                        paths.underHome(rulesConfig.directory),
                        whatIf,
                        plugins,
                        sinks,
                        deadLetters,
                        health,
                        history,
                        clock,
                        blocking));
        return Optional.of(new ConsolePort(
                routes, new LiveStreamHandler(logins, feed, users, entities, console.maxLiveConnections)));
    }
}
