package dev.vigil.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** How far each sink has got through the alarm changes and the journal, so it resumes from there. */
public final class SinkCursorStore {
    private final Database db;

    /** The last alarm change id and the last journal sequence a sink has handled. */
    public record Cursor(long changeId, long eventSequence) {}

    public SinkCursorStore(Database db) {
        this.db = db;
    }

    public Optional<Cursor> get(String sink) {
        try (Connection c = db.connection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT last_change_id, last_event_seq FROM sink_cursor WHERE sink = ?")) {
            ps.setString(1, sink);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Cursor(rs.getLong(1), rs.getLong(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the cursor of sink " + sink + ": " + e.getMessage(), e);
        }
    }

    /** The highest journal sequence any sink has handled: that sequence was handed out. */
    public long maxEventSequence() {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(last_event_seq), 0) FROM sink_cursor");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot read sink cursors: " + e.getMessage(), e);
        }
    }

    public void put(String sink, Cursor cursor) {
        try (Connection c = db.connection();
                PreparedStatement update = c.prepareStatement(
                        "UPDATE sink_cursor SET last_change_id = ?, last_event_seq = ? WHERE sink = ?")) {
            update.setLong(1, cursor.changeId());
            update.setLong(2, cursor.eventSequence());
            update.setString(3, sink);
            if (update.executeUpdate() == 0) {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO sink_cursor (sink, last_change_id, last_event_seq) VALUES (?, ?, ?)")) {
                    insert.setString(1, sink);
                    insert.setLong(2, cursor.changeId());
                    insert.setLong(3, cursor.eventSequence());
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot save the cursor of sink " + sink + ": " + e.getMessage(), e);
        }
    }
}
