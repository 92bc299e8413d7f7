package org.example.vigil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.api.Event;
import dev.vigil.api.PluginContext;
import dev.vigil.api.SinkItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CounterSinkTest {
    @TempDir
    Path dir;

    /** The little of PluginContext a sink uses; Vigil passes the real one. */
    private PluginContext context(Map<String, Object> settings) {
        return new PluginContext() {
            @Override
            public String instanceName() {
                return "counts";
            }

            @Override
            public Map<String, Object> settings() {
                return settings;
            }

            @Override
            public Path dataDirectory() {
                return dir;
            }

            @Override
            public long publish(Event event) {
                throw new IllegalStateException("a sink does not publish");
            }
        };
    }

    private static SinkItem event(String type) {
        return SinkItem.of(Event.builder()
                .sequence(1)
                .type(type)
                .source(new UUID(1, 1))
                .timestamp(Instant.now())
                .build());
    }

    @Test
    void countsEveryItemOfEveryBatch() throws Exception {
        CounterSink sink = new CounterSink();
        sink.start(context(Map.of()));
        sink.onBatch(List.of(event("CameraMotion"), event("CameraMotion"), event("DoorForcedOpen")));
        sink.onBatch(List.of(event("CameraMotion")));
        assertThat(Files.readString(dir.resolve("counts.txt")))
                .isEqualTo("event CameraMotion\t3\nevent DoorForcedOpen\t1\n");
    }

    @Test
    void aBadSettingIsRefusedAtStartNamingTheKey() {
        assertThatThrownBy(() -> new CounterSink().start(context(Map.of("file", 42))))
                .hasMessage("settings.file must be a file name, not '42'");
    }
}
