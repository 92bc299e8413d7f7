package dev.vigil.engine.rules;

import dev.vigil.api.Event;
import dev.vigil.engine.alarm.Alarm;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.kie.api.runtime.KieSession;
import org.kie.api.time.SessionPseudoClock;

/**
 * Feeds events into a session as they first happened: the session's clock moves to each event's own
 * time before the event goes in, and active alarms go in when the clock reaches their trigger time.
 * So a timed rule counts from the moment it would have counted from live: a "no motion within 10 s"
 * check started by a door event before a rules edit is due 10 s after that event, not after the edit,
 * and {@code timer (int: 2m)} over an alarm is due 2 minutes after the alarm was triggered.
 *
 * <p>Used by a rebuild (a rules edit, a start after a stop or a crash) for the events the old session
 * was still holding, with the globals' actions skipped, and by the start-up replay of events journaled
 * but never through the rules, with the actions taken. Runs on the rules thread.
 */
final class TimedReplay {
    /** An active alarm older than this goes in this long before the rebuild's end, not at its trigger time. */
    static final Duration ALARM_LOOKBACK = Duration.ofHours(24);
    /** The live loop fires at least this often; so does a replay as its clock moves. */
    private static final long FIRE_EVERY_MILLIS = 100;

    private final KieSession session;
    private final EventWindow window;
    private final AlarmMirror mirror;
    private final Runnable fire;
    private final int batchSize;
    private final ArrayDeque<Alarm> alarmsToInsert = new ArrayDeque<>();
    private int unfired;
    private long firedAt;
    private int eventCount;
    private int alarmCount;

    TimedReplay(KieSession session, EventWindow window, AlarmMirror mirror, Runnable fire, int batchSize) {
        this.session = session;
        this.window = window;
        this.mirror = mirror;
        this.fire = fire;
        this.batchSize = batchSize;
        this.firedAt = now();
    }

    /**
     * Opens the replay at the earliest moment anything carried needs: the first event, or the oldest
     * active alarm's trigger time (no earlier than {@link #ALARM_LOOKBACK} before {@code until}).
     */
    void begin(List<Event> events, List<Alarm> active, long until) {
        long start = until;
        if (!events.isEmpty()) {
            start = Math.min(start, events.get(0).getTimestampMillis());
        }
        long floor = until - ALARM_LOOKBACK.toMillis();
        active.stream().sorted(Comparator.comparing(Alarm::getTriggerTime)).forEach(alarmsToInsert::add);
        if (!alarmsToInsert.isEmpty()) {
            start = Math.min(
                    start,
                    Math.max(floor, alarmsToInsert.peek().getTriggerTime().toEpochMilli()));
        }
        moveTo(start);
        firedAt = now();
    }

    /** Inserts {@code e} at its own time, or now if the clock is already past it, never after {@code until}. */
    void event(Event e, long until) {
        long at = Math.min(e.getTimestampMillis(), until);
        insertAlarmsUpTo(at);
        moveTo(at);
        window.insert(e);
        eventCount++;
        if (++unfired >= batchSize) {
            fireNow();
        }
    }

    /** Inserts the alarms still waiting, moves the clock to {@code until} and fires what is due. */
    void finish(long until) {
        insertAlarmsUpTo(Long.MAX_VALUE);
        moveTo(until);
        fireNow();
    }

    /** Fires what the events so far made due (the start-up replay records its progress after this). */
    void fireNow() {
        fire.run();
        unfired = 0;
        firedAt = now();
    }

    int events() {
        return eventCount;
    }

    int alarms() {
        return alarmCount;
    }

    private void insertAlarmsUpTo(long at) {
        for (Alarm a; (a = alarmsToInsert.peek()) != null && a.getTriggerTime().toEpochMilli() <= at; ) {
            alarmsToInsert.poll();
            moveTo(a.getTriggerTime().toEpochMilli());
            mirror.insert(session, a);
            alarmCount++;
            // Drools evaluates a match, and starts its timer, when the rules fire, not at the insertion.
            unfired++;
        }
    }

    private void moveTo(long millis) {
        long delta = millis - now();
        if (delta <= 0) {
            return;
        }
        // What the facts so far made due fires at its time, as the live loop would, before time moves on; a
        // timer starts at that firing, so it must not wait for the clock's next stop.
        if (unfired > 0 && now() - firedAt + delta >= FIRE_EVERY_MILLIS) {
            fireNow();
        }
        SessionPseudoClock clock = session.getSessionClock();
        clock.advanceTime(delta, TimeUnit.MILLISECONDS);
        window.expire();
        if (now() - firedAt >= FIRE_EVERY_MILLIS) {
            fireNow();
        }
    }

    private long now() {
        return session.getSessionClock().getCurrentTime();
    }
}
