package dev.vigil.engine.stream;

import dev.vigil.api.AlarmChange;
import dev.vigil.api.Event;
import dev.vigil.engine.alarm.AckType;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.alarm.AlarmListener;
import dev.vigil.engine.concurrent.BatchingWorker;
import dev.vigil.engine.concurrent.Threads;
import dev.vigil.engine.directory.AlarmRecipients;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.ingest.EventListener;
import dev.vigil.engine.metrics.LatencyTimers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends journaled events and alarm changes to the streams that asked for them, on its own thread
 * so that neither ingest nor the alarm persister ever waits for a reader. Each event is encoded
 * once, whatever the number of readers; each stream gets the parts of a batch in one send (one
 * flush). Order per stream is the journal order. When this thread itself falls
 * {@code streaming.fanOutQueueCapacity} batches behind, every stream is closed and counted as
 * dropped: clients reconnect; nothing upstream slows down.
 *
 * <p>Alarm monitoring: an {@code AlarmTriggered} part goes to monitoring sessions whose user is a
 * recipient of the alarm (directly or through nested groups, or forwarded to); a recipient with a
 * forward delay is told only if the instance is still active after that delay. An
 * {@code AlarmAcknowledge} part goes to the sessions that were told of the trigger.
 */
public final class FanOut implements EventListener, AlarmListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);
    private final SessionRegistry sessions;
    private final AlarmRecipients recipients;
    private final EntityRegistry entities;
    private final BlockingQueue<Object> queue;
    private final BatchingWorker<Object> worker;
    private final ScheduledExecutorService delays;
    private final Counter parts;
    private final Counter overflows;
    private final Timer delay;
    /** Instance id → sessions told of its trigger (only touched on the fan-out thread). */
    private final Map<Long, Set<String>> told = new HashMap<>();

    private final Map<Long, Alarm> activeAlarms = new HashMap<>();

    private record Events(List<Event> events, long queuedNanos) {}

    private record Change(AlarmChange.Kind kind, Alarm alarm) {}

    private record DelayedReach(long instanceId) {}

    private final Clock clock;
    private final PartEncoder encoder;

    /** @param clock tells when a recipient's forward delay has passed */
    public FanOut(
            SessionRegistry sessions,
            AlarmRecipients recipients,
            EntityRegistry entities,
            PartEncoder encoder,
            int queueCapacity,
            MeterRegistry meters,
            Clock clock) {
        this.clock = clock;
        this.encoder = encoder;
        this.sessions = sessions;
        this.recipients = recipients;
        this.entities = entities;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.parts = Counter.builder("vigil.stream.parts")
                .description("parts queued to stream connections")
                .register(meters);
        this.overflows = Counter.builder("vigil.stream.fanout.overflows")
                .description("times the fan-out fell too far behind and closed every stream")
                .register(meters);
        this.delay = LatencyTimers.register(
                meters, "vigil.stream.fanout.delay", "from events journaled to the fan-out thread taking them up");
        this.delays = Threads.scheduler("vigil-alarm-forward-delay");
        this.worker =
                new BatchingWorker<>("vigil-stream-fanout", queue, 256, Duration.ofMillis(200), this::deliver).start();
    }

    @Override
    public void onEvents(List<Event> journaled) {
        if (sessions.sessions().isEmpty()) {
            return;
        }
        offer(new Events(journaled, System.nanoTime()));
    }

    @Override
    public void onAlarmChange(AlarmChange change, Alarm alarm) {
        offer(new Change(change.kind(), alarm));
    }

    private void offer(Object item) {
        if (!queue.offer(item)) {
            overflows.increment();
            LOG.warn("Stream fan-out is {} batches behind; closing every stream so readers reconnect", queue.size());
            for (Session s : sessions.sessions()) {
                for (StreamSink sink : List.copyOf(s.streams().values())) {
                    sink.close("server fell behind");
                }
            }
            queue.offer(item);
        }
    }

    private void deliver(List<Object> items) {
        Map<StreamSink, List<byte[]>> out = new IdentityHashMap<>();
        for (Object item : items) {
            try {
                take(item, out);
            } catch (RuntimeException e) {
                // one bad item must not cost the others their delivery
                LOG.error(
                        "Stream fan-out could not handle {}; the rest of the batch goes on",
                        item.getClass().getSimpleName(),
                        e);
            }
        }
        for (Map.Entry<StreamSink, List<byte[]>> e : out.entrySet()) {
            parts.increment(e.getValue().size());
            e.getKey().send(e.getValue());
        }
    }

    private void take(Object item, Map<StreamSink, List<byte[]>> out) {
        if (item instanceof Events ev) {
            delay.record(System.nanoTime() - ev.queuedNanos(), TimeUnit.NANOSECONDS);
            for (Event e : ev.events()) {
                byte[][] encoded = new byte[1][];
                sessions.forEachReader(e, s -> {
                    if (encoded[0] == null) {
                        encoded[0] = encoder.event(e);
                    }
                    addToStreams(out, s, encoded[0]);
                });
            }
        } else if (item instanceof Change c) {
            alarmChange(c, out);
        } else if (item instanceof DelayedReach d) {
            Alarm a = activeAlarms.get(d.instanceId());
            if (a != null) {
                reach(a, out);
            }
        }
    }

    private void alarmChange(Change c, Map<StreamSink, List<byte[]>> out) {
        Alarm a = c.alarm();
        long id = a.getInstanceId();
        if (!a.isActive()) {
            activeAlarms.remove(id);
            Set<String> toldOf = told.remove(id);
            if (toldOf != null && c.kind() == AlarmChange.Kind.ACKNOWLEDGED) {
                byte[] part = encoder.alarmAcknowledged(a, entities.userGuid(a.getAckBy()), forced(a));
                for (String sid : toldOf) {
                    sessions.byId(sid)
                            .filter(sessions.monitoring()::contains)
                            .ifPresent(s -> addToStreams(out, s, part));
                }
            }
            return;
        }
        activeAlarms.put(id, a);
        if (c.kind() == AlarmChange.Kind.TRIGGERED || c.kind() == AlarmChange.Kind.FORWARDED) {
            reach(a, out);
        }
        if (c.kind() == AlarmChange.Kind.TRIGGERED) {
            scheduleDelayedReach(a);
        }
    }

    /** Tells every monitoring session whose user the alarm has reached by now, once. */
    private void reach(Alarm a, Map<StreamSink, List<byte[]>> out) {
        Duration elapsed = Duration.between(a.getCreationTime(), clock.instant());
        Set<String> toldOf = told.computeIfAbsent(a.getInstanceId(), k -> new HashSet<>());
        byte[] part = null;
        for (Session s : sessions.monitoring()) {
            if (s.userGuid() == null || toldOf.contains(s.id())) {
                continue;
            }
            Optional<Duration> delay =
                    recipients.reachDelay(a.getAlarmGuid(), a.getForwardedRecipients(), s.userGuid());
            if (delay.isPresent() && delay.get().compareTo(elapsed) <= 0) {
                if (part == null) {
                    part = encoder.alarmTriggered(
                            a, entities.get(a.getSourceGuid()).map(Entity::name).orElse(""));
                }
                toldOf.add(s.id());
                addToStreams(out, s, part);
            }
        }
    }

    private void scheduleDelayedReach(Alarm a) {
        Set<Duration> distinct = new HashSet<>();
        for (AlarmRecipients.Recipient r : recipients.of(a.getAlarmGuid())) {
            if (!r.forwardDelay().isZero()) {
                distinct.add(r.forwardDelay());
            }
        }
        for (Duration d : distinct) {
            delays.schedule(() -> offer(new DelayedReach(a.getInstanceId())), d.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static boolean forced(Alarm a) {
        return a.getAckType() == AckType.FORCED;
    }

    private static void addToStreams(Map<StreamSink, List<byte[]>> out, Session s, byte[] part) {
        for (StreamSink sink : s.streams().values()) {
            out.computeIfAbsent(sink, k -> new ArrayList<>()).add(part);
        }
    }

    @Override
    public void close() {
        delays.shutdownNow();
        worker.close(Duration.ofSeconds(2));
    }
}
