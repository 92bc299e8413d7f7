package dev.vigil.engine.alarm;

import dev.vigil.engine.store.AlarmStore;
import java.util.concurrent.atomic.AtomicLong;

/** Where alarm instance and change ids come from: one node counts on from its store's highest; a cluster asks the shared store. */
public interface AlarmIds {
    long nextInstanceId();

    long nextChangeId();

    /** The highest change id handed out by this node so far. */
    long lastChangeId();

    /** One node: counters that continue from the store's highest ids. */
    static AlarmIds continuing(AlarmStore store) {
        AtomicLong instances = new AtomicLong(store.maxInstanceId());
        AtomicLong changes = new AtomicLong(store.maxChangeId());
        return new AlarmIds() {
            @Override
            public long nextInstanceId() {
                return instances.incrementAndGet();
            }

            @Override
            public long nextChangeId() {
                return changes.incrementAndGet();
            }

            @Override
            public long lastChangeId() {
                return changes.get();
            }
        };
    }
}
