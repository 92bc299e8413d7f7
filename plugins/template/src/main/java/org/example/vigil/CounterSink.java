package org.example.vigil;

import dev.vigil.api.EventSink;
import dev.vigil.api.PluginContext;
import dev.vigil.api.SinkItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sink type {@code counter}: keeps a count of events per type and alarm changes per alarm name, and
 * rewrites {@code settings.file} (default {@code counts.txt} in the instance's data folder) after
 * each batch. Small on purpose: it shows the parts every sink has (a type, settings checked in
 * start with a message naming the key, a batch call, an exception for "not delivered").
 */
@Extension
public class CounterSink implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(CounterSink.class);

    private final Map<String, Long> counts = new TreeMap<>();
    private Path file;

    @Override
    public String type() {
        return "counter";
    }

    @Override
    public void start(PluginContext context) throws IOException {
        Object name = context.settings().getOrDefault("file", "counts.txt");
        if (!(name instanceof String s) || s.isBlank()) {
            // Thrown from start: Vigil disables this instance only, and shows the message.
            throw new IllegalArgumentException("settings.file must be a file name, not '" + name + "'");
        }
        file = context.dataDirectory().resolve(s);
        LOG.info("Counter '{}' writes {}", context.instanceName(), file);
    }

    /** Vigil calls this on the instance's own thread; throwing means none of the batch was delivered. */
    @Override
    public void onBatch(List<SinkItem> items) throws IOException {
        for (SinkItem item : items) {
            String key = item.isEvent()
                    ? "event " + item.event().getType()
                    : "alarm " + item.change().alarm().alarmName();
            counts.merge(key, 1L, Long::sum);
        }
        StringBuilder out = new StringBuilder();
        counts.forEach((k, n) -> out.append(k).append('\t').append(n).append('\n'));
        // Written aside and moved over, so a reader never sees half a file.
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, out, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
