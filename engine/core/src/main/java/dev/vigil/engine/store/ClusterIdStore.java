package dev.vigil.engine.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Alarm ids a cluster's nodes share, from PostgreSQL sequences: each instance id from the sequence
 * (unique and increasing over the cluster), change ids in blocks (unique; increasing per node).
 * The sequences are made at the first start of a cluster, above every id already stored, and moved
 * above them again if a single node wrote to the same database since.
 */
public final class ClusterIdStore {
    public static final int CHANGE_BLOCK = 1000;
    private static final String INSTANCES = "vigil_alarm_instance_seq";
    private static final String CHANGES = "vigil_alarm_change_seq";
    private final Database db;

    public ClusterIdStore(Database db) {
        this.db = db;
        try (Connection c = db.connection();
                Statement s = c.createStatement()) {
            s.execute("CREATE SEQUENCE IF NOT EXISTS " + INSTANCES + " INCREMENT BY 1 MINVALUE 1");
            s.execute("CREATE SEQUENCE IF NOT EXISTS " + CHANGES + " INCREMENT BY " + CHANGE_BLOCK + " MINVALUE 1");
            raise(s, INSTANCES, "SELECT COALESCE(MAX(instance_id), 0) FROM alarm_instance");
            raise(s, CHANGES, "SELECT COALESCE(MAX(change_id), 0) FROM alarm_change");
        } catch (SQLException e) {
            throw new StoreException(
                    "cannot set up the cluster's alarm id sequences (journal.type kafka needs store.url on"
                            + " PostgreSQL): " + e.getMessage(),
                    e);
        }
    }

    private static void raise(Statement s, String sequence, String highestSql) throws SQLException {
        long highest;
        try (ResultSet rs = s.executeQuery(highestSql)) {
            rs.next();
            highest = rs.getLong(1);
        }
        long last;
        boolean called;
        try (ResultSet rs = s.executeQuery("SELECT last_value, is_called FROM " + sequence)) {
            rs.next();
            last = rs.getLong(1);
            called = rs.getBoolean(2);
        }
        if (highest > 0 && (!called || last < highest)) {
            s.executeQuery("SELECT setval('" + sequence + "', GREATEST(" + highest + ", (SELECT last_value FROM "
                            + sequence + ")))")
                    .close();
        }
    }

    public long nextInstanceId() {
        return next(INSTANCES);
    }

    /** The first id of a block of {@link #CHANGE_BLOCK} change ids that no other node gets. */
    public long nextChangeBlock() {
        return next(CHANGES);
    }

    private long next(String sequence) {
        try (Connection c = db.connection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT nextval('" + sequence + "')")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot take an id from " + sequence + ": " + e.getMessage(), e);
        }
    }
}
