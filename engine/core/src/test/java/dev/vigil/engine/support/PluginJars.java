package dev.vigil.engine.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real PF4J plugin JARs in a test: compiles the given sources against the test classpath
 * (which holds the Vigil API and PF4J, as a plugin's provided scope would), lets PF4J's annotation
 * processor write {@code META-INF/extensions.idx}, and packs them with the plugin manifest.
 */
public final class PluginJars {
    private PluginJars() {}

    public static Path build(Path workDir, String pluginId, Map<String, String> sources, Path jar) {
        try {
            Path src = Files.createDirectories(workDir.resolve(pluginId + "-src"));
            Path classes = Files.createDirectories(workDir.resolve(pluginId + "-classes"));
            List<String> args = new ArrayList<>(List.of(
                    "-d",
                    classes.toString(),
                    "-classpath",
                    System.getProperty("java.class.path"),
                    "--release",
                    "17",
                    "-proc:full"));
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                args.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            int rc = javac.run(null, null, null, args.toArray(String[]::new));
            if (rc != 0) {
                throw new IllegalStateException("plugin sources for " + pluginId + " do not compile");
            }
            Manifest mf = new Manifest();
            Attributes a = mf.getMainAttributes();
            a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            a.putValue("Plugin-Id", pluginId);
            a.putValue("Plugin-Version", "1.0.0");
            a.putValue("Plugin-Provider", "test");
            Path tmp = jar.resolveSibling(jar.getFileName() + ".part");
            try (OutputStream out = Files.newOutputStream(tmp);
                    JarOutputStream j = new JarOutputStream(out, mf);
                    Stream<Path> files = Files.walk(classes)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    j.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                    j.write(Files.readAllBytes(p));
                    j.closeEntry();
                }
            }
            // Appear in one step, as a file copied into plugins/ by a careful operator would.
            return Files.move(tmp, jar, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
