package dev.vigil.engine.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.engine.fs.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a YAML file into a typed class, strictly: an unknown key or a value of the wrong kind
 * becomes a {@link ConfigException} naming the file, the key path, the line, and what is valid.
 */
public final class YamlFiles {
    private static final ObjectMapper MAPPER = newMapper();
    private static final ObjectMapper OVERLAY = overlayMapper();

    private YamlFiles() {}

    public static ObjectMapper newMapper() {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        SimpleModule durations = new SimpleModule("vigil-durations");
        durations.addDeserializer(Duration.class, new DurationDeserializer());
        // Written as ISO-8601 (PT2M): only trees compared by value are made of them.
        durations.addSerializer(Duration.class, com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance);
        mapper.registerModule(durations);
        return mapper;
    }

    private static ObjectMapper overlayMapper() {
        ObjectMapper mapper = newMapper();
        mapper.setDefaultMergeable(true);
        mapper.configOverride(List.class).setMergeable(false);
        mapper.configOverride(Map.class).setMergeable(false);
        return mapper;
    }

    public static <T> T read(Path file, Class<T> type) {
        return parse(file, () -> MAPPER.readValue(file.toFile(), type));
    }

    /**
     * Reads {@code file} over {@code base}: the keys it names replace the base's, objects merge key by
     * key, and a list replaces the base's list whole (an overlay that names {@code sinks} names them all).
     */
    public static <T> T readOver(Path file, T base) {
        return parse(file, () -> OVERLAY.readerForUpdating(base).readValue(file.toFile()));
    }

    private interface Parse<T> {
        T run() throws IOException;
    }

    private static <T> T parse(Path file, Parse<T> parse) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": file not found");
        }
        try {
            T value = parse.run();
            if (value == null) {
                throw new ConfigException(file + ": file is empty");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(describeUnknownKey(file, e));
        } catch (JsonMappingException e) {
            throw new ConfigException(file + ": " + keyPath(e) + location(e.getLocation()) + ": "
                    + e.getOriginalMessage().split("\n")[0]);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + location(e.getLocation()) + ": not valid YAML: "
                    + e.getOriginalMessage().split("\n")[0]);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.write(file, out -> writeTo(out, value));
    }

    /** A configuration object as a tree, to compare two of them by value (a reload's "what changed"). */
    public static com.fasterxml.jackson.databind.JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static void writeTo(java.io.OutputStream out, Object value) throws IOException {
        MAPPER.writeValue(out, value);
    }

    private static String describeUnknownKey(Path file, UnrecognizedPropertyException e) {
        String key = e.getPropertyName();
        Collection<Object> known = e.getKnownPropertyIds();
        String valid = known == null
                ? ""
                : known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
        String nearest = known == null
                ? null
                : known.stream()
                        .map(String::valueOf)
                        .min(Comparator.comparingInt(k -> editDistance(k, key)))
                        .orElse(null);
        StringBuilder msg = new StringBuilder(file.toString())
                .append(": unknown key '")
                .append(keyPath(e))
                .append("'")
                .append(location(e.getLocation()));
        if (nearest != null && editDistance(nearest, key) <= Math.max(2, key.length() / 3)) {
            msg.append("; did you mean '").append(nearest).append("'?");
        }
        if (!valid.isEmpty()) {
            msg.append(" Valid keys here: ").append(valid);
        }
        return msg.toString();
    }

    private static String keyPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "(top level)" : path.toString();
    }

    private static String location(JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 0) {
            return "";
        }
        return " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    /** Levenshtein distance, ignoring case: how far a mistyped name is from a known one ("did you mean"). */
    public static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
