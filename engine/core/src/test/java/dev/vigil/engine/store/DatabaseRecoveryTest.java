package dev.vigil.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.engine.config.VigilConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void anEmbeddedStoreThatClosedItselfIsReportedAndReopenedWithoutARestart() throws Exception {
        try (Database db = new Database(new VigilConfig.Store(), dir)) {
            SinkCursorStore cursors = new SinkCursorStore(db);
            cursors.put("s", new SinkCursorStore.Cursor(1, 2));
            // What H2 does by itself on a full disk: the database closes under every open connection.
            Connection held = db.connection();
            try (Connection c = db.connection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            assertThatThrownBy(() -> held.createStatement().executeQuery("SELECT 1")).isInstanceOf(Exception.class);
            db.probe();
            db.probe();
            assertThat(db.problem()).isNull();
            cursors.put("s", new SinkCursorStore.Cursor(3, 4));
            assertThat(cursors.get("s")).contains(new SinkCursorStore.Cursor(3, 4));
        }
    }
}
