package dev.vigil.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a cluster's rules stand per partition of the events topic ({@code rules_partition_checkpoint}):
 * written by the node that owns the partition, read by the node that takes it over.
 */
public final class RulesCheckpointStore {
    private final Database db;

    /** How far the rules were through one partition: see the rules' checkpoint for the three numbers. */
    public record PartitionMark(long sequence, long clockMillis, long carryFrom) {}

    public RulesCheckpointStore(Database db) {
        this.db = db;
    }

    /** The marks of these partitions; a partition never checkpointed is absent. */
    public Map<Integer, PartitionMark> read(String topic, Collection<Integer> partitions) {
        Map<Integer, PartitionMark> out = new HashMap<>();
        if (partitions.isEmpty()) {
            return out;
        }
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("SELECT log_partition, sequence, clock_ms, carry_from"
                        + " FROM rules_partition_checkpoint WHERE topic = ?")) {
            ps.setString(1, topic);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int p = rs.getInt(1);
                    if (partitions.contains(p)) {
                        out.put(p, new PartitionMark(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read the rules' partition checkpoints: " + e.getMessage(), e);
        }
    }

    /**
     * How far behind the rules of each partition were when last written ({@code behind_ms}), for the
     * partitions written since {@code sinceMillis} (a dead node's rows go stale and are left out).
     */
    public Map<Integer, Long> behind(String topic, long sinceMillis) {
        Map<Integer, Long> out = new HashMap<>();
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("SELECT log_partition, behind_ms FROM"
                        + " rules_partition_checkpoint WHERE topic = ? AND updated_ms >= ?")) {
            ps.setString(1, topic);
            ps.setLong(2, sinceMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), rs.getLong(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read how far behind the rules are: " + e.getMessage(), e);
        }
    }

    /** Sets the same mark for every partition given (the node's rules went through them together), in one batch. */
    public void write(
            String topic,
            Collection<Integer> partitions,
            PartitionMark mark,
            long behindMillis,
            String node,
            long nowMillis) {
        if (partitions.isEmpty()) {
            return;
        }
        // One upsert (PostgreSQL: a cluster's store), so a node taking a partition for the first time
        // never races another's insert into a primary-key error.
        try (Connection c = db.connection();
                PreparedStatement upsert = c.prepareStatement("INSERT INTO rules_partition_checkpoint (topic,"
                        + " log_partition, sequence, clock_ms, carry_from, node, updated_ms, behind_ms)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (topic, log_partition) DO UPDATE SET"
                        + " sequence = EXCLUDED.sequence, clock_ms = EXCLUDED.clock_ms,"
                        + " carry_from = EXCLUDED.carry_from, node = EXCLUDED.node, updated_ms = EXCLUDED.updated_ms,"
                        + " behind_ms = EXCLUDED.behind_ms")) {
            for (int p : partitions) {
                upsert.setString(1, topic);
                upsert.setInt(2, p);
                upsert.setLong(3, mark.sequence());
                upsert.setLong(4, mark.clockMillis());
                upsert.setLong(5, mark.carryFrom());
                upsert.setString(6, node);
                upsert.setLong(7, nowMillis);
                upsert.setLong(8, behindMillis);
                upsert.addBatch();
            }
            upsert.executeBatch();
        } catch (SQLException e) {
            throw new StoreException("cannot write the rules' partition checkpoints: " + e.getMessage(), e);
        }
    }
}
