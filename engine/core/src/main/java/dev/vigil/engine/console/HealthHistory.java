package dev.vigil.engine.console;

import dev.vigil.engine.concurrent.Threads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The console's health charts: every 10 seconds, the ingest rate, the rules queue depth, the
 * ingest-to-rules latency (p99 of the last 30 s) and the active alarm count, read from the daemon's
 * own metrics; the last hour is kept (360 samples, a few kilobytes).
 */
final class HealthHistory implements AutoCloseable {
    static final Duration EVERY = Duration.ofSeconds(10);
    static final int KEEP = 360;

    /** One sample; {@code eventsPerSecond} is over the interval before it. */
    record Sample(String at, double eventsPerSecond, double queueDepth, double latencyP99Ms, double activeAlarms) {}

    private final MeterRegistry meters;
    private final Clock clock;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private final ScheduledExecutorService timer;
    private double lastEvents = -1;
    private long lastNanos;

    HealthHistory(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
        this.timer = Threads.scheduler("vigil-console-health");
        timer.scheduleAtFixedRate(this::sample, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    void sample() {
        double events = meters.find("vigil.ingest.events").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
        long now = System.nanoTime();
        double rate = lastEvents < 0 ? 0 : (events - lastEvents) / Math.max(1e-9, (now - lastNanos) / 1e9);
        lastEvents = events;
        lastNanos = now;
        Sample s = new Sample(
                clock.instant().toString(),
                Math.round(rate * 10) / 10.0,
                gauge("vigil.rules.queue.depth"),
                latencyP99Ms(),
                gauge("vigil.alarms.active"));
        synchronized (this) {
            samples.addLast(s);
            while (samples.size() > KEEP) {
                samples.removeFirst();
            }
        }
    }

    private double gauge(String name) {
        Gauge g = meters.find(name).gauge();
        return g == null ? 0 : g.value();
    }

    private double latencyP99Ms() {
        Timer t = meters.find("vigil.event.latency").timer();
        if (t == null) {
            return 0;
        }
        for (ValueAtPercentile v : t.takeSnapshot().percentileValues()) {
            if (v.percentile() == 0.99) {
                return Math.round(v.value(TimeUnit.MICROSECONDS)) / 1000.0;
            }
        }
        return 0;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
