package dev.vigil.engine.console;

import dev.vigil.engine.store.ConsoleLoginStore;
import dev.vigil.engine.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is logged in to the console: a random session id (the HttpOnly cookie) per login, and a second
 * random token the page holds in memory and sends with every action (a forged cross-site request
 * carries the cookie but cannot know the token). Logins are looked up in memory, on the network
 * threads; the store keeps a copy (by the id's SHA-256, never the id) written behind, so that open
 * consoles survive a restart of the daemon: read once at start, new logins written at login (off the
 * network threads), last-seen times and ends flushed every {@link #FLUSH_EVERY}.
 */
final class ConsoleLogins {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleLogins.class);
    static final String COOKIE = "vigil_console";
    /** Logins kept at most; beyond, the least recently used one ends (a flood of logins cannot fill memory). */
    static final int MAX_LOGINS = 10_000;

    static final Duration FLUSH_EVERY = Duration.ofSeconds(30);

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One login. {@code lastSeen*} move on every request, and while a live stream of it is open. */
    static final class Login {
        /** The cookie's value: known only in the process that made the login (to send it once). */
        final String id;

        final String idHash;
        final String csrf;
        final String user;
        volatile long lastSeenNanos;
        volatile long lastSeenMillis;

        Login(String id, String idHash, String csrf, String user, long nanos, long millis) {
            this.id = id;
            this.idHash = idHash;
            this.csrf = csrf;
            this.user = user;
            this.lastSeenNanos = nanos;
            this.lastSeenMillis = millis;
        }

        /** Compared in constant time: the token must not leak through how fast a wrong one is refused. */
        boolean csrfMatches(String token) {
            return token != null
                    && MessageDigest.isEqual(
                            csrf.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** By the SHA-256 of the session id. */
    private final Map<String, Login> byHash = new ConcurrentHashMap<>();

    private final long timeoutNanos;
    private final LongSupplier nanoTime;
    private final LongSupplier millis;
    /** Null: memory only (a restart logs everyone out). */
    private final ConsoleLoginStore store;

    private final Set<String> touched = ConcurrentHashMap.newKeySet();
    private final Queue<String> ended = new ConcurrentLinkedQueue<>();

    ConsoleLogins(Duration timeout, LongSupplier nanoTime) {
        this(timeout, nanoTime, System::currentTimeMillis, null);
    }

    ConsoleLogins(Duration timeout, LongSupplier nanoTime, LongSupplier millis, ConsoleLoginStore store) {
        this.timeoutNanos = timeout.toNanos();
        this.nanoTime = nanoTime;
        this.millis = millis;
        this.store = store;
        if (store != null) {
            long nowMillis = millis.getAsLong();
            long nowNanos = nanoTime.getAsLong();
            try {
                for (ConsoleLoginStore.StoredLogin s : store.recent(nowMillis - timeout.toMillis(), MAX_LOGINS)) {
                    long ageNanos = Math.max(0, nowMillis - s.lastSeenMillis()) * 1_000_000L;
                    byHash.put(
                            s.idHash(),
                            new Login(null, s.idHash(), s.csrf(), s.user(), nowNanos - ageNanos, s.lastSeenMillis()));
                }
                if (!byHash.isEmpty()) {
                    LOG.info("Console: {} login(s) from before the restart still open", byHash.size());
                }
            } catch (StoreException e) {
                LOG.warn(
                        "Console logins from before the restart could not be read; they must log in again: {}",
                        e.getMessage());
            }
        }
    }

    /** A new login; writes its copy to the store (call it off the network threads). */
    Login start(String user) {
        if (byHash.size() >= MAX_LOGINS) {
            expire();
            if (byHash.size() >= MAX_LOGINS) {
                byHash.values().stream()
                        .min(Comparator.comparingLong(l -> l.lastSeenNanos))
                        .ifPresent(this::end);
            }
        }
        String id = random();
        Login l = new Login(id, hash(id), random(), user, nanoTime.getAsLong(), millis.getAsLong());
        byHash.put(l.idHash, l);
        if (store != null) {
            try {
                store.add(new ConsoleLoginStore.StoredLogin(l.idHash, l.csrf, user, l.lastSeenMillis));
            } catch (StoreException e) {
                LOG.warn("Console login of {} kept in memory only (a restart will end it): {}", user, e.getMessage());
            }
        }
        return l;
    }

    /** The login a Cookie header carries, when it is current; using it keeps it alive. No I/O. */
    Optional<Login> find(String cookieHeader) {
        String id = cookie(cookieHeader, COOKIE);
        if (id == null || id.length() > 128) {
            return Optional.empty();
        }
        Login l = byHash.get(hash(id));
        if (l == null) {
            return Optional.empty();
        }
        long now = nanoTime.getAsLong();
        if (now - l.lastSeenNanos > timeoutNanos) {
            end(l);
            return Optional.empty();
        }
        l.lastSeenNanos = now;
        l.lastSeenMillis = millis.getAsLong();
        touched.add(l.idHash);
        return Optional.of(l);
    }

    void end(Login l) {
        if (byHash.remove(l.idHash) != null) {
            ended.add(l.idHash);
        }
    }

    int size() {
        return byHash.size();
    }

    /** Writes last-seen times and ended logins to the store; a failure is logged and retried next time. */
    void flush() {
        if (store == null) {
            touched.clear();
            ended.clear();
            return;
        }
        expire();
        Map<String, Long> seen = new HashMap<>();
        for (String h : List.copyOf(touched)) {
            touched.remove(h);
            Login l = byHash.get(h);
            if (l != null) {
                seen.put(h, l.lastSeenMillis);
            }
        }
        List<String> gone = new ArrayList<>();
        for (String h; (h = ended.poll()) != null; ) {
            gone.add(h);
        }
        try {
            store.touch(seen);
            store.remove(gone, millis.getAsLong() - timeoutNanos / 1_000_000L);
        } catch (StoreException e) {
            touched.addAll(seen.keySet());
            ended.addAll(gone);
            LOG.warn(
                    "Console logins could not be written to the store; retrying in {} s: {}",
                    FLUSH_EVERY.toSeconds(),
                    e.getMessage());
        }
    }

    private void expire() {
        long now = nanoTime.getAsLong();
        for (Login l : List.copyOf(byHash.values())) {
            if (now - l.lastSeenNanos > timeoutNanos) {
                end(l);
            }
        }
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

    static String hash(String id) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
