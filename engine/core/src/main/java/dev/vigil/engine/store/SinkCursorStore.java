package dev.vigil.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/** How far each sink has got through the alarm changes, so a restart resumes where it stopped. */
public final class SinkCursorStore {
    private final Database db;

    public SinkCursorStore(Database db) {
        this.db = db;
    }

    public OptionalLong get(String sink) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT last_change_id FROM sink_cursor WHERE sink = ?")) {
            ps.setString(1, sink);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the cursor of sink " + sink + ": " + e.getMessage(), e);
        }
    }

    public void put(String sink, long lastChangeId) {
        try (Connection c = db.connection();
             PreparedStatement update = c.prepareStatement("UPDATE sink_cursor SET last_change_id = ? WHERE sink = ?")) {
            update.setLong(1, lastChangeId);
            update.setString(2, sink);
            if (update.executeUpdate() == 0) {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO sink_cursor (sink, last_change_id) VALUES (?, ?)")) {
                    insert.setString(1, sink);
                    insert.setLong(2, lastChangeId);
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot save the cursor of sink " + sink + ": " + e.getMessage(), e);
        }
    }
}
