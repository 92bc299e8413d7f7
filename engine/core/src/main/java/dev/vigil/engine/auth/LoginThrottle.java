package dev.vigil.engine.auth;

import java.net.InetAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing without letting a guesser lock the real user out. After a few failed
 * logins from one address, that address waits before its next attempt is even checked (doubling
 * up to a minute). After more failures for one user name from anywhere, that user's logins wait
 * too (doubling up to 30 s), except from addresses where the user logged in successfully before:
 * a distributed guesser slows down, the operator at the usual desk does not. A header that verified
 * recently never reaches this class (the authenticator's cache answers first). Both tables are
 * bounded; failures older than 15 minutes are forgotten.
 */
public final class LoginThrottle {
    static final int FREE_FAILURES_PER_ADDRESS = 5;
    static final int FREE_FAILURES_PER_USER = 10;
    private static final long MAX_ADDRESS_WAIT = 60_000_000_000L;
    private static final long MAX_USER_WAIT = 30_000_000_000L;
    private static final long FORGET_AFTER = 15 * 60_000_000_000L;
    private static final int MAX_ENTRIES = 100_000;

    private record Failures(int count, long lastNanos) {}

    private final Map<InetAddress, Failures> byAddress = new ConcurrentHashMap<>();
    private final Map<String, Failures> byUser = new ConcurrentHashMap<>();
    private final Map<String, Set<InetAddress>> loggedInFrom = new ConcurrentHashMap<>();

    /** Nanoseconds the attempt must wait before it may be checked; 0 when it may be checked now. */
    public long waitNanos(InetAddress from, String user) {
        long now = System.nanoTime();
        long wait = from == null ? 0 : wait(byAddress.get(from), FREE_FAILURES_PER_ADDRESS, MAX_ADDRESS_WAIT, now);
        if (user != null) {
            Set<InetAddress> usual = loggedInFrom.get(user);
            if (usual == null || from == null || !usual.contains(from)) {
                wait = Math.max(wait, wait(byUser.get(user), FREE_FAILURES_PER_USER, MAX_USER_WAIT, now));
            }
        }
        return wait;
    }

    private static long wait(Failures f, int free, long max, long now) {
        if (f == null || f.count < free || now - f.lastNanos > FORGET_AFTER) {
            return 0;
        }
        long backoff = Math.min(max, 1_000_000_000L << Math.min(20, f.count - free));
        return Math.max(0, f.lastNanos + backoff - now);
    }

    public void failed(InetAddress from, String user) {
        long now = System.nanoTime();
        bound();
        if (from != null) {
            byAddress.merge(from, new Failures(1, now), (old, one) -> next(old, now));
        }
        if (user != null) {
            byUser.merge(user, new Failures(1, now), (old, one) -> next(old, now));
        }
    }

    private static Failures next(Failures old, long now) {
        return now - old.lastNanos > FORGET_AFTER ? new Failures(1, now) : new Failures(old.count + 1, now);
    }

    public void succeeded(InetAddress from, String user) {
        if (from != null) {
            byAddress.remove(from);
            bound();
            loggedInFrom
                    .computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet())
                    .add(from);
        }
        byUser.remove(user);
    }

    private void bound() {
        // A flood from ever new addresses must not grow the heap: forgetting everything is the lesser harm.
        if (byAddress.size() > MAX_ENTRIES) {
            byAddress.clear();
        }
        if (byUser.size() > MAX_ENTRIES) {
            byUser.clear();
        }
        if (loggedInFrom.size() > MAX_ENTRIES) {
            loggedInFrom.clear();
        }
    }
}
