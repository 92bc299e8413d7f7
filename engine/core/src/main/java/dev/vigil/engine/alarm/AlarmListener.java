package dev.vigil.engine.alarm;

import dev.vigil.api.AlarmChange;

/**
 * Told of every alarm change after it is persisted, in change order, on the alarm persister
 * thread. Implementations hand the change on and return at once; they never block.
 */
public interface AlarmListener {
    void onAlarmChange(AlarmChange change, Alarm alarm);
}
