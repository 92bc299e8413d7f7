package dev.vigil.engine.daemon;

import dev.vigil.engine.auth.PasswordHasher;
import dev.vigil.engine.auth.UserStore;
import dev.vigil.engine.fs.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start with no users: creates {@code admin} with a random password, written once to
 * {@code data/initial-admin-password} (owner-only); the log says where, never the password, since
 * logs travel (journald, support tickets). There is never a fixed default.
 */
final class InitialAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(InitialAdmin.class);

    private InitialAdmin() {}

    static void ensure(UserStore users, Path dataDir) {
        if (!users.isEmpty()) {
            return;
        }
        String password = PasswordHasher.randomPassword();
        users.put("admin", password.toCharArray(), UserStore.Role.ADMIN);
        Path file = dataDir.resolve("initial-admin-password");
        try {
            AtomicFiles.writeKeepingOwnership(
                    file, out -> out.write((password + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        LOG.warn(
                "No users were configured: created user 'admin'; its password is in {} (readable by this"
                        + " user only); change it with 'vigil user add admin --password-stdin'",
                file);
    }
}
