package dev.vigil.engine.rules;

import java.util.concurrent.Semaphore;

/**
 * Room in the rules queue, reserved before an event is journaled so that ingest can answer 503
 * before writing anything, and given back when the rules thread has taken the event.
 */
final class RulesAdmission {
    private final int capacity;
    private final Semaphore room;

    RulesAdmission(int capacity) {
        this.capacity = capacity;
        this.room = new Semaphore(capacity);
    }

    /** Reserves room for {@code n} events; false means the queue is full and the caller must refuse them. */
    boolean tryAdmit(int n) {
        return n <= capacity && room.tryAcquire(n);
    }

    /** As {@link #tryAdmit}, waiting up to {@code millis} for room. */
    boolean admitWithin(int n, long millis) throws InterruptedException {
        return n <= capacity && room.tryAcquire(n, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Gives back room for events taken by the rules thread, or reserved and then not submitted. */
    void release(int n) {
        room.release(n);
    }

    int depth() {
        return capacity - room.availablePermits();
    }

    int capacity() {
        return capacity;
    }
}
