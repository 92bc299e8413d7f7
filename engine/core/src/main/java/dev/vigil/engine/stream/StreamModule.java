package dev.vigil.engine.stream;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.directory.AlarmRecipients;
import dev.vigil.engine.entity.EntityRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** Bindings for sessions, subscriptions and the stream fan-out. */
public final class StreamModule extends AbstractModule {
    @Provides
    @Singleton
    SessionRegistry sessions(VigilConfig.Streaming config, EntityRegistry entities, MeterRegistry meters) {
        return new SessionRegistry(config, entities, meters);
    }

    @Provides
    @Singleton
    FanOut fanOut(
            VigilConfig.Streaming config,
            SessionRegistry sessions,
            AlarmRecipients recipients,
            EntityRegistry entities,
            PartEncoder encoder,
            MeterRegistry meters,
            Clock clock) {
        return new FanOut(sessions, recipients, entities, encoder, config.fanOutQueueCapacity, meters, clock);
    }
}
