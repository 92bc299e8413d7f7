package dev.vigil.engine.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Loads and validates {@code vigil.yaml}; a missing file means every default. */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    public static VigilConfig load(VigilPaths paths) {
        Path file = paths.vigilYaml();
        VigilConfig config = Files.exists(file) ? YamlFiles.read(file, VigilConfig.class) : new VigilConfig();
        config.validate(file);
        return config;
    }
}
