package dev.vigil.engine.cluster;

import dev.vigil.engine.alarm.AlarmIds;
import dev.vigil.engine.store.ClusterIdStore;

/** Alarm ids on a cluster: instance ids one at a time from the shared store, change ids from blocks it hands this node. */
final class SharedAlarmIds implements AlarmIds {
    private final ClusterIdStore store;
    private long next = 1;
    private long blockEnd = 0;

    SharedAlarmIds(ClusterIdStore store) {
        this.store = store;
    }

    @Override
    public long nextInstanceId() {
        return store.nextInstanceId();
    }

    @Override
    public synchronized long nextChangeId() {
        if (next > blockEnd) {
            next = store.nextChangeBlock();
            blockEnd = next + ClusterIdStore.CHANGE_BLOCK - 1;
        }
        return next++;
    }

    @Override
    public synchronized long lastChangeId() {
        return next - 1;
    }
}
