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

    /** A fresh session (start, or new rules): nothing of the old one is mirrored any more. */
    void reset() {
        alarmHandles.clear();
        changeHandles.clear();
    }

    /** Puts an active instance into a fresh session (a rebuild inserts each at its trigger time). */
    void insert(KieSession session, Alarm active) {
        if (!alarmHandles.containsKey(active.getInstanceId())) {
            alarmHandles.put(active.getInstanceId(), session.insert(active));
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
                    String[] changed = changedProperties((Alarm) session.getObject(h), a);
                    if (changed.length > 0) {
                        session.update(h, a, changed);
                    }
                }
            } else if (h != null) {
                session.delete(h);
                alarmHandles.remove(a.getInstanceId());
            }
            changeHandles.add(session.insert(c.change()));
        }
    }

    /**
     * The properties a change altered. Drools re-evaluates only the patterns that constrain one of them:
     * an edited context must not restart a {@code timer (int: 2m)} over {@code Alarm(state == ACTIVE)},
     * as a plain update would (the match would be made anew, and its timer with it).
     */
    static String[] changedProperties(Alarm before, Alarm after) {
        List<String> changed = new ArrayList<>();
        PROPERTIES.forEach((name, get) -> {
            if (!java.util.Objects.equals(get.apply(before), get.apply(after))) {
                changed.add(name);
            }
        });
        return changed.toArray(String[]::new);
    }

    private static final Map<String, java.util.function.Function<Alarm, Object>> PROPERTIES = properties();

    private static Map<String, java.util.function.Function<Alarm, Object>> properties() {
        Map<String, java.util.function.Function<Alarm, Object>> p = new java.util.LinkedHashMap<>();
        p.put("state", Alarm::getState);
        p.put("active", Alarm::isActive);
        p.put("priority", Alarm::getPriority);
        p.put("contentPriority", Alarm::getContentPriority);
        p.put("context", Alarm::getContext);
        p.put("contextBy", Alarm::getContextBy);
        p.put("attachedEntities", Alarm::getAttachedEntities);
        p.put("forwardedRecipients", Alarm::getForwardedRecipients);
        p.put("forwards", Alarm::getForwards);
        p.put("urls", Alarm::getUrls);
        p.put("lastTriggerTime", Alarm::getLastTriggerTime);
        p.put("triggerCount", Alarm::getTriggerCount);
        p.put("triggerEvent", Alarm::getTriggerEvent);
        p.put("ackTime", Alarm::getAckTime);
        p.put("ackBy", Alarm::getAckBy);
        p.put("ackType", Alarm::getAckType);
        p.put("investigatedBy", Alarm::getInvestigatedBy);
        p.put("investigatedTime", Alarm::getInvestigatedTime);
        p.put("ackConditionId", Alarm::getAckConditionId);
        p.put("userAckRequired", Alarm::isUserAckRequired);
        p.put("sourceConditionCleared", Alarm::isSourceConditionCleared);
        p.put("awaitingSourceCondition", Alarm::isAwaitingSourceCondition);
        p.put("latitude", Alarm::getLatitude);
        p.put("longitude", Alarm::getLongitude);
        p.put("rule", Alarm::getRule);
        return java.util.Collections.unmodifiableMap(p);
    }

    /** After a firing: the change facts have been seen once and leave. */
    void afterFiring(KieSession session) {
        for (FactHandle h : changeHandles) {
            session.delete(h);
        }
        changeHandles.clear();
    }
}
