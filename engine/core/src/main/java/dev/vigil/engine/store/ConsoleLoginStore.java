package dev.vigil.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The console's logins ({@code console_login}): by the hash of their session id, never the id itself. */
public final class ConsoleLoginStore {
    private final Database db;

    public record StoredLogin(String idHash, String csrf, String user, long lastSeenMillis) {}

    public ConsoleLoginStore(Database db) {
        this.db = db;
    }

    /** The logins seen since {@code sinceMillis}, most recent first, at most {@code limit}. */
    public List<StoredLogin> recent(long sinceMillis, int limit) {
        List<StoredLogin> out = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id_hash, csrf, user_name, last_seen_ms FROM console_login WHERE last_seen_ms >= ?"
                                + " ORDER BY last_seen_ms DESC")) {
            ps.setLong(1, sinceMillis);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredLogin(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read the console logins: " + e.getMessage(), e);
        }
    }

    public void add(StoredLogin l) {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO console_login (id_hash, csrf, user_name, last_seen_ms) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, l.idHash());
            ps.setString(2, l.csrf());
            ps.setString(3, l.user());
            ps.setLong(4, l.lastSeenMillis());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot store a console login of " + l.user() + ": " + e.getMessage(), e);
        }
    }

    /** Moves the last-seen times of these logins (id hash → epoch millis) in one transaction. */
    public void touch(Map<String, Long> lastSeen) {
        if (lastSeen.isEmpty()) {
            return;
        }
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE console_login SET last_seen_ms = ? WHERE id_hash = ?")) {
                for (Map.Entry<String, Long> e : lastSeen.entrySet()) {
                    ps.setLong(1, e.getValue());
                    ps.setString(2, e.getKey());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot update the console logins: " + e.getMessage(), e);
        }
    }

    /** Removes these logins, and every login last seen before {@code olderThanMillis}. */
    public void remove(List<String> idHashes, long olderThanMillis) {
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM console_login WHERE id_hash = ?")) {
                for (String h : idHashes) {
                    ps.setString(1, h);
                    ps.addBatch();
                }
                if (!idHashes.isEmpty()) {
                    ps.executeBatch();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM console_login WHERE last_seen_ms < ?")) {
                ps.setLong(1, olderThanMillis);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot remove console logins: " + e.getMessage(), e);
        }
    }
}
