package dev.vigil.engine.alarm;

import dev.vigil.engine.store.AlarmStore;
import java.util.List;
import java.util.function.Consumer;

/**
 * How the alarm changes of the nodes of a cluster get one order. A node puts its changes in that
 * order first ({@link #publish}), then stores them, then reports them; it applies every change in
 * that order, its own included, so every node's view ends the same; the node that runs the sinks
 * hands them every change in that order, and stores what a node put in the order but did not live to
 * store. On one node the store is the order, and this does nothing.
 */
public interface AlarmReplication extends AutoCloseable {
    /** Before the service loads the active alarms from the store: changes ordered from now on are applied after it. */
    void beforeLoad();

    /** Starts applying the cluster's changes to {@code service}. */
    void follow(AlarmService service);

    /**
     * Puts these changes in the cluster's order, returning once they are durably there, with their
     * positions; null on one node. Throws when they could not be (then they are not stored either).
     */
    long[] publish(List<AlarmStore.StoredChange> changes);

    /** Every change of the cluster, this node's too, in order, from now on, on the replication's thread. */
    default void allChangesTo(Consumer<ClusterChange> feed) {}

    /** Up to {@code limit} changes of the cluster after {@code position}, in order (a sink catching up). */
    default List<ClusterChange> changesAfter(long position, int limit) {
        return List.of();
    }

    /** The position of the newest change of the cluster (0 when none); 0 on one node. */
    default long lastPosition() {
        return 0;
    }

    /** True on a cluster: sinks follow {@link #allChangesTo} and positions, not this node's changes and ids. */
    default boolean ordersTheCluster() {
        return false;
    }

    /** Whether this node stores the changes other nodes ordered but did not store (one node does: the sinks'). */
    default void repairStore(boolean repair) {}

    @Override
    void close();

    /** One node: nothing to order, nothing to follow. */
    AlarmReplication NONE = new AlarmReplication() {
        @Override
        public void beforeLoad() {}

        @Override
        public void follow(AlarmService service) {}

        @Override
        public long[] publish(List<AlarmStore.StoredChange> changes) {
            return null;
        }

        @Override
        public void close() {}
    };
}
