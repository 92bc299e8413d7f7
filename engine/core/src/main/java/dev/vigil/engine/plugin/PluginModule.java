package dev.vigil.engine.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.config.VigilPaths;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.ingest.IngestService;
import dev.vigil.engine.outbox.SinkService;

/** Binding for the PF4J plugin host. */
public final class PluginModule extends AbstractModule {
    @Provides
    @Singleton
    PluginHost pluginHost(
            VigilConfig config, VigilPaths paths, SinkService sinks, IngestService ingest, EntityRegistry entities) {
        return new PluginHost(
                paths.underHome(config.plugins.directory),
                config,
                sinks,
                ingest,
                entities,
                paths.data().resolve("plugins"));
    }
}
