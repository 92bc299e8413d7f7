package dev.vigil.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The user entities made for logins that entities.yaml does not list ({@code login_user}). */
public final class LoginUserStore {
    private final Database db;

    public record LoginUser(String name, UUID guid, int logicalId) {}

    public LoginUserStore(Database db) {
        this.db = db;
    }

    public List<LoginUser> all() {
        List<LoginUser> out = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT name, guid, logical_id FROM login_user ORDER BY name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new LoginUser(rs.getString(1), UUID.fromString(rs.getString(2)), rs.getInt(3)));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read the login users: " + e.getMessage(), e);
        }
    }

    public void add(LoginUser u) {
        try (Connection c = db.connection();
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO login_user (name, guid, logical_id) VALUES (?, ?, ?)")) {
            ps.setString(1, u.name());
            ps.setString(2, u.guid().toString());
            ps.setInt(3, u.logicalId());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot store the login user " + u.name() + ": " + e.getMessage(), e);
        }
    }
}
