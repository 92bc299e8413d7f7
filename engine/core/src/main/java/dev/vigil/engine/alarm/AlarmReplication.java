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

    /**
     * Every change of the cluster (this node's too), in the cluster's order, from now on, on the
     * replication's thread: what the node that runs the sinks hands them.
     */
    default void allChangesTo(java.util.function.Consumer<ClusterChange> feed) {}

    /** Up to {@code limit} changes of the cluster after {@code position}, in order (a sink catching up). */
    default java.util.List<ClusterChange> changesAfter(long position, int limit) {
        return java.util.List.of();
    }

    /** The position of the newest change of the cluster (0 when none); 0 on one node. */
    default long lastPosition() {
        return 0;
    }

    /** True on a cluster: sinks follow {@link #allChangesTo} and positions, not this node's changes and ids. */
    default boolean ordersTheCluster() {
        return false;
    }

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
