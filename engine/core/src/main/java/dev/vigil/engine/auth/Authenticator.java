package dev.vigil.engine.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP Basic login. The user part may be {@code username;ApplicationId} as Web SDK clients send
 * it. Because a slow hash costs tens of milliseconds, a header that verified once is remembered
 * (by its SHA-256, never in clear) for a short time; a failed one is never cached.
 */
public final class Authenticator {
    private static final int MAX_CACHE = 10_000;
    private final UserStore users;
    private final long ttlNanos;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** Who is calling: the user, and the application named after ';' (empty when none). */
    public record Principal(String user, String applicationId) {}

    private record Cached(Principal principal, long expiresAt) {}

    public Authenticator(UserStore users, Duration ttl) {
        this(users, ttl, name -> {});
    }

    /** @param verified told the user's name after each password check that passed (not on cache hits) */
    public Authenticator(UserStore users, Duration ttl, java.util.function.Consumer<String> verified) {
        this.users = users;
        this.ttlNanos = ttl.toNanos();
        this.verified = verified;
    }

    private final java.util.function.Consumer<String> verified;

    /** The principal when this exact header verified recently; empty means "check it" (possibly slow). */
    public Optional<Principal> cached(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.length() > 1024) {
            return Optional.empty();
        }
        Cached hit = cache.get(digest(authorizationHeader));
        return hit != null && hit.expiresAt - System.nanoTime() > 0 ? Optional.of(hit.principal) : Optional.empty();
    }

    /** Empty when the header is missing, malformed, or names a wrong user or password. Slow on a cache miss. */
    public Optional<Principal> authenticate(String authorizationHeader) {
        if (authorizationHeader == null
                || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)
                || authorizationHeader.length() > 1024) {
            return Optional.empty();
        }
        String key = digest(authorizationHeader);
        long now = System.nanoTime();
        Cached hit = cache.get(key);
        if (hit != null && hit.expiresAt - now > 0) {
            return Optional.of(hit.principal);
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder().decode(authorizationHeader.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String login = decoded.substring(0, colon);
        char[] password = decoded.substring(colon + 1).toCharArray();
        int semi = login.indexOf(';');
        String user = semi < 0 ? login : login.substring(0, semi);
        String app = semi < 0 ? "" : login.substring(semi + 1);
        if (!users.verify(user, password)) {
            return Optional.empty();
        }
        Principal principal = new Principal(user, app);
        verified.accept(user);
        if (cache.size() >= MAX_CACHE) {
            cache.clear();
        }
        cache.put(key, new Cached(principal, now + ttlNanos));
        return Optional.of(principal);
    }

    /** The user name a Basic header names (without the application id), or null when it names none. */
    public static String userOf(String authorizationHeader) {
        if (authorizationHeader == null
                || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)
                || authorizationHeader.length() > 1024) {
            return null;
        }
        try {
            String decoded = new String(
                    Base64.getDecoder().decode(authorizationHeader.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return null;
            }
            String login = decoded.substring(0, colon);
            int semi = login.indexOf(';');
            return semi < 0 ? login : login.substring(0, semi);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String digest(String value) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
