package dev.vigil.engine.auth;

import dev.vigil.engine.config.ConfigException;
import dev.vigil.engine.config.YamlFiles;
import dev.vigil.engine.fs.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Reads and writes {@code users.yaml}; answers whether a name and password match. */
public final class UserStore {
    private static final String NAME_PATTERN = "[A-Za-z0-9_.@-]{1,64}";
    private final Path file;
    private final PasswordHasher hasher;
    private final Map<String, String> hashes = new ConcurrentHashMap<>();
    /** Explicit roles only: a user missing here is an admin (see {@link UsersFile.User#role}). */
    private final Map<String, Role> roles = new ConcurrentHashMap<>();

    /** What a user may do beyond logging in. */
    public enum Role {
        /** Changes anything. */
        ADMIN,
        /** Watches and acts on alarms; changes nothing else. */
        OPERATOR;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Null when the text names no role. */
        public static Role parse(String text) {
            for (Role r : values()) {
                if (r.text().equals(text)) {
                    return r;
                }
            }
            return null;
        }
    }

    public UserStore(Path file, PasswordHasher hasher) {
        this.file = file;
        this.hasher = hasher;
        reload();
    }

    /**
     * Reads the file again. A file that does not load changes nothing (the error says why), so a bad
     * edit never locks every user out.
     */
    public synchronized void reload() {
        if (!Files.exists(file)) {
            hashes.clear();
            roles.clear();
            return;
        }
        UsersFile loaded = YamlFiles.read(file, UsersFile.class);
        Map<String, String> read = new java.util.HashMap<>();
        Map<String, Role> readRoles = new java.util.HashMap<>();
        for (int i = 0; i < loaded.users.size(); i++) {
            UsersFile.User u = loaded.users.get(i);
            String at = "users[" + i + "]";
            if (u == null || u.name == null || !u.name.matches(NAME_PATTERN)) {
                throw new ConfigException(
                        file + ": key '" + at + ".name' must be 1-64 letters, digits, '_', '.', '@' or '-'");
            }
            if (u.hash == null || !u.hash.startsWith("pbkdf2-sha256$")) {
                throw new ConfigException(
                        file + ": key '" + at + ".hash' is not a password hash; set it with 'vigil user add " + u.name
                                + " --password-stdin'");
            }
            if (u.role != null) {
                Role role = Role.parse(u.role);
                if (role == null) {
                    throw new ConfigException(
                            file + ": key '" + at + ".role' must be admin or operator, not '" + u.role + "'");
                }
                readRoles.put(u.name, role);
            }
            if (read.put(u.name, u.hash) != null) {
                throw new ConfigException(file + ": key '" + at + ".name' repeats user '" + u.name + "'");
            }
        }
        hashes.keySet().retainAll(read.keySet());
        hashes.putAll(read);
        roles.keySet().retainAll(readRoles.keySet());
        roles.putAll(readRoles);
    }

    public boolean isEmpty() {
        return hashes.isEmpty();
    }

    /** Whether the user is in the file (now: the file may have changed since it logged in). */
    public boolean exists(String name) {
        return hashes.containsKey(name);
    }

    /** The user's role; admin when the file names none. */
    public Role roleOf(String name) {
        return roles.getOrDefault(name, Role.ADMIN);
    }

    public boolean verify(String name, char[] password) {
        String stored = hashes.get(name);
        if (stored == null) {
            // As slow as a wrong password, so timing does not tell which user names exist.
            hasher.verify(password, decoy());
            return false;
        }
        return hasher.verify(password, stored);
    }

    private volatile String decoy;

    private String decoy() {
        String d = decoy;
        if (d == null) {
            d = hasher.hash(PasswordHasher.randomPassword().toCharArray());
            decoy = d;
        }
        return d;
    }

    /**
     * Adds the user or replaces its password, rewriting the file atomically. A new file is owner-only;
     * an existing one keeps its owner, group and mode (see {@link AtomicFiles#writeKeepingOwnership}).
     */
    public synchronized void put(String name, char[] password) {
        put(name, password, null);
    }

    /**
     * Adds the user or replaces its password and, when {@code role} is not null, its role. A new user
     * without a role given is written as an operator: the least a new login may do.
     */
    public synchronized void put(String name, char[] password, Role role) {
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw new IllegalArgumentException("user name must be 1-64 letters, digits, '_', '.', '@' or '-'");
        }
        boolean added = !hashes.containsKey(name);
        hashes.put(name, hasher.hash(password));
        if (role != null) {
            roles.put(name, role);
        } else if (added) {
            roles.put(name, Role.OPERATOR);
        }
        save();
    }

    /** Removes the user; false when there was none of that name. */
    public synchronized boolean remove(String name) {
        if (hashes.remove(name) == null) {
            return false;
        }
        roles.remove(name);
        save();
        return true;
    }

    /** The user names, sorted. */
    public List<String> names() {
        List<String> names = new ArrayList<>(hashes.keySet());
        names.sort(null);
        return names;
    }

    private void save() {
        UsersFile out = new UsersFile();
        for (String n : names()) {
            Role r = roles.get(n);
            out.users.add(new UsersFile.User(n, hashes.get(n), r == null ? null : r.text()));
        }
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.writeKeepingOwnership(file, stream -> YamlFiles.writeTo(stream, out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
