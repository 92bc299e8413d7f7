package dev.vigil.engine.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The one shape of Vigil's latency timers: p50, p99 and p99.9 over the last 30 s, as /metrics shows them. */
public final class LatencyTimers {
    private LatencyTimers() {}

    public static Timer register(MeterRegistry meters, String name, String description) {
        return Timer.builder(name)
                .description(description)
                .publishPercentiles(0.5, 0.99, 0.999)
                .distributionStatisticExpiry(Duration.ofSeconds(30))
                .distributionStatisticBufferLength(3)
                .register(meters);
    }
}
