package dev.vigil.engine.http;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import dev.vigil.engine.concurrent.Threads;
import dev.vigil.engine.config.VigilConfig;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** What every API port shares: the workers that run what must not block an event loop, and HTTPS. */
public final class HttpModule extends AbstractModule {
    @Provides
    @Singleton
    @Named("blocking")
    ExecutorService blocking(VigilConfig.Http http) {
        return new ThreadPoolExecutor(
                http.workerThreads,
                http.workerThreads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(10_000),
                Threads.daemonFactory("vigil-http-worker", true));
    }

    /** Empty when http.tls names no certificate; a pair that does not load stops start-up naming the key. */
    @Provides
    @Singleton
    java.util.Optional<TlsContext> tls(VigilConfig.Http http, dev.vigil.engine.config.VigilPaths paths) {
        return java.util.Optional.ofNullable(TlsContext.of(http.tls, paths.conf()));
    }
}
