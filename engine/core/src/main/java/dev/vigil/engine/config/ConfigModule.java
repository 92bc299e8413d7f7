package dev.vigil.engine.config;

import com.google.inject.AbstractModule;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;

/** Bindings for the loaded configuration, the folders, the clock and the metrics registry. */
public final class ConfigModule extends AbstractModule {
    private final VigilPaths paths;
    private final VigilConfig config;
    private final Clock clock;

    public ConfigModule(VigilPaths paths, VigilConfig config, Clock clock) {
        this.paths = paths;
        this.config = config;
        this.clock = clock;
    }

    @Override
    protected void configure() {
        bind(VigilPaths.class).toInstance(paths);
        bind(VigilConfig.class).toInstance(config);
        // Each module asks for the slice it reads, not the whole file.
        bind(VigilConfig.Http.class).toInstance(config.http);
        bind(VigilConfig.Streaming.class).toInstance(config.streaming);
        bind(VigilConfig.Store.class).toInstance(config.store);
        bind(VigilConfig.Journal.class).toInstance(config.journal);
        bind(VigilConfig.Rules.class).toInstance(config.rules);
        bind(VigilConfig.Plugins.class).toInstance(config.plugins);
        bind(VigilConfig.Auth.class).toInstance(config.auth);
        bind(VigilConfig.Camlytics.class).toInstance(config.camlytics);
        bind(VigilConfig.Console.class).toInstance(config.console);
        bind(VigilConfig.Site.class).toInstance(config.site);
        bind(Clock.class).toInstance(clock);
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // promtool's lint flags two of Micrometer's processor names ("_ns" is an abbreviated unit,
        // "_count" belongs to histograms): CPU time goes out in seconds, the CPU count by another name.
        prometheus.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
        prometheus.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.logical") : id;
            }
        });
        bind(PrometheusMeterRegistry.class).toInstance(prometheus);
        bind(MeterRegistry.class).toInstance(prometheus);
        // JVM figures next to Vigil's own, so a run shows whether memory stays flat.
        new JvmMemoryMetrics().bindTo(prometheus);
        new JvmGcMetrics().bindTo(prometheus);
        new JvmThreadMetrics().bindTo(prometheus);
        new ProcessorMetrics().bindTo(prometheus);
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os, b -> b.getProcessCpuTime() / 1e9)
                    .baseUnit("seconds")
                    .description("CPU time used by the Vigil process")
                    .register(prometheus);
        }
    }
}
