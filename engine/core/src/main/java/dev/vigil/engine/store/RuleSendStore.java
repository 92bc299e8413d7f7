package dev.vigil.engine.store;

import dev.vigil.api.Event;
import dev.vigil.engine.journal.EventCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** Events rules handed to sinks, kept until delivered or dead-lettered (table {@code rule_send}). */
public final class RuleSendStore {
    /** One kept send. */
    public record Send(long id, String sink, Event event) {}

    private final Database db;

    public RuleSendStore(Database db) {
        this.db = db;
    }

    /** Keeps a send; returns its id. */
    public long add(String sink, Event event, long atMillis) {
        EventCodec.Writer w = new EventCodec.Writer();
        EventCodec.encode(event, w);
        String encoded = Base64.getEncoder().encodeToString(Arrays.copyOf(w.array(), w.length()));
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO rule_send (sink, event, at_millis) VALUES (?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, sink);
            ps.setString(2, encoded);
            ps.setLong(3, atMillis);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot keep the rule send to " + sink + ": " + e.getMessage(), e);
        }
    }

    public void delete(long id) {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM rule_send WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot forget rule send " + id + ": " + e.getMessage(), e);
        }
    }

    /** What is still to be delivered to a sink, oldest first. */
    public List<Send> pending(String sink) {
        List<Send> out = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT id, event FROM rule_send WHERE sink = ? ORDER BY id")) {
            ps.setString(1, sink);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] bytes = Base64.getDecoder().decode(rs.getString(2));
                    out.add(new Send(rs.getLong(1), sink, EventCodec.decode(bytes, 0, bytes.length)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the rule sends of " + sink + ": " + e.getMessage(), e);
        }
        return out;
    }
}
