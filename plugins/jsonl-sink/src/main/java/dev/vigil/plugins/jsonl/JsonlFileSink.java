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
 * data folder), {@code fsync} (default false: force each line to disk before acknowledging),
 * {@code maxBytes} (default 100 MB, as a number of bytes or with KB/MB/GB; 0 never rotates) and
 * {@code keep} (default 5): a line that would take the file past {@code maxBytes} goes to a new
 * file, the old one becoming {@code path.1} (and {@code .1} {@code .2}, ...), and the oldest beyond
 * {@code keep} is deleted, so the sink never fills the disk.
 * Each line carries {@code key}, the idempotency key, so a reader can drop the duplicates that
 * at-least-once delivery allows.
 */
@Extension
public class JsonlFileSink implements EventSink {
    private static final long DEFAULT_MAX_BYTES = 100L << 20;
    private FileChannel file;
    private boolean fsync;
    private Path path;
    private long maxBytes;
    private int keep;
    private long size;

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
        maxBytes = bytes(context.settings().getOrDefault("maxBytes", DEFAULT_MAX_BYTES));
        Object k = context.settings().getOrDefault("keep", 5);
        if (!(k instanceof Integer) || (Integer) k < 1 || (Integer) k > 1000) {
            throw new IllegalArgumentException("settings.keep must be a number of files from 1 to 1000");
        }
        keep = (Integer) k;
        open();
    }

    private void open() throws IOException {
        file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = file.size();
    }

    /** A size in bytes: a number, or text such as "100MB"; 0 means no limit. */
    static long bytes(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            long n = ((Number) value).longValue();
            if (n >= 0) {
                return n;
            }
        } else if (value instanceof String text) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\s*(\\d+)\\s*(|B|KB|MB|GB)\\s*")
                    .matcher(text);
            if (m.matches()) {
                long unit = switch (m.group(2).toUpperCase(java.util.Locale.ROOT)) {
                    case "KB" -> 1L << 10;
                    case "MB" -> 1L << 20;
                    case "GB" -> 1L << 30;
                    default -> 1;
                };
                return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
            }
        }
        throw new IllegalArgumentException(
                "settings.maxBytes must be a size such as 104857600 or \"100MB\" (0: no limit)");
    }

    /** The current file becomes path.1, path.1 becomes path.2, ...; the one past {@code keep} goes. */
    private void rotate() throws IOException {
        file.close();
        Files.deleteIfExists(rotated(keep));
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(rotated(i))) {
                Files.move(rotated(i), rotated(i + 1), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(path, rotated(1), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private Path rotated(int n) {
        return path.resolveSibling(path.getFileName() + "." + n);
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
        if (maxBytes > 0 && size > 0 && size + buf.remaining() > maxBytes) {
            rotate();
        }
        size += buf.remaining();
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
