package dev.vigil.engine.metrics;

import dev.vigil.api.AlarmChange;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.alarm.AlarmListener;
import dev.vigil.engine.alarm.AlarmService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** Alarm figures for {@code /metrics}: active instances, and changes by kind. */
public final class AlarmMetrics implements AlarmListener {
    private final Map<AlarmChange.Kind, Counter> changes = new EnumMap<>(AlarmChange.Kind.class);

    public AlarmMetrics(AlarmService alarms, MeterRegistry meters) {
        Gauge.builder("vigil.alarms.active", alarms, AlarmService::activeCount)
                .description("active alarm instances")
                .register(meters);
        for (AlarmChange.Kind k : AlarmChange.Kind.values()) {
            changes.put(
                    k,
                    Counter.builder("vigil.alarms.changes")
                            .tag("kind", k.name().toLowerCase())
                            .description("persisted alarm changes")
                            .register(meters));
        }
    }

    /** Each node counts the changes it made: summed over the nodes, each change once. */
    @Override
    public boolean followsOtherNodes() {
        return false;
    }

    @Override
    public void onAlarmChange(AlarmChange change, Alarm alarm) {
        changes.get(change.kind()).increment();
    }
}
