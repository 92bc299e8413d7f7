package dev.vigil.engine.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.engine.auth.UserStore;
import dev.vigil.engine.concurrent.Threads;
import dev.vigil.engine.config.ConfigException;
import dev.vigil.engine.config.ConfigLoader;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.config.VigilPaths;
import dev.vigil.engine.config.YamlFiles;
import dev.vigil.engine.entity.EntitiesWatcher;
import dev.vigil.engine.plugin.PluginHost;
import dev.vigil.engine.rules.RulesManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reload of the configuration while the daemon runs, on SIGHUP ({@code systemctl reload vigil}) or
 * when {@code vigil.yaml}, {@code vigil.d/*.yaml} or {@code users.yaml} change on disk: users, sink and
 * source instances apply at once, entities and rules are checked now (they also have their own
 * watchers), and every other changed section is named as waiting for a restart. A file that does not
 * load is refused with its error and the running configuration stays.
 */
public final class ConfigReloader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    private final VigilPaths paths;
    private final UserStore users;
    private final PluginHost plugins;
    private final EntitiesWatcher entities;
    private final RulesManager rules;
    private final java.util.Optional<dev.vigil.engine.http.TlsContext> tls;
    private final ScheduledExecutorService worker = Threads.scheduler("vigil-config-reload");
    /** The configuration last applied, as a tree: what the next reload compares against. */
    private JsonNode applied;

    private String loadedFingerprint;
    private String settlingFingerprint;

    public ConfigReloader(
            VigilPaths paths,
            VigilConfig running,
            UserStore users,
            PluginHost plugins,
            EntitiesWatcher entities,
            RulesManager rules,
            java.util.Optional<dev.vigil.engine.http.TlsContext> tls) {
        this.tls = tls;
        this.paths = paths;
        this.users = users;
        this.plugins = plugins;
        this.entities = entities;
        this.rules = rules;
        this.applied = YamlFiles.tree(running);
        this.loadedFingerprint = fingerprint();
        this.settlingFingerprint = loadedFingerprint;
    }

    /** Watches the configuration files every {@code interval}. */
    public void watch(Duration interval) {
        worker.scheduleWithFixedDelay(
                this::checkFiles, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reloads on the reloader's own thread (a signal handler must not block). */
    public void reloadSoon(String why) {
        worker.execute(() -> reload(why));
    }

    private void checkFiles() {
        String now = fingerprint();
        if (now.equals(loadedFingerprint)) {
            settlingFingerprint = now;
        } else if (!now.equals(settlingFingerprint)) {
            settlingFingerprint = now; // still being written: wait until it reads the same twice
        } else {
            reload("configuration files changed");
        }
    }

    /** Reads everything again and applies what can be applied; returns false when a file was refused. */
    public synchronized boolean reload(String why) {
        loadedFingerprint = fingerprint();
        LOG.info("Reloading the configuration ({})", why);
        entities.reloadNow();
        rules.checkNow();
        tls.ifPresent(dev.vigil.engine.http.TlsContext::reloadIfChanged);
        boolean ok = true;
        try {
            users.reload();
        } catch (ConfigException e) {
            LOG.error(
                    "Reload refused {}: {}; the running users stay",
                    paths.usersYaml().getFileName(),
                    e.getMessage());
            ok = false;
        }
        VigilConfig next;
        try {
            next = ConfigLoader.load(paths);
        } catch (ConfigException e) {
            LOG.error("Reload refused the configuration: {}; the running configuration stays", e.getMessage());
            return false;
        }
        JsonNode tree = YamlFiles.tree(next);
        plugins.reconfigure(next.sinks, next.sources);
        List<String> waiting = new ArrayList<>();
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String section = names.next();
            if (!section.equals("sinks")
                    && !section.equals("sources")
                    && !tree.get(section).equals(applied.get(section))) {
                waiting.add(section);
            }
        }
        if (!waiting.isEmpty()) {
            LOG.warn("Changed in vigil.yaml and applied only at the next restart: {}", String.join(", ", waiting));
        }
        // Sections waiting for a restart keep their running values, so they are named again until then.
        for (String section : List.of("sinks", "sources")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) applied).set(section, tree.get(section));
        }
        return ok;
    }

    /** What the watched files hold now (vigil.yaml, vigil.d/*.yaml, users.yaml). */
    private String fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<Path> files = new ArrayList<>(List.of(paths.vigilYaml(), paths.usersYaml()));
            Path overlays = paths.conf().resolve("vigil.d");
            if (Files.isDirectory(overlays)) {
                try (Stream<Path> s = Files.list(overlays)) {
                    s.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                            .sorted()
                            .forEach(files::add);
                }
            }
            for (Path f : files) {
                digest.update(f.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (Files.isRegularFile(f)) {
                    digest.update(Files.readAllBytes(f));
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
