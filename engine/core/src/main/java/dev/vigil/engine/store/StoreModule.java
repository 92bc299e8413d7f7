package dev.vigil.engine.store;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.config.VigilPaths;

/** Bindings for the JDBC store and its tables. */
public final class StoreModule extends AbstractModule {
    @Provides
    @Singleton
    Database database(VigilConfig.Store store, VigilPaths paths) {
        return new Database(store, paths.data());
    }

    @Provides
    @Singleton
    AlarmStore alarmStore(Database db) {
        return new AlarmStore(db);
    }

    @Provides
    @Singleton
    DirectoryStore directoryStore(Database db) {
        return new DirectoryStore(db);
    }

    @Provides
    @Singleton
    SinkCursorStore sinkCursorStore(Database db) {
        return new SinkCursorStore(db);
    }

    @Provides
    @Singleton
    RuleSendStore ruleSendStore(Database db) {
        return new RuleSendStore(db);
    }

    @Provides
    @Singleton
    RulesCheckpointStore rulesCheckpointStore(Database db) {
        return new RulesCheckpointStore(db);
    }

    @Provides
    @Singleton
    DeadLetterStore deadLetterStore(Database db) {
        return new DeadLetterStore(db);
    }
}
