package dev.vigil.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.engine.config.VigilConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aStoreThatCannotBeWrittenIsReportedAndUsedAgainOnceItCanWithoutARestart() throws Exception {
        try (Database db = new Database(new VigilConfig.Store(), dir)) {
            SinkCursorStore cursors = new SinkCursorStore(db);
            cursors.put("s", new SinkCursorStore.Cursor(1, 2));
            db.probe();
            assertThat(db.problem()).isNull();
            // What H2 does by itself on a full disk: the database closes under every connection. Its file
            // then cannot be opened again (here: moved away) until the disk is back.
            try (Connection c = db.connection();
                    Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            Path file = dir.resolve("vigil.mv.db");
            Path aside = dir.resolve("aside.mv.db");
            Files.move(file, aside);
            Files.createDirectory(file);
            db.probe();
            assertThat(db.problem()).isNotNull();
            assertThatThrownBy(() -> cursors.put("s", new SinkCursorStore.Cursor(3, 4)))
                    .isInstanceOf(StoreException.class);

            Files.delete(file);
            Files.move(aside, file);
            db.probe();
            assertThat(db.problem()).isNull();
            cursors.put("s", new SinkCursorStore.Cursor(3, 4));
            assertThat(cursors.get("s")).contains(new SinkCursorStore.Cursor(3, 4));
        }
    }
}
