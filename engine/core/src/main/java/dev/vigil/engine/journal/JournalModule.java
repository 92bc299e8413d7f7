package dev.vigil.engine.journal;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.config.VigilPaths;
import dev.vigil.engine.rules.RulesEngine;

/**
 * Binding for the event journal. A segment is deleted only once the rules and every running event
 * sink are past it (learnt lazily: both are built after the journal).
 */
public final class JournalModule extends AbstractModule {
    @Provides
    @Singleton
    Journal journal(VigilConfig config, VigilPaths paths, Provider<RulesEngine> rules,
                    Provider<dev.vigil.engine.outbox.SinkService> sinks) {
        VigilConfig.Journal j = config.journal;
        return new FileJournal(paths.data().resolve("journal"), j.segmentBytes, j.retainSegments, j.maxBatch, j.fsync,
                config.rules.queueCapacity,
                () -> Math.min(rules.get().lastProcessed(), sinks.get().oldestNeededSequence()));
    }
}
