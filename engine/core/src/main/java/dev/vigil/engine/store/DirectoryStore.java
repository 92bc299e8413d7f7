package dev.vigil.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Web SDK's entity requests change on the site: alarm recipient lists (once edited, the
 * stored list replaces the one in entities.yaml) and custom event definitions.
 */
public final class DirectoryStore {
    private final Database db;

    /** One custom event definition as stored. */
    public record CustomEventRow(int id, String name, String entityType, String owner) {}

    public DirectoryStore(Database db) {
        this.db = db;
    }

    /** Alarm GUID → the stored recipient list document. */
    public Map<String, String> recipientLists() {
        Map<String, String> lists = new LinkedHashMap<>();
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("SELECT alarm_guid, doc FROM recipient_list");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                lists.put(rs.getString(1), rs.getString(2));
            }
            return lists;
        } catch (SQLException e) {
            throw new StoreException("cannot read the recipient lists: " + e.getMessage(), e);
        }
    }

    public void putRecipientList(String alarmGuid, String doc) {
        try (Connection c = db.connection();
                PreparedStatement update =
                        c.prepareStatement("UPDATE recipient_list SET doc = ? WHERE alarm_guid = ?")) {
            update.setString(1, doc);
            update.setString(2, alarmGuid);
            if (update.executeUpdate() == 0) {
                try (PreparedStatement insert =
                        c.prepareStatement("INSERT INTO recipient_list (alarm_guid, doc) VALUES (?, ?)")) {
                    insert.setString(1, alarmGuid);
                    insert.setString(2, doc);
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot save the recipients of alarm " + alarmGuid + ": " + e.getMessage(), e);
        }
    }

    public List<CustomEventRow> customEvents() {
        List<CustomEventRow> rows = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT id, name, entity_type, owner FROM custom_event ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new CustomEventRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
            return rows;
        } catch (SQLException e) {
            throw new StoreException("cannot read the custom events: " + e.getMessage(), e);
        }
    }

    public void insertCustomEvent(CustomEventRow row) {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO custom_event (id, name, entity_type, owner) VALUES (?, ?, ?, ?)")) {
            ps.setInt(1, row.id());
            ps.setString(2, row.name());
            ps.setString(3, row.entityType());
            ps.setString(4, row.owner());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot save custom event " + row.id() + ": " + e.getMessage(), e);
        }
    }

    public void deleteCustomEvent(int id) {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM custom_event WHERE id = ?")) {
            ps.setInt(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot delete custom event " + id + ": " + e.getMessage(), e);
        }
    }
}
