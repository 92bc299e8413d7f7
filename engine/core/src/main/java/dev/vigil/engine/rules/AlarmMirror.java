package dev.vigil.engine.rules;

import dev.vigil.api.AlarmChange;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.alarm.AlarmChanged;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * The alarms as the rules see them: every active instance is an {@link Alarm} fact, updated in place
 * as it changes and deleted when acknowledged, and each change is an {@link AlarmChanged} fact for one
 * firing. Changes arrive from the alarm persister on its thread and wait here; the rules thread takes
 * them before each batch, ahead of queued events, so a rule guarded by {@code not Alarm(...)} sees the
 * alarm it raised at the next batch, not after a backlog of events that would each fire it again
 * (measured: a hot camera's backlog re-ran the escalation window for every queued event, 7 million
 * tuples). Everything but {@link #offer} runs on the rules thread.
 */
final class AlarmMirror {
    private record Change(Alarm alarm, AlarmChanged change) {}

    private final ConcurrentLinkedQueue<Change> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final Map<Long, FactHandle> alarmHandles = new HashMap<>();
    /** This batch's AlarmChanged facts, removed after the next firing. */
    private final List<FactHandle> changeHandles = new ArrayList<>();

    /**
     * Takes a change from the persister's thread.
     *
     * @return true when the rules thread may be idle and must be woken for it
     */
    boolean offer(AlarmChange change, Alarm alarm) {
        waiting.add(new Change(alarm, new AlarmChanged(change.kind(), alarm, change.at())));
        return waitingCount.getAndIncrement() == 0;
    }

    /** A fresh session (start, or new rules): the active instances go in, nothing else is carried. */
    void fill(KieSession session, List<Alarm> active) {
        alarmHandles.clear();
        changeHandles.clear();
        for (Alarm a : active) {
            alarmHandles.put(a.getInstanceId(), session.insert(a));
        }
    }

    /** Applies every change that arrived since the last call. */
    void apply(KieSession session) {
        for (Change c; (c = waiting.poll()) != null; ) {
            waitingCount.decrementAndGet();
            Alarm a = c.alarm();
            FactHandle h = alarmHandles.get(a.getInstanceId());
            if (a.isActive()) {
                if (h == null) {
                    alarmHandles.put(a.getInstanceId(), session.insert(a));
                } else {
                    session.update(h, a);
                }
            } else if (h != null) {
                session.delete(h);
                alarmHandles.remove(a.getInstanceId());
            }
            changeHandles.add(session.insert(c.change()));
        }
    }

    /** After a firing: the change facts have been seen once and leave. */
    void afterFiring(KieSession session) {
        for (FactHandle h : changeHandles) {
            session.delete(h);
        }
        changeHandles.clear();
    }

    int activeInSession() {
        return alarmHandles.size();
    }
}
