package dev.vigil.engine.plugin;

import dev.vigil.api.EntityInfo;
import dev.vigil.api.Event;
import dev.vigil.api.OverloadedException;
import dev.vigil.api.PluginContext;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.ingest.IngestException;
import dev.vigil.engine.ingest.IngestService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/** What one configured source or sink instance sees of Vigil. */
final class InstanceContext implements PluginContext {
    private final VigilConfig.PluginInstance config;
    private final Path dataDir;
    private final IngestService ingest;
    private final EntityRegistry entities;
    private final Consumer<String> status;

    InstanceContext(
            VigilConfig.PluginInstance config,
            Path pluginsDataRoot,
            IngestService ingest,
            EntityRegistry entities,
            Consumer<String> status) {
        this.entities = entities;
        this.status = status;
        this.config = config;
        this.dataDir = pluginsDataRoot.resolve(config.name);
        this.ingest = ingest;
    }

    @Override
    public Optional<EntityInfo> entity(UUID guid) {
        return entities.get(guid)
                .map(e -> new EntityInfo(e.guid(), e.type().name(), e.logicalId(), e.name(), e.streamUri()));
    }

    @Override
    public List<EntityInfo> entities() {
        return entities.all().stream()
                .map(e -> new EntityInfo(e.guid(), e.type().name(), e.logicalId(), e.name(), e.streamUri()))
                .toList();
    }

    @Override
    public void reportStatus(String message) {
        status.accept(message == null ? "" : message);
    }

    @Override
    public String instanceName() {
        return config.name;
    }

    @Override
    public Map<String, Object> settings() {
        return Collections.unmodifiableMap(config.settings);
    }

    @Override
    public Path dataDirectory() {
        try {
            return Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir, e);
        }
    }

    @Override
    public long publish(Event event) throws OverloadedException {
        return publishAll(List.of(event))[0];
    }

    @Override
    public long[] publishAll(List<Event> events) throws OverloadedException {
        List<Event> stamped = new java.util.ArrayList<>(events.size());
        for (Event event : events) {
            stamped.add(
                    event.getOrigin().isEmpty()
                            ? event.toBuilder().origin(config.name).build()
                            : event);
        }
        try {
            List<Event> journaled = ingest.ingest(stamped, System.nanoTime()).get();
            long[] sequences = new long[journaled.size()];
            for (int i = 0; i < sequences.length; i++) {
                sequences[i] = journaled.get(i).getSequence();
            }
            return sequences;
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IngestException ie && ie.overloaded()) {
                throw new OverloadedException(ie.getMessage(), 1);
            }
            if (cause instanceof IngestException ie) {
                throw new IllegalArgumentException(ie.getMessage());
            }
            throw new IllegalStateException("events not stored: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before the events were stored");
        }
    }
}
