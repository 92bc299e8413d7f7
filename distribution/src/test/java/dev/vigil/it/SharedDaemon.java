package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One daemon for a whole test class (which must be {@code @TestInstance(PER_CLASS)}): started from the
 * unpacked distribution in a folder of its own before the first test, put into the class's
 * {@link VigilProcess} field, and stopped after the last, checking that it survived them all. A class
 * that needs to change the site first implements {@link Setup}. The class's own {@code @AfterAll}
 * methods run before the stop, with the daemon still up.
 */
final class SharedDaemon implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SharedDaemon.class);

    /** Changes the site (config overlays, entities, users) before the daemon starts. */
    interface Setup {
        void beforeStart(VigilProcess v) throws Exception;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Object test = context.getRequiredTestInstance();
        Path site = Files.createTempDirectory(
                "vigil-" + context.getRequiredTestClass().getSimpleName() + "-");
        VigilProcess v = new VigilProcess(site, null, false);
        if (test instanceof Setup setup) {
            setup.beforeStart(v);
        }
        field(test).set(test, v.start());
        context.getStore(NS).put("daemon", v);
        context.getStore(NS).put("site", site);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        VigilProcess v = context.getStore(NS).get("daemon", VigilProcess.class);
        if (v == null) {
            return;
        }
        try {
            assertThat(v.alive())
                    .as("the daemon survived every test of the class")
                    .isTrue();
        } finally {
            v.close();
            delete(context.getStore(NS).get("site", Path.class));
        }
    }

    private static Field field(Object test) {
        for (Field f : test.getClass().getDeclaredFields()) {
            if (f.getType() == VigilProcess.class) {
                f.setAccessible(true);
                return f;
            }
        }
        throw new IllegalStateException(test.getClass().getSimpleName() + " has no VigilProcess field to fill");
    }

    private static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
