package dev.vigil.plugins.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.Event;
import dev.vigil.api.PluginContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlFileSinkTest {
    @TempDir
    Path dir;

    private PluginContext context(Map<String, Object> settings) {
        return new PluginContext() {
            @Override
            public String instanceName() {
                return "file";
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
                throw new UnsupportedOperationException("a sink does not publish");
            }
        };
    }

    private static Event event(long sequence) {
        return Event.builder()
                .sequence(sequence)
                .type("CameraMotion")
                .source(new UUID(1, 1))
                .timestamp(Instant.parse("2026-11-30T12:00:00Z"))
                .build();
    }

    @Test
    void theFileRotatesAtItsSizeAndKeepsOnlyTheNewestFiles() throws Exception {
        JsonlFileSink sink = new JsonlFileSink();
        sink.start(context(Map.of("path", "out.jsonl", "maxBytes", "2KB", "keep", 2)));
        for (long i = 1; i <= 100; i++) {
            sink.onEvent(event(i));
        }
        sink.stop();
        Path out = dir.resolve("out.jsonl");
        assertThat(out).exists();
        assertThat(dir.resolve("out.jsonl.1")).exists();
        assertThat(dir.resolve("out.jsonl.2")).exists();
        assertThat(dir.resolve("out.jsonl.3")).doesNotExist();
        List<Long> sequences = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Path p : List.of(dir.resolve("out.jsonl.2"), dir.resolve("out.jsonl.1"), out)) {
            assertThat(Files.size(p)).isLessThanOrEqualTo(2048);
            for (String line : Files.readAllLines(p)) {
                sequences.add(json.readTree(line).get("sequence").asLong());
            }
        }
        // The newest lines, in order, ending with the last one: what rotated away is the oldest.
        assertThat(sequences).isSorted().endsWith(100L);
        assertThat(sequences.get(0)).isGreaterThan(1L);
        assertThat(sequences).hasSize((int) (101 - sequences.get(0)));
    }

    @Test
    void aRestartAppendsToTheFileAndCountsWhatItHolds() throws Exception {
        JsonlFileSink sink = new JsonlFileSink();
        sink.start(context(Map.of("path", "out.jsonl", "maxBytes", 1500)));
        for (long i = 1; i <= 5; i++) {
            sink.onEvent(event(i));
        }
        sink.stop();
        JsonlFileSink again = new JsonlFileSink();
        again.start(context(Map.of("path", "out.jsonl", "maxBytes", 1500)));
        for (long i = 6; i <= 12; i++) {
            again.onEvent(event(i));
        }
        again.stop();
        assertThat(Files.size(dir.resolve("out.jsonl"))).isLessThanOrEqualTo(1500);
        assertThat(dir.resolve("out.jsonl.1")).exists();
    }

    @Test
    void sizesReadAsBytesOrWithAUnitAndBadOnesAreRefused() {
        assertThat(JsonlFileSink.bytes(0)).isZero();
        assertThat(JsonlFileSink.bytes(4096)).isEqualTo(4096);
        assertThat(JsonlFileSink.bytes("100MB")).isEqualTo(100L << 20);
        assertThat(JsonlFileSink.bytes("1 gb")).isEqualTo(1L << 30);
        assertThatThrownBy(() -> JsonlFileSink.bytes("lots")).hasMessageContaining("settings.maxBytes");
        assertThatThrownBy(() -> JsonlFileSink.bytes(-1)).hasMessageContaining("settings.maxBytes");
        assertThatThrownBy(() -> new JsonlFileSink().start(context(Map.of("keep", 0))))
                .hasMessageContaining("settings.keep");
    }
}
