package dev.vigil.engine.plugin;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.vigil.api.EventSink;
import dev.vigil.api.EventSource;
import dev.vigil.api.PluginContext;
import dev.vigil.engine.concurrent.Threads;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.config.YamlFiles;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.ingest.IngestService;
import dev.vigil.engine.outbox.SinkService;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.pf4j.RuntimeMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the PF4J plugin JARs in the plugins folder, starts the source and sink instances that
 * {@code conf/vigil.yaml} configures with their types, and keeps watching the folder: a JAR
 * dropped in is loaded, a JAR removed is unloaded (its instances stopped first), a JAR replaced
 * is reloaded. Whatever a plugin throws disables that plugin or instance only, and is reported
 * through {@link #plugins()} and {@link #instances()}.
 */
public final class PluginHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    /** What the status endpoint shows for one configured instance. */
    public record InstanceStatus(String name, String kind, String type, String plugin, String state, String message) {}

    /** What the status endpoint shows for one plugin JAR. */
    public record PluginStatus(String file, String id, String version, String state, String message) {}

    private record Loaded(String pluginId, long modified, long size) {}

    private final Path dir;
    /** The configured instances; replaced as a whole by {@link #reconfigure}. */
    @GuardedBy("this")
    private List<VigilConfig.PluginInstance> sinkConfigs;

    @GuardedBy("this")
    private List<VigilConfig.PluginInstance> sourceConfigs;

    private final SinkService sinks;
    private final IngestService ingest;
    private final EntityRegistry entities;
    private final Path pluginsDataRoot;
    private final PluginManager manager;
    private final ScheduledExecutorService scanner;

    @GuardedBy("this")
    private final Map<Path, Loaded> loaded = new HashMap<>();
    // Concurrent maps: the status endpoint reads them while a scan may be starting a slow plugin.
    private final Map<Path, PluginStatus> pluginStatus = new ConcurrentSkipListMap<>();
    private final Map<String, InstanceStatus> instanceStatus = new ConcurrentSkipListMap<>();

    @GuardedBy("this")
    private final Map<String, EventSource> runningSources = new HashMap<>();

    @GuardedBy("this")
    private final Map<String, String> instancePlugin = new HashMap<>();

    public PluginHost(
            Path dir,
            VigilConfig config,
            SinkService sinks,
            IngestService ingest,
            EntityRegistry entities,
            Path pluginsDataRoot) {
        this.entities = entities;
        this.dir = dir;
        this.sinkConfigs = List.copyOf(config.sinks);
        this.sourceConfigs = List.copyOf(config.sources);
        this.sinks = sinks;
        this.ingest = ingest;
        this.pluginsDataRoot = pluginsDataRoot;
        this.manager = new DefaultPluginManager(List.of(dir)) {
            @Override
            public RuntimeMode getRuntimeMode() {
                return RuntimeMode.DEPLOYMENT;
            }
        };
        this.scanner = Threads.scheduler("vigil-plugin-host");
        for (VigilConfig.PluginInstance p : config.sinks) {
            instanceStatus.put(p.name, notYetRunning(p, "sink"));
        }
        for (VigilConfig.PluginInstance p : config.sources) {
            instanceStatus.put(p.name, notYetRunning(p, "source"));
        }
    }

    /** A running instance's own word on what it is doing; kept only while it runs. */
    private void reported(String name, String message) {
        instanceStatus.computeIfPresent(
                name, (k, s) -> new InstanceStatus(s.name(), s.kind(), s.type(), s.plugin(), s.state(), message));
    }

    private static InstanceStatus notYetRunning(VigilConfig.PluginInstance p, String kind) {
        return new InstanceStatus(
                p.name,
                kind,
                p.type,
                "",
                p.enabled ? "waiting" : "disabled",
                p.enabled ? "no loaded plugin provides type '" + p.type + "'" : "enabled: false in vigil.yaml");
    }

    public void start(Duration scanInterval) {
        scan();
        for (InstanceStatus s : instanceStatus.values()) {
            if (s.state().equals("waiting")) {
                LOG.warn("Configured {} '{}' does not run: {}", s.kind(), s.name(), s.message());
            }
        }
        scanner.scheduleWithFixedDelay(
                this::scanSafely, scanInterval.toMillis(), scanInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scanSafely() {
        try {
            scan();
        } catch (RuntimeException e) {
            LOG.error("Plugin folder scan of {} failed", dir, e);
        }
    }

    /** One pass over the folder; public for tests that do not want to wait for the timer. */
    public synchronized void scan() {
        Map<Path, Loaded> present = new HashMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".jar"))
                        .toList()) {
                    try {
                        present.put(
                                p, new Loaded(null, Files.getLastModifiedTime(p).toMillis(), Files.size(p)));
                    } catch (IOException e) {
                        // removed while listing: treated as gone
                    }
                }
            } catch (IOException e) {
                LOG.warn("Cannot list plugin folder {}: {}", dir, e.getMessage());
                return;
            }
        }
        for (Path p : new ArrayList<>(loaded.keySet())) {
            Loaded was = loaded.get(p);
            Loaded now = present.get(p);
            if (now == null || now.modified() != was.modified() || now.size() != was.size()) {
                unload(p, was, now == null ? "removed" : "replaced");
            }
        }
        for (Map.Entry<Path, Loaded> e : present.entrySet()) {
            if (!loaded.containsKey(e.getKey())) {
                PluginStatus st = pluginStatus.get(e.getKey());
                boolean failedBefore = st != null
                        && st.state().equals("failed")
                        && st.message().endsWith("@" + e.getValue().modified());
                if (!failedBefore) {
                    load(e.getKey(), e.getValue());
                }
            }
        }
        pluginStatus.keySet().removeIf(p -> !present.containsKey(p));
    }

    private void load(Path jar, Loaded seen) {
        String file = jar.getFileName().toString();
        String id;
        try {
            id = manager.loadPlugin(jar);
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Plugin {} cannot be loaded: {}", file, e.getMessage());
            pluginStatus.put(
                    jar,
                    new PluginStatus(
                            file, "", "", "failed", "cannot load: " + e.getMessage() + " @" + seen.modified()));
            return;
        }
        if (id == null) {
            pluginStatus.put(
                    jar, new PluginStatus(file, "", "", "failed", "not a plugin (no Plugin-Id) @" + seen.modified()));
            LOG.error("Plugin {} is not a PF4J plugin (no Plugin-Id in its manifest)", file);
            return;
        }
        PluginWrapper w = manager.getPlugin(id);
        PluginState state;
        try {
            state = manager.startPlugin(id);
        } catch (RuntimeException | LinkageError e) {
            state = PluginState.FAILED;
            LOG.error("Plugin {} ({}) failed to start: {}", id, file, e.getMessage());
        }
        if (state != PluginState.STARTED) {
            pluginStatus.put(
                    jar,
                    new PluginStatus(
                            file,
                            id,
                            w.getDescriptor().getVersion(),
                            "failed",
                            "plugin did not start (" + state + ") @" + seen.modified()));
            safeUnload(id);
            return;
        }
        loaded.put(jar, new Loaded(id, seen.modified(), seen.size()));
        pluginStatus.put(jar, new PluginStatus(file, id, w.getDescriptor().getVersion(), "started", ""));
        LOG.info("Plugin {} {} loaded from {}", id, w.getDescriptor().getVersion(), file);
        startInstances(id);
    }

    private void startInstances(String pluginId) {
        for (Class<? extends EventSink> c : manager.getExtensionClasses(EventSink.class, pluginId)) {
            for (VigilConfig.PluginInstance p : sinkConfigs) {
                startSink(pluginId, c, p);
            }
        }
        for (Class<? extends EventSource> c : manager.getExtensionClasses(EventSource.class, pluginId)) {
            for (VigilConfig.PluginInstance p : sourceConfigs) {
                startSource(pluginId, c, p);
            }
        }
    }

    private void startSink(String pluginId, Class<? extends EventSink> c, VigilConfig.PluginInstance p) {
        EventSink sink = startInstance("sink", pluginId, c, p, EventSink::type, EventSink::start);
        if (sink != null) {
            sinks.register(p, sink);
        }
    }

    private void startSource(String pluginId, Class<? extends EventSource> c, VigilConfig.PluginInstance p) {
        EventSource source = startInstance("source", pluginId, c, p, EventSource::type, EventSource::start);
        if (source != null) {
            runningSources.put(p.name, source);
        }
    }

    /** How an extension starts; both extension points share the shape. */
    private interface Starter<T> {
        void start(T extension, PluginContext context) throws Exception;
    }

    /**
     * Creates and starts one configured instance if {@code c} provides its type. Returns null when
     * the type does not match, the instance is disabled or running already, or it failed (which is
     * recorded and logged).
     */
    private <T> T startInstance(
            String kind,
            String pluginId,
            Class<? extends T> c,
            VigilConfig.PluginInstance p,
            Function<T, String> typeOf,
            Starter<T> starter) {
        if (!p.enabled || instancePlugin.containsKey(p.name)) {
            return null;
        }
        T extension;
        try {
            extension = c.getDeclaredConstructor().newInstance();
            if (!p.type.equals(typeOf.apply(extension))) {
                return null;
            }
            starter.start(
                    extension,
                    new InstanceContext(p, pluginsDataRoot, ingest, entities, message -> reported(p.name, message)));
        } catch (Exception | LinkageError e) {
            failInstance(p, kind, pluginId, e);
            return null;
        }
        instancePlugin.put(p.name, pluginId);
        instanceStatus.put(p.name, new InstanceStatus(p.name, kind, p.type, pluginId, "running", ""));
        LOG.info("{} '{}' of type {} started from plugin {}", kind, p.name, p.type, pluginId);
        return extension;
    }

    private void failInstance(VigilConfig.PluginInstance p, String kind, String pluginId, Throwable e) {
        String reason = e instanceof InvocationTargetException ite && ite.getCause() != null
                ? ite.getCause().toString()
                : e.toString();
        instanceStatus.put(p.name, new InstanceStatus(p.name, kind, p.type, pluginId, "failed", reason));
        LOG.error(
                "{} '{}' of type {} from plugin {} failed to start and is disabled: {}",
                kind,
                p.name,
                p.type,
                pluginId,
                reason);
    }

    private void unload(Path jar, Loaded was, String why) {
        String id = was.pluginId();
        for (Map.Entry<String, String> e : new ArrayList<>(instancePlugin.entrySet())) {
            if (e.getValue().equals(id)) {
                stopInstance(e.getKey());
            }
        }
        safeUnload(id);
        loaded.remove(jar);
        pluginStatus.remove(jar);
        LOG.info("Plugin {} unloaded: {} was {}", id, jar.getFileName(), why);
    }

    /**
     * Applies edited sink and source instances while the daemon runs: an instance no longer
     * configured stops, one whose settings changed stops and starts again with them (a sink keeps its
     * cursor, so it resumes where it was), a new one starts if a loaded plugin provides its type.
     * Instances whose configuration did not change are not touched.
     */
    public synchronized void reconfigure(
            List<VigilConfig.PluginInstance> sinks, List<VigilConfig.PluginInstance> sources) {
        List<VigilConfig.PluginInstance> toStart = new ArrayList<>();
        toStart.addAll(retire("sink", sinkConfigs, sinks));
        toStart.addAll(retire("source", sourceConfigs, sources));
        sinkConfigs = List.copyOf(sinks);
        sourceConfigs = List.copyOf(sources);
        for (VigilConfig.PluginInstance p : toStart) {
            String kind = sinks.contains(p) ? "sink" : "source";
            instanceStatus.put(p.name, notYetRunning(p, kind));
        }
        for (Loaded l : loaded.values()) {
            startInstances(l.pluginId());
        }
    }

    /** Stops the instances that are gone or changed; returns the ones to start (changed or new). */
    private List<VigilConfig.PluginInstance> retire(
            String kind, List<VigilConfig.PluginInstance> running, List<VigilConfig.PluginInstance> wanted) {
        Map<String, VigilConfig.PluginInstance> before = new HashMap<>();
        running.forEach(p -> before.put(p.name, p));
        List<VigilConfig.PluginInstance> toStart = new ArrayList<>();
        for (VigilConfig.PluginInstance p : wanted) {
            VigilConfig.PluginInstance old = before.remove(p.name);
            if (old != null && YamlFiles.tree(old).equals(YamlFiles.tree(p))) {
                continue;
            }
            if (old != null) {
                stopIfRunning(p.name);
                LOG.info("{} '{}' changed in the configuration; restarting it with its new settings", kind, p.name);
            } else {
                LOG.info("{} '{}' added to the configuration", kind, p.name);
            }
            toStart.add(p);
        }
        for (String gone : before.keySet()) {
            stopIfRunning(gone);
            instanceStatus.remove(gone);
            LOG.info("{} '{}' removed from the configuration; stopped", kind, gone);
        }
        return toStart;
    }

    private void stopIfRunning(String name) {
        if (instancePlugin.containsKey(name)) {
            stopInstance(name);
        }
    }

    private void stopInstance(String name) {
        instancePlugin.remove(name);
        EventSource source = runningSources.remove(name);
        InstanceStatus old = instanceStatus.get(name);
        if (source != null) {
            try {
                source.stop();
            } catch (Exception | LinkageError e) {
                LOG.warn("Source '{}' failed to stop cleanly: {}", name, e.getMessage());
            }
        } else {
            sinks.unregister(name);
        }
        instanceStatus.put(
                name, new InstanceStatus(name, old.kind(), old.type(), "", "waiting", "its plugin was unloaded"));
    }

    private void safeUnload(String id) {
        try {
            manager.stopPlugin(id);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Plugin {} failed to stop cleanly: {}", id, e.getMessage());
        }
        try {
            manager.unloadPlugin(id);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Plugin {} failed to unload cleanly: {}", id, e.getMessage());
        }
    }

    public List<PluginStatus> plugins() {
        return pluginStatus.values().stream()
                .map(s -> new PluginStatus(
                        s.file(), s.id(), s.version(), s.state(), s.message().replaceFirst(" @\\d+$", "")))
                .toList();
    }

    public List<InstanceStatus> instances() {
        return List.copyOf(instanceStatus.values());
    }

    @Override
    public synchronized void close() {
        scanner.shutdownNow();
        for (Map.Entry<Path, Loaded> e : new ArrayList<>(loaded.entrySet())) {
            unload(e.getKey(), e.getValue(), "shut down");
        }
    }
}
