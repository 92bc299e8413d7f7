package dev.vigil.engine.entity;

import dev.vigil.engine.concurrent.Threads;
import dev.vigil.engine.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up edits of entities.yaml while the daemon runs: once the file has read the same twice in
 * a row (so a half-saved file is never taken), it is loaded and checked like at start; a file that
 * does not load is reported and the running entities stay. Cameras and doors added this way are
 * covered at once by type-wide subscriptions, and can raise events.
 */
public final class EntitiesWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EntitiesWatcher.class);
    private final Path file;
    private final EntityRegistry registry;
    private final ScheduledExecutorService timer;
    private byte[] loaded;
    private byte[] seen;

    public EntitiesWatcher(Path file, EntityRegistry registry) {
        this.file = file;
        this.registry = registry;
        this.loaded = read();
        this.seen = loaded;
        this.timer = Threads.scheduler("vigil-entities-watcher");
    }

    public void start(Duration every) {
        timer.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }

    /** A reload asked for (SIGHUP): loads the file now if it changed, without waiting for it to settle. */
    public void reloadNow() {
        timer.execute(() -> {
            seen = read();
            check();
        });
    }

    void check() {
        byte[] now = read();
        if (now == null || Arrays.equals(now, loaded)) {
            seen = now;
            return;
        }
        if (!Arrays.equals(now, seen)) {
            seen = now; // changed since the last look: wait until it stays the same
            return;
        }
        loaded = now;
        try {
            EntityRegistry edited = EntitiesFile.load(file);
            registry.replaceWith(edited);
            LOG.info("Entities reloaded from {}: {} entities", file, edited.size());
        } catch (ConfigException e) {
            LOG.error("Edited {} does not load, the previous entities stay: {}", file, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Edited {} does not load, the previous entities stay", file, e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
