package dev.vigil.engine.rules;

import dev.vigil.api.Event;
import dev.vigil.engine.site.Schedule;
import dev.vigil.engine.site.SchedulesFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code schedules} global: the named schedules of {@code conf/schedules.yaml} in the site's
 * time zone, read again when the file changes (checked at most once a second, on use). A file that
 * does not parse is reported once and the schedules before it stay.
 *
 * <pre>
 * global dev.vigil.engine.rules.Schedules schedules;
 * $e : Event(type == "CameraMotion")
 * eval(schedules.isActive("after-hours", $e))
 * </pre>
 *
 * An unknown schedule name is never active; it is logged once, naming the names there are.
 */
public final class Schedules {
    private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);

    private final Path file;
    private final ZoneId zone;
    private final Clock clock;
    private volatile Map<String, Schedule> schedules = Map.of();
    private volatile long checkedAtNanos;
    private volatile long loadedModified = Long.MIN_VALUE;
    private final Set<String> reportedUnknown = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Schedules(Path file, ZoneId zone, Clock clock) {
        this.file = file;
        this.zone = zone;
        this.clock = clock;
        checkedAtNanos = System.nanoTime() - 2_000_000_000L;
        refresh();
    }

    /** Whether the schedule covers the event's time. */
    public boolean isActive(String name, Event e) {
        return isActive(name, e.getTimestamp());
    }

    /** Whether the schedule covers the rules' clock now (for timers and alarm rules). */
    public boolean isActive(String name) {
        return isActive(name, clock.instant());
    }

    public boolean isActive(String name, Instant at) {
        refresh();
        Schedule s = schedules.get(name);
        if (s == null) {
            if (reportedUnknown.add(name)) {
                LOG.warn(
                        "Rules ask for schedule '{}', which {} does not define; it is never active (defined: {})",
                        name,
                        file,
                        schedules.keySet());
            }
            return false;
        }
        return s.isActive(LocalDateTime.ofInstant(at, zone));
    }

    public Set<String> names() {
        refresh();
        return schedules.keySet();
    }

    private void refresh() {
        long now = System.nanoTime();
        if (now - checkedAtNanos < 1_000_000_000L) {
            return;
        }
        checkedAtNanos = now;
        long modified;
        try {
            modified = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() : -1;
        } catch (IOException e) {
            return;
        }
        if (modified == loadedModified) {
            return;
        }
        try {
            Map<String, Schedule> loaded = SchedulesFile.load(file);
            schedules = loaded;
            reportedUnknown.clear();
            if (loadedModified != Long.MIN_VALUE || !loaded.isEmpty()) {
                LOG.info("Schedules loaded from {}: {}", file, loaded.keySet());
            }
        } catch (IllegalArgumentException e) {
            LOG.error("Schedules in {} not loaded, the previous ones stay: {}", file, e.getMessage());
        }
        loadedModified = modified;
    }
}
