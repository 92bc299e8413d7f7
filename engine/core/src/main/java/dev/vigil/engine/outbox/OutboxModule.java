package dev.vigil.engine.outbox;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.journal.Journal;
import dev.vigil.engine.store.AlarmStore;
import dev.vigil.engine.store.DeadLetterStore;
import dev.vigil.engine.store.RuleSendStore;
import dev.vigil.engine.store.SinkCursorStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** Bindings for sink delivery and the dead-letter writer. */
public final class OutboxModule extends AbstractModule {
    @Provides
    @Singleton
    DeadLetters deadLetters(DeadLetterStore store, Clock clock, MeterRegistry meters) {
        return new DeadLetters(store, clock, meters);
    }

    @Provides
    @Singleton
    SinkService sinkService(
            DeadLetters deadLetters,
            AlarmStore alarmStore,
            SinkCursorStore cursors,
            AlarmService alarms,
            Journal journal,
            MeterRegistry meters,
            EntityRegistry entities,
            RuleSendStore ruleSends,
            Clock clock,
            dev.vigil.engine.alarm.AlarmReplication replication) {
        return new SinkService(
                deadLetters,
                alarmStore,
                cursors,
                alarms::lastChangeId,
                journal,
                meters,
                entities::userGuid,
                ruleSends,
                clock,
                replication);
    }
}
