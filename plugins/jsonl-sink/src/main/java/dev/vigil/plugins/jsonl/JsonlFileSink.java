package dev.vigil.plugins.jsonl;

import dev.vigil.api.AlarmChange;
import dev.vigil.api.AlarmSnapshot;
import dev.vigil.api.Event;
import dev.vigil.api.EventSink;
import dev.vigil.api.PluginContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.stream.Collectors;
import org.pf4j.Extension;

/**
 * Sink type {@code jsonl-file}: appends one JSON object per line for every event and alarm change
 * it receives. Settings: {@code path} (default {@code vigil.jsonl}, relative to the instance's
 * data folder) and {@code fsync} (default false: force each line to disk before acknowledging).
 * Each line carries {@code key}, the idempotency key, so a reader can drop the duplicates that
 * at-least-once delivery allows.
 */
@Extension
public class JsonlFileSink implements EventSink {
    private FileChannel file;
    private boolean fsync;
    private Path path;

    @Override
    public String type() {
        return "jsonl-file";
    }

    @Override
    public void start(PluginContext context) throws IOException {
        Object p = context.settings().getOrDefault("path", "vigil.jsonl");
        Object f = context.settings().getOrDefault("fsync", Boolean.FALSE);
        if (!(p instanceof String) || ((String) p).isBlank()) {
            throw new IllegalArgumentException("settings.path must be a file name or path");
        }
        if (!(f instanceof Boolean)) {
            throw new IllegalArgumentException("settings.fsync must be true or false");
        }
        Path configured = Path.of((String) p);
        path = configured.isAbsolute() ? configured : context.dataDirectory().resolve(configured);
        Files.createDirectories(path.toAbsolutePath().getParent());
        fsync = (Boolean) f;
        file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public void onEvent(Event e) throws IOException {
        String props = e.getProperties().entrySet().stream()
                .map(en -> new Json()
                        .field("k", en.getKey())
                        .field("v", en.getValue())
                        .end())
                .collect(Collectors.joining(",", "[", "]"));
        append(new Json()
                .field("kind", "event")
                .field("key", "event-" + e.getSequence())
                .field("sequence", e.getSequence())
                .field("type", e.getType())
                .field("source", e.getSource().toString())
                .field("sourceType", e.getSourceType())
                .field("timestamp", e.getTimestamp().toString())
                .field("origin", e.getOrigin())
                .raw("properties", props)
                .field("payload", e.getPayload())
                .end());
    }

    @Override
    public void onAlarmChange(AlarmChange c) throws IOException {
        AlarmSnapshot a = c.alarm();
        append(new Json()
                .field("kind", "alarm")
                .field("key", "alarm-change-" + c.changeId())
                .field("change", c.kind().name())
                .field("at", c.at().toString())
                .field("instanceId", a.instanceId())
                .field("alarm", a.alarm().toString())
                .field("alarmName", a.alarmName())
                .field("state", a.state().name())
                .field("priority", a.priority())
                .field("source", a.source().toString())
                .field("context", a.context())
                .raw(
                        "attachedEntities",
                        a.attachedEntities().stream()
                                .map(UUID::toString)
                                .map(s -> "\"" + s + "\"")
                                .collect(Collectors.joining(",", "[", "]")))
                .field("triggerCount", a.triggerCount())
                .field("rule", a.rule())
                .end());
    }

    private void append(String line) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            file.write(buf);
        }
        if (fsync) {
            file.force(false);
        }
    }

    @Override
    public void stop() throws IOException {
        if (file != null) {
            file.close();
        }
    }

    Path path() {
        return path;
    }
}
