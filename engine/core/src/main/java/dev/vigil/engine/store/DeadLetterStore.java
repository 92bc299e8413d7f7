package dev.vigil.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Items a sink could not deliver after all its attempts, kept for an operator to inspect. */
public final class DeadLetterStore {
    private final Database db;

    /** One dead letter as stored. */
    public record DeadLetter(
            long id,
            String sink,
            String itemKind,
            String itemKey,
            String doc,
            String error,
            int attempts,
            long atMillis) {}

    public DeadLetterStore(Database db) {
        this.db = db;
    }

    public void add(
            String sink, String itemKind, String itemKey, String doc, String error, int attempts, long atMillis) {
        try (Connection c = db.connection();
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO dead_letter (sink, item_kind, item_key, doc, error,"
                                + " attempts, at_millis) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, sink);
            ps.setString(2, itemKind);
            ps.setString(3, itemKey);
            ps.setString(4, doc);
            ps.setString(5, error == null ? null : error.substring(0, Math.min(2000, error.length())));
            ps.setInt(6, attempts);
            ps.setLong(7, atMillis);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot record dead letter for sink " + sink + ": " + e.getMessage(), e);
        }
    }

    public Optional<DeadLetter> find(long id) {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("SELECT id, sink, item_kind, item_key, doc, error, attempts,"
                        + " at_millis FROM dead_letter WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read dead letter " + id + ": " + e.getMessage(), e);
        }
    }

    /** Removes a dead letter (retried or discarded); false when there was none with that id. */
    public boolean delete(long id) {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM dead_letter WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("cannot delete dead letter " + id + ": " + e.getMessage(), e);
        }
    }

    /** How many dead letters each sink has. */
    public Map<String, Long> countBySink() {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = db.connection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT sink, COUNT(*) FROM dead_letter GROUP BY sink ORDER BY sink");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count dead letters: " + e.getMessage(), e);
        }
        return out;
    }

    private static DeadLetter row(ResultSet rs) throws SQLException {
        return new DeadLetter(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getInt(7),
                rs.getLong(8));
    }

    public List<DeadLetter> recent(int limit) {
        List<DeadLetter> out = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("SELECT id, sink, item_kind, item_key, doc, error, attempts,"
                        + " at_millis FROM dead_letter ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read dead letters: " + e.getMessage(), e);
        }
    }
}
