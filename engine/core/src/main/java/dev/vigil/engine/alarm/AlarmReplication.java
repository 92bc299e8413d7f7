package dev.vigil.engine.alarm;

import dev.vigil.api.AlarmChange;

/**
 * How the alarm changes of one node reach the others on a cluster. It listens to this node's
 * changes (after they are stored) to send them, and applies the other nodes' to this node's alarm
 * service, which tells its listeners that {@linkplain AlarmListener#followsOtherNodes follow}.
 */
public interface AlarmReplication extends AlarmListener, AutoCloseable {
    /** Before the service loads the active alarms from the store: changes sent from now on are applied after it. */
    void beforeLoad();

    /** Starts applying the other nodes' changes to {@code service}. */
    void follow(AlarmService service);

    @Override
    default boolean followsOtherNodes() {
        return false;
    }

    @Override
    void close();

    /** One node: nothing to send, nothing to follow. */
    AlarmReplication NONE = new AlarmReplication() {
        @Override
        public void beforeLoad() {}

        @Override
        public void follow(AlarmService service) {}

        @Override
        public void onAlarmChange(AlarmChange change, Alarm alarm) {}

        @Override
        public void close() {}
    };
}
