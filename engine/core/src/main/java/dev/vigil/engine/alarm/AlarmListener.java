package dev.vigil.engine.alarm;

import dev.vigil.api.AlarmChange;

/**
 * Told of every alarm change after it is persisted, in change order, on the alarm persister
 * thread. Implementations hand the change on and return at once; they never block.
 */
public interface AlarmListener {
    void onAlarmChange(AlarmChange change, Alarm alarm);

    /**
     * On a cluster, whether this listener is also told of the changes other nodes made (a stream,
     * the console, the rules: every node's watchers see every change), or only of this node's (the
     * metrics: summed over the nodes, each change counts once).
     */
    default boolean followsOtherNodes() {
        return true;
    }
}
