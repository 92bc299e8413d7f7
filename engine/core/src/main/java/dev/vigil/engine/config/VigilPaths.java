package dev.vigil.engine.config;

import java.nio.file.Path;

/**
 * The folders Vigil works in. {@code home} holds bin/, lib/, and by default rules/ and plugins/;
 * {@code conf} holds vigil.yaml, entities.yaml, users.yaml and logback.xml; {@code data} holds the
 * journal, the H2 store and the initial admin password.
 */
public record VigilPaths(Path home, Path conf, Path data) {

    public Path vigilYaml() {
        return conf.resolve("vigil.yaml");
    }

    public Path entitiesYaml() {
        return conf.resolve("entities.yaml");
    }

    public Path usersYaml() {
        return conf.resolve("users.yaml");
    }

    /** Resolves a configured folder: absolute as is, relative against home. */
    public Path underHome(String configured) {
        Path p = Path.of(configured);
        return p.isAbsolute() ? p : home.resolve(p).normalize();
    }
}
