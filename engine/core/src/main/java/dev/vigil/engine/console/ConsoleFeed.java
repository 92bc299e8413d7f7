package dev.vigil.engine.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vigil.api.AlarmChange;
import dev.vigil.api.Event;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.alarm.AlarmListener;
import dev.vigil.engine.concurrent.BatchingWorker;
import dev.vigil.engine.concurrent.Threads;
import dev.vigil.engine.directory.AlarmRecipients;
import dev.vigil.engine.ingest.EventListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries alarm changes and events to the open console pages, on its own thread: ingest and the
 * alarm persister only offer to a bounded queue and never wait. When that queue is full, events are
 * skipped (the tail is a view, the journal keeps them) and every page is told to reload its alarm
 * list; nothing upstream slows down.
 *
 * <p>A page sees an alarm change when its user is reached by the alarm (a recipient, a member of a
 * recipient group, or forwarded to) once the recipient's forward delay has passed, as Web SDK alarm
 * monitoring decides (an instance triggered while a page is open and still active when a delay ends
 * is sent again then; others arrive with the page's periodic reload); an admin may ask for every alarm.
 */
final class ConsoleFeed implements EventListener, AlarmListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleFeed.class);
    static final Duration PING_EVERY = Duration.ofSeconds(15);

    private final Set<LiveClient> clients = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Object> queue;
    private final BatchingWorker<Object> worker;
    private final ScheduledExecutorService timers;
    private final ConsoleViews views;
    private final AlarmRecipients recipients;
    private final Clock clock;
    private final AtomicBoolean fellBehind = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong lastWarnNanos = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.LongAdder dropped = new java.util.concurrent.atomic.LongAdder();

    private record Events(List<Event> events) {}

    private record Change(AlarmChange.Kind kind, Alarm alarm) {}

    /** The last page closed: forget the active instances. */
    private record Forget() {}

    /** A recipient's forward delay after this instance's trigger has passed. */
    private record DelayedReach(long instanceId) {}

    /** The latest state of each active instance (only touched on the feed thread), for delayed reaches. */
    private final Map<Long, Alarm> active = new java.util.HashMap<>();

    ConsoleFeed(ConsoleViews views, AlarmRecipients recipients, Clock clock, int queueCapacity) {
        this.views = views;
        this.recipients = recipients;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.worker =
                new BatchingWorker<>("vigil-console-feed", queue, 256, Duration.ofMillis(200), this::deliver).start();
        this.timers = Threads.scheduler("vigil-console-timers");
        timers.scheduleAtFixedRate(this::ping, PING_EVERY.toMillis(), PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    void add(LiveClient c) {
        clients.add(c);
    }

    void remove(LiveClient c) {
        clients.remove(c);
        if (clients.isEmpty()) {
            // Without pages no change is offered, so what it knows of active instances would go stale.
            queue.offer(new Forget());
        }
    }

    int size() {
        return clients.size();
    }

    /** Closes the streams of a login that ended (its other pages' streams close at their next ping). */
    void closeLogin(String idHash) {
        for (LiveClient c : clients) {
            if (c.login.equals(idHash)) {
                c.channel.close();
            }
        }
    }

    @Override
    public void onEvents(List<Event> journaled) {
        if (clients.isEmpty()) {
            return;
        }
        boolean anyTail = false;
        for (LiveClient c : clients) {
            anyTail |= c.events;
        }
        if (anyTail && !queue.offer(new Events(journaled))) {
            behind();
        }
    }

    @Override
    public void onAlarmChange(AlarmChange change, Alarm alarm) {
        if (!clients.isEmpty() && !queue.offer(new Change(change.kind(), alarm))) {
            behind();
        }
    }

    private void behind() {
        dropped.increment();
        if (fellBehind.compareAndSet(false, true)) {
            long now = System.nanoTime();
            long last = lastWarnNanos.get();
            // One line a minute at most: a sustained overload would otherwise log at every batch.
            if ((last == 0 || now - last > 60_000_000_000L) && lastWarnNanos.compareAndSet(last, now)) {
                LOG.warn(
                        "Console feed fell behind ({} batches not shown since the last warning); console pages"
                                + " skip events and reload their alarm lists",
                        dropped.sumThenReset());
            }
        }
    }

    private void deliver(List<Object> items) {
        if (fellBehind.getAndSet(false)) {
            clients.forEach(LiveClient::resync);
        }
        Map<LiveClient, StringBuilder> alarmFrames = new IdentityHashMap<>();
        Map<LiveClient, StringBuilder> eventFrames = new IdentityHashMap<>();
        Map<LiveClient, int[]> eventCounts = new IdentityHashMap<>();
        for (Object item : items) {
            try {
                if (item instanceof Change c) {
                    change(c, alarmFrames);
                } else if (item instanceof Forget && clients.isEmpty()) {
                    active.clear();
                } else if (item instanceof DelayedReach d && active.containsKey(d.instanceId())) {
                    // Pages that saw it already get the same state again: an upsert, harmless.
                    change(new Change(AlarmChange.Kind.TRIGGERED, active.get(d.instanceId())), alarmFrames);
                } else if (item instanceof Events ev) {
                    events(ev.events(), eventFrames, eventCounts);
                }
            } catch (RuntimeException e) {
                LOG.error("Console feed could not handle {}; the rest of the batch goes on", item, e);
            }
        }
        for (LiveClient c : clients) {
            StringBuilder a = alarmFrames.get(c);
            StringBuilder e = eventFrames.get(c);
            if (a != null || e != null) {
                int[] n = eventCounts.get(c);
                c.send(a == null ? new StringBuilder() : a, e == null ? new StringBuilder() : e, n == null ? 0 : n[0]);
            }
        }
    }

    private void change(Change c, Map<LiveClient, StringBuilder> out) {
        Alarm a = c.alarm();
        if (a.isActive()) {
            if (active.put(a.getInstanceId(), a) == null) {
                scheduleDelayedReach(a);
            }
        } else {
            active.remove(a.getInstanceId());
        }
        String frame = null;
        for (LiveClient client : clients) {
            if (!sees(client, a)) {
                continue;
            }
            if (frame == null) {
                frame = a.isActive()
                        ? "event: alarm\ndata: " + json(views.alarm(a)) + "\n\n"
                        : "event: alarm-gone\ndata: {\"instanceId\":" + a.getInstanceId() + ",\"state\":\""
                                + a.getState().name() + "\",\"by\":" + json(a.getAckBy()) + "}\n\n";
            }
            out.computeIfAbsent(client, k -> new StringBuilder()).append(frame);
        }
    }

    private void scheduleDelayedReach(Alarm a) {
        java.util.Set<Duration> delays = new java.util.HashSet<>();
        for (AlarmRecipients.Recipient r : recipients.of(a.getAlarmGuid())) {
            if (!r.forwardDelay().isZero()) {
                delays.add(r.forwardDelay());
            }
        }
        for (Duration d : delays) {
            timers.schedule(
                    () -> {
                        if (!queue.offer(new DelayedReach(a.getInstanceId()))) {
                            behind();
                        }
                    },
                    d.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    boolean sees(LiveClient client, Alarm a) {
        if (client.allAlarms) {
            return true;
        }
        if (client.userGuid == null) {
            return false;
        }
        Optional<Duration> delay = recipients.reachDelay(a.getAlarmGuid(), a.getForwardedRecipients(), client.userGuid);
        // An acknowledgement is shown to everyone who could see the alarm, whatever its delay.
        return delay.isPresent()
                && (!a.isActive()
                        || delay.get().compareTo(Duration.between(a.getCreationTime(), clock.instant())) <= 0);
    }

    private void events(List<Event> events, Map<LiveClient, StringBuilder> out, Map<LiveClient, int[]> counts) {
        List<LiveClient> tails = new ArrayList<>();
        for (LiveClient c : clients) {
            if (c.events) {
                tails.add(c);
            }
        }
        if (tails.isEmpty()) {
            return;
        }
        for (Event e : events) {
            String encoded = null;
            String source = e.getSourceId();
            for (LiveClient c : tails) {
                if (!c.wantsEvent(e.getType(), source)) {
                    continue;
                }
                if (encoded == null) {
                    encoded = "event: ev\ndata: " + json(views.event(e)) + "\n\n";
                }
                out.computeIfAbsent(c, k -> new StringBuilder()).append(encoded);
                counts.computeIfAbsent(c, k -> new int[1])[0]++;
            }
        }
    }

    private void ping() {
        for (LiveClient c : clients) {
            c.ping();
        }
    }

    private static String json(Object o) {
        try {
            return ConsoleJson.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
        worker.close(Duration.ofSeconds(1));
        clients.forEach(c -> c.channel.close());
    }
}
