package dev.vigil.engine.journal;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.config.VigilPaths;
import dev.vigil.engine.journal.kafka.KafkaJournal;
import dev.vigil.engine.outbox.SinkService;
import dev.vigil.engine.rules.RulesEngine;
import dev.vigil.engine.store.AlarmStore;
import dev.vigil.engine.store.SinkCursorStore;

/**
 * Binding for the event journal. A segment is deleted only once the rules and every running event
 * sink are past it (learnt lazily: both are built after the journal).
 */
public final class JournalModule extends AbstractModule {
    @Provides
    @Singleton
    Journal journal(
            VigilConfig.Journal j,
            VigilConfig.Rules rulesConfig,
            VigilPaths paths,
            Provider<RulesEngine> rules,
            Provider<SinkService> sinks,
            AlarmStore alarms,
            SinkCursorStore cursors,
            VigilConfig.Http http) {
        if ("kafka".equals(j.type)) {
            return KafkaJournal.open(j.kafka, NodeName.of(http.port));
        }
        // Everything that ever recorded a sequence bounds it from below: a journal that lost its end
        // (damage, a disk that lied about fsync) must not hand the same number to another event.
        long floor = Math.max(
                RulesEngine.readCheckpoint(paths.data().resolve("rules.checkpoint")),
                Math.max(alarms.maxCauseSequence(), cursors.maxEventSequence()));
        return new FileJournal(
                paths.data().resolve("journal"),
                j.segmentBytes,
                j.retainSegments,
                j.maxBatch,
                j.fsync,
                rulesConfig.queueCapacity,
                () -> Math.min(rules.get().journalNeededAfter(), sinks.get().oldestNeededSequence()),
                floor,
                j.maxDiskBytes);
    }
}
