package dev.vigil.engine.journal;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.config.VigilPaths;
import dev.vigil.engine.rules.RulesEngine;

/** Binding for the event journal; it learns the rules' checkpoint lazily to keep segments until processed. */
public final class JournalModule extends AbstractModule {
    @Provides
    @Singleton
    Journal journal(VigilConfig config, VigilPaths paths, Provider<RulesEngine> rules) {
        VigilConfig.Journal j = config.journal;
        return new FileJournal(paths.data().resolve("journal"), j.segmentBytes, j.retainSegments, j.maxBatch, j.fsync,
                config.rules.queueCapacity, () -> rules.get().lastProcessed());
    }
}
