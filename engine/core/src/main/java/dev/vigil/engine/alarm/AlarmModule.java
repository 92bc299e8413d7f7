package dev.vigil.engine.alarm;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.store.AlarmStore;
import java.time.Clock;

/** Bindings for the alarm state machine. */
public final class AlarmModule extends AbstractModule {
    @Provides
    @Singleton
    AlarmService alarmService(
            AlarmStore store, EntityRegistry entities, Clock clock, AlarmIds ids, AlarmReplication replication) {
        return new AlarmService(store, entities, clock, ids, replication);
    }
}
