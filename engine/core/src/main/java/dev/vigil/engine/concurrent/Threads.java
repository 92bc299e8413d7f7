package dev.vigil.engine.concurrent;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every thread Vigil starts is made here: named (so a stack dump says whose it is) and a daemon
 * thread (so none of them, stuck or not, keeps the JVM from exiting once the shutdown hook has
 * stopped what it can).
 */
public final class Threads {
    private Threads() {}

    /** A daemon thread called {@code name} running {@code body}; not started. */
    public static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    /** Daemon threads called {@code name}, or {@code name-1}, {@code name-2}... when {@code numbered}. */
    public static ThreadFactory daemonFactory(String name, boolean numbered) {
        AtomicInteger n = new AtomicInteger();
        return r -> daemon(numbered ? name + "-" + n.incrementAndGet() : name, r);
    }

    /** A scheduler with one daemon thread called {@code name}. */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(daemonFactory(name, false));
    }
}
