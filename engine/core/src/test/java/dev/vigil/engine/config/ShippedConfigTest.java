package dev.vigil.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped conf/vigil.yaml is the documentation of every key: each is there, with its default. */
class ShippedConfigTest {
    @TempDir
    Path data;

    @Test
    void everyKeyIsShownWithItsDefault() throws Exception {
        Path conf = Path.of("../../conf");
        JsonNode tree =
                YamlFiles.newMapper().readTree(conf.resolve("vigil.yaml").toFile());
        VigilConfig shipped = ConfigLoader.load(new VigilPaths(Path.of("../.."), conf, data));
        VigilConfig defaults = new VigilConfig();
        List<String> missing = new ArrayList<>();
        List<String> different = new ArrayList<>();
        for (Field section : VigilConfig.class.getFields()) {
            if (List.class.isAssignableFrom(section.getType())) {
                continue;
            }
            for (Field key : section.getType().getFields()) {
                if (Modifier.isStatic(key.getModifiers())) {
                    continue;
                }
                String path = section.getName() + "." + key.getName();
                if (!tree.path(section.getName()).has(key.getName())) {
                    missing.add(path);
                } else if (!key.get(section.get(shipped)).equals(key.get(section.get(defaults)))) {
                    different.add(path);
                }
            }
        }
        for (Field key : VigilConfig.PluginInstance.class.getFields()) {
            if (!tree.path("sinks").path(0).has(key.getName())) {
                missing.add("sinks[0]." + key.getName());
            }
        }
        assertThat(missing).as("keys the shipped vigil.yaml does not show").isEmpty();
        assertThat(different)
                .as("keys shipped with another value than their default")
                .isEmpty();
    }
}
