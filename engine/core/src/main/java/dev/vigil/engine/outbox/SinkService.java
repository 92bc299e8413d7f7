package dev.vigil.engine.outbox;

import dev.vigil.api.AlarmChange;
import dev.vigil.api.Event;
import dev.vigil.api.EventSink;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.alarm.AlarmListener;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.ingest.EventListener;
import dev.vigil.engine.rules.Sinks;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox: fans journaled events and persisted alarm changes out to the running sink
 * instances that asked for them, and serves the rules' {@code sinks.send(...)}. Never blocks the
 * caller: each sink has its own bounded queue and thread.
 */
public final class SinkService implements EventListener, AlarmListener, Sinks, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkService.class);
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;
    private final Map<String, SinkRunner> runners = new ConcurrentHashMap<>();

    public SinkService(DeadLetters deadLetters, MeterRegistry meters) {
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    public void register(VigilConfig.PluginInstance config, EventSink sink) {
        SinkRunner previous = runners.put(config.name, new SinkRunner(config.name, sink, config, deadLetters, meters));
        if (previous != null) {
            previous.stop();
        }
    }

    public void unregister(String name) {
        SinkRunner r = runners.remove(name);
        if (r != null) {
            r.stop();
        }
    }

    public Set<String> running() {
        return Set.copyOf(runners.keySet());
    }

    @Override
    public void onEvents(List<Event> journaled) {
        for (SinkRunner r : runners.values()) {
            if (r.config().events) {
                for (Event e : journaled) {
                    r.offer(new Delivery(e, null, 0));
                }
            }
        }
    }

    @Override
    public void onAlarmChange(AlarmChange change, Alarm alarm) {
        for (SinkRunner r : runners.values()) {
            if (r.config().alarms) {
                r.offer(new Delivery(null, change, 0));
            }
        }
    }

    @Override
    public void send(String sinkName, Event event) {
        SinkRunner r = runners.get(sinkName);
        if (r == null) {
            LOG.warn("Rule sent {} to sink '{}', which is not running; running sinks: {}", event, sinkName,
                    runners.keySet());
            return;
        }
        r.offer(new Delivery(event, null, 0));
    }

    @Override
    public void close() {
        for (String name : List.copyOf(runners.keySet())) {
            unregister(name);
        }
    }
}
