package dev.vigil.engine.rules;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.concurrent.Threads;
import dev.vigil.engine.fs.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the rules are safely through the journal. A batch counts once it has fired <em>and</em>
 * the alarm changes it made are stored: a crash in between would otherwise lose the alarm its events
 * raised. The file is written once a second off the rules thread (file metadata can stall for
 * seconds behind an fsync); a start replays the journal after it.
 */
final class RulesCheckpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RulesCheckpoint.class);
    private final Path file;
    private final AlarmService alarms;
    private final Sinks sinks;
    /** Batches fired whose alarm changes or rule sends may not be stored yet: (newest, persister ticket, sends ticket). */
    private final ConcurrentLinkedDeque<long[]> unsettled = new ConcurrentLinkedDeque<>();

    private final ScheduledExecutorService writer = Threads.scheduler("vigil-rules-checkpoint");
    private volatile long settled;

    @GuardedBy("this")
    private long written = -1;

    RulesCheckpoint(Path file, AlarmService alarms, Sinks sinks) {
        this.file = file;
        this.alarms = alarms;
        this.sinks = sinks;
        this.settled = read(file);
    }

    /** The sequence the rules had processed when the checkpoint was last written; 0 when there is none. */
    static long read(Path file) {
        try {
            if (Files.exists(file)) {
                return Long.parseLong(Files.readString(file).trim());
            }
        } catch (IOException | NumberFormatException e) {
            LOG.warn("Rules checkpoint {} is unreadable ({}); replaying the whole journal", file, e.getMessage());
        }
        return 0;
    }

    /** Where the rules start: the last checkpoint written. */
    long start() {
        return settled;
    }

    void startWriting() {
        writer.scheduleWithFixedDelay(this::write, 1, 1, TimeUnit.SECONDS);
    }

    /** Scheduled work of the rules that shares the checkpoint's thread (the watchdog's checks). */
    void alsoEvery(long millis, Runnable task) {
        writer.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The rules fired everything up to {@code newest}; its alarm changes and sends are those submitted so far. */
    void fired(long newest) {
        long[] last = unsettled.peekLast();
        long ticket = alarms.persistTicket();
        long sends = sinks.sendTicket();
        if (last != null && last[1] == ticket && last[2] == sends) {
            last[0] = Math.max(last[0], newest); // nothing new to wait for: the same tickets cover both
        } else {
            unsettled.addLast(new long[] {newest, ticket, sends});
        }
    }

    /**
     * Highest journal sequence whose rules have fired and whose alarm changes and rule sends are
     * stored: safe to forget.
     */
    synchronized long settled() {
        for (long[] b; (b = unsettled.peekFirst()) != null && alarms.isStored(b[1]) && sinks.isSent(b[2]); ) {
            settled = Math.max(settled, b[0]);
            unsettled.pollFirst();
        }
        return settled;
    }

    private synchronized void write() {
        long upTo = settled();
        if (upTo == written) {
            return;
        }
        try {
            AtomicFiles.write(file, Long.toString(upTo));
            written = upTo;
        } catch (IOException e) {
            LOG.warn("Cannot write rules checkpoint {}: {}", file, e.getMessage());
        }
    }

    /** Stops the writer and writes what is settled now. */
    @Override
    public void close() {
        writer.shutdownNow();
        write();
    }
}
