package dev.vigil.engine.directory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.store.DirectoryStore;

/** Bindings for what the entity requests edit: alarm recipients and custom events. */
public final class DirectoryModule extends AbstractModule {
    @Provides
    @Singleton
    AlarmRecipients recipients(EntityRegistry entities, DirectoryStore store) {
        return new AlarmRecipients(entities, store);
    }

    @Provides
    @Singleton
    CustomEventCatalog customEvents(DirectoryStore store) {
        return new CustomEventCatalog(store);
    }
}
