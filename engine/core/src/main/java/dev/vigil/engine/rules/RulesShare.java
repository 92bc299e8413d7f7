package dev.vigil.engine.rules;

import dev.vigil.api.Event;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.store.RulesCheckpointStore.PartitionMark;
import java.util.Map;
import java.util.Set;

/**
 * Which part of the journal this node's rules run. On one node: all of it, always. On a cluster:
 * the partitions of the shared log that the log assigns the node, which move when nodes come and
 * go; where a partition's previous owner had got is kept for the next one.
 */
public interface RulesShare {
    /** The partition of the log an event is in. */
    int partitionOf(Event e);

    /** The partition whose session holds an alarm as a fact: the one its source's events go to. */
    int partitionOf(Alarm a);

    /** True on a cluster: the node owns nothing until the log assigns it partitions. */
    boolean assigned();

    /**
     * Where the rules of the node that owned these partitions had got with everything stored. A
     * partition never checkpointed gets a mark at the start of the last {@code windowMillis}: its
     * events in the rules' window go through the rules, older ones do not.
     */
    Map<Integer, PartitionMark> marks(Set<Integer> partitions, long windowMillis);

    /**
     * Records where this node's rules are for the partitions it owns, and how long the oldest event
     * waiting for them has waited (every second, off the rules thread).
     */
    void save(Set<Integer> partitions, PartitionMark mark, long behindMillis);

    /** How long ago the log took this event (0 where the log does not say). */
    default long waitedMillis(Event e) {
        return 0;
    }

    /** Why events should be refused now because some node's rules are too far behind; null when they need not be. */
    default String pressure() {
        return null;
    }

    /**
     * Joins the log's sharing out of partitions: {@code assignments} is told every new set this node
     * owns, from the log's own thread. Nothing to join on one node.
     */
    default void join(java.util.function.Consumer<Set<Integer>> assignments) {}

    /** Leaves the sharing out (a stop): the partitions go to the other nodes at once. */
    default void leave() {}

    /** The whole journal of one node: one partition, owned from the start, checkpointed in a file. */
    RulesShare WHOLE = new RulesShare() {
        @Override
        public int partitionOf(Event e) {
            return 0;
        }

        @Override
        public int partitionOf(Alarm a) {
            return 0;
        }

        @Override
        public boolean assigned() {
            return false;
        }

        @Override
        public Map<Integer, PartitionMark> marks(Set<Integer> partitions, long windowMillis) {
            return Map.of();
        }

        @Override
        public void save(Set<Integer> partitions, PartitionMark mark, long behindMillis) {}
    };
}
