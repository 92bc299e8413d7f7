package dev.vigil.engine.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads and validates {@code vigil.yaml} (a missing file means every default), then every
 * {@code vigil.d/*.yaml} beside it in name order, each over what came before: a site (or a test, or a
 * package's defaults) changes a few keys without editing the shipped file.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    public static VigilConfig load(VigilPaths paths) {
        Path file = paths.vigilYaml();
        VigilConfig config = Files.exists(file) ? YamlFiles.read(file, VigilConfig.class) : new VigilConfig();
        for (Path overlay : overlays(paths.conf().resolve("vigil.d"))) {
            config = YamlFiles.readOver(overlay, config);
        }
        config.validate(file);
        return config;
    }

    private static List<Path> overlays(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ConfigException(dir + ": cannot list: " + e.getMessage(), e);
        }
    }
}
