package dev.vigil.engine.rules;

import dev.vigil.api.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.drools.core.common.InternalFactHandle;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * The events of one session and how long each stays: events {@link EventRetention} lets go leave
 * right after the rules fired; the others leave once older than the expiry, oldest first. Events
 * arrive nearly in time order (ingest refuses stamps further than the clock skew from now), so
 * looking at the head of the insertion queue is enough; an event stamped earlier than its
 * predecessors leaves at most the skew late. This does what {@code @expires} does without Drools'
 * timer job per event. Not thread-safe: used by the thread that owns the session.
 */
public final class EventWindow {
    private final KieSession session;
    private final EventRetention retention;
    private final long expiryMillis;
    private final ArrayDeque<FactHandle> kept = new ArrayDeque<>();
    private final List<FactHandle> doneAfterFiring = new ArrayList<>();

    public EventWindow(KieSession session, CompileResult rules) {
        this.session = session;
        this.retention = rules.retention();
        this.expiryMillis = rules.eventExpiry().toMillis();
    }

    public void insert(Event e) {
        FactHandle h = session.insert(e);
        if (retention.mustKeep(e)) {
            kept.add(h);
        } else {
            doneAfterFiring.add(h);
        }
    }

    /** Call after {@code fireAllRules()}: removes the events no rule can match again. */
    public void afterFiring() {
        for (FactHandle h : doneAfterFiring) {
            delete(h);
        }
        doneAfterFiring.clear();
    }

    /** Removes kept events older than the expiry, measured on the session clock. */
    public void expire() {
        long horizon = session.getSessionClock().getCurrentTime() - expiryMillis;
        FactHandle head;
        while ((head = kept.peek()) != null) {
            InternalFactHandle h = (InternalFactHandle) head;
            if (h.isValid() && h.getObject() instanceof Event e && e.getTimestampMillis() > horizon) {
                return;
            }
            kept.poll();
            delete(head);
        }
    }

    /** The events kept now, in insertion order: what a rules edit carries into the new session. */
    public List<Event> keptEvents() {
        List<Event> out = new ArrayList<>(kept.size());
        for (FactHandle head : kept) {
            InternalFactHandle h = (InternalFactHandle) head;
            if (h.isValid() && h.getObject() instanceof Event e) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * The sequence just before the oldest kept event, or {@code newest} when none is kept: a restart
     * reads the journal after it to put the kept events back.
     */
    public long carryFrom(long newest) {
        FactHandle head;
        while ((head = kept.peek()) != null) {
            InternalFactHandle h = (InternalFactHandle) head;
            if (h.isValid() && h.getObject() instanceof Event e) {
                return Math.min(newest, e.getSequence() - 1);
            }
            kept.poll(); // a rule deleted it: nothing to carry
        }
        return newest;
    }

    /** True when {@code e} would be kept here, so a rebuild must carry it. */
    public boolean keeps(Event e) {
        return retention.mustKeep(e);
    }

    public long expiryMillis() {
        return expiryMillis;
    }

    private void delete(FactHandle handle) {
        // A rule may have deleted the event already.
        if (((InternalFactHandle) handle).isValid()) {
            session.delete(handle);
        }
    }
}
