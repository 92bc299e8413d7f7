package db.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The alarm history is searched by source and trigger time: both become columns of
 * {@code alarm_instance}, filled for the instances already stored from their JSON document (in Java,
 * because H2 and PostgreSQL read JSON differently), and the change log gets an index by instance.
 * Repeats of an alarm folded into one change row keep their events' sequences in
 * {@code folded_causes}, so a replay after a crash knows every trigger already stored.
 */
public class V5__alarm_history_columns extends BaseJavaMigration {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE alarm_instance ADD COLUMN IF NOT EXISTS source_guid VARCHAR(36)");
            s.execute("ALTER TABLE alarm_instance ADD COLUMN IF NOT EXISTS trigger_millis BIGINT DEFAULT 0 NOT NULL");
            s.execute("CREATE INDEX IF NOT EXISTS alarm_instance_trigger ON alarm_instance (trigger_millis)");
            s.execute("CREATE INDEX IF NOT EXISTS alarm_change_instance ON alarm_change (instance_id)");
            s.execute("ALTER TABLE alarm_change ADD COLUMN IF NOT EXISTS folded_causes VARCHAR");
        }
        try (PreparedStatement read = c.prepareStatement("SELECT instance_id, doc FROM alarm_instance");
                PreparedStatement write = c.prepareStatement(
                        "UPDATE alarm_instance SET source_guid = ?, trigger_millis = ? WHERE instance_id = ?");
                ResultSet rs = read.executeQuery()) {
            int pending = 0;
            while (rs.next()) {
                JsonNode doc = JSON.readTree(rs.getString(2));
                JsonNode source = doc.get("sourceGuid");
                JsonNode trigger = doc.get("triggerTime");
                write.setString(1, source == null || source.isNull() ? null : source.asText());
                write.setLong(2, trigger == null || trigger.isNull() ? 0 : millis(trigger));
                write.setLong(3, rs.getLong(1));
                write.addBatch();
                if (++pending == 500) {
                    write.executeBatch();
                    pending = 0;
                }
            }
            write.executeBatch();
        }
    }

    /** Jackson writes an Instant as seconds with a fraction, or as ISO text when so configured. */
    private static long millis(JsonNode t) {
        if (t.isNumber()) {
            return t.decimalValue().movePointRight(3).longValue();
        }
        return Instant.parse(t.asText()).toEpochMilli();
    }
}
