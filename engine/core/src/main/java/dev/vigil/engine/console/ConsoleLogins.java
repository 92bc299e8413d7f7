package dev.vigil.engine.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Who is logged in to the console: a random session id (the HttpOnly cookie) per login, and a second
 * random token the page holds in memory and sends with every action (a forged cross-site request
 * carries the cookie but cannot know the token). Kept in memory: a restart logs everyone out.
 */
final class ConsoleLogins {
    static final String COOKIE = "vigil_console";
    /** Logins kept at most; beyond, the least recently used one ends (a flood of logins cannot fill memory). */
    static final int MAX_LOGINS = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One login. {@code lastSeenNanos} moves on every request, and while a live stream of it is open. */
    static final class Login {
        final String id;
        final String csrf;
        final String user;
        volatile long lastSeenNanos;

        Login(String id, String csrf, String user, long now) {
            this.id = id;
            this.csrf = csrf;
            this.user = user;
            this.lastSeenNanos = now;
        }

        /** Compared in constant time: the token must not leak through how fast a wrong one is refused. */
        boolean csrfMatches(String token) {
            return token != null && MessageDigest.isEqual(csrf.getBytes(), token.getBytes());
        }
    }

    private final Map<String, Login> byId = new ConcurrentHashMap<>();
    private final long timeoutNanos;
    private final LongSupplier nanoTime;

    ConsoleLogins(Duration timeout, LongSupplier nanoTime) {
        this.timeoutNanos = timeout.toNanos();
        this.nanoTime = nanoTime;
    }

    Login start(String user) {
        if (byId.size() >= MAX_LOGINS) {
            expire();
            if (byId.size() >= MAX_LOGINS) {
                byId.values().stream()
                        .min(Comparator.comparingLong(l -> l.lastSeenNanos))
                        .ifPresent(l -> byId.remove(l.id));
            }
        }
        Login l = new Login(random(), random(), user, nanoTime.getAsLong());
        byId.put(l.id, l);
        return l;
    }

    /** The login a Cookie header carries, when it is current; using it keeps it alive. */
    Optional<Login> find(String cookieHeader) {
        String id = cookie(cookieHeader, COOKIE);
        if (id == null) {
            return Optional.empty();
        }
        Login l = byId.get(id);
        if (l == null) {
            return Optional.empty();
        }
        long now = nanoTime.getAsLong();
        if (now - l.lastSeenNanos > timeoutNanos) {
            byId.remove(id);
            return Optional.empty();
        }
        l.lastSeenNanos = now;
        return Optional.of(l);
    }

    void end(Login l) {
        byId.remove(l.id);
    }

    /** Ends every login of a user (removed from users.yaml). */
    void endAll(String user) {
        byId.values().removeIf(l -> l.user.equals(user));
    }

    int size() {
        return byId.size();
    }

    private void expire() {
        long now = nanoTime.getAsLong();
        byId.values().removeIf(l -> now - l.lastSeenNanos > timeoutNanos);
    }

    /** The value of one cookie in a Cookie header, or null. */
    static String cookie(String header, String name) {
        if (header == null || header.length() > 8192) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.length() > name.length() && p.startsWith(name) && p.charAt(name.length()) == '=') {
                return p.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
