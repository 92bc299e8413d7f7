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
 *
 * <p>The file also says how far the session's clock had got with those batches, and from which
 * sequence the events the rules were still holding begin: a start rebuilds the session from there
 * (see {@link TimedReplay}). One line, {@code sequence clockMillis carryFrom}; a file with the
 * sequence alone (written before these were kept) reads with nothing to carry.
 */
final class RulesCheckpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RulesCheckpoint.class);
    private final Path file;
    private final AlarmService alarms;
    private final Sinks sinks;
    /** Where else each mark written goes (a cluster's per-partition checkpoints in the store). */
    private final java.util.function.Consumer<Mark> alsoTo;
    /**
     * Where the rules stood after a batch.
     *
     * @param sequence the newest journal sequence through the rules
     * @param clockMillis the session's clock then; 0 when unknown
     * @param carryFrom the events after this sequence up to {@code sequence} may still be in the session
     */
    record Mark(long sequence, long clockMillis, long carryFrom) {
        static final Mark NONE = new Mark(0, 0, 0);

        String text() {
            return sequence + " " + clockMillis + " " + carryFrom;
        }

        static Mark parse(String text) {
            String[] parts = text.trim().split("\\s+");
            long seq = Long.parseLong(parts[0]);
            if (parts.length < 3) {
                return new Mark(seq, 0, seq);
            }
            return new Mark(seq, Long.parseLong(parts[1]), Math.min(seq, Long.parseLong(parts[2])));
        }
    }

    /** Batches fired whose alarm changes or rule sends may not be stored yet: (newest, persister ticket, sends ticket, clock, carry-from). */
    private final ConcurrentLinkedDeque<long[]> unsettled = new ConcurrentLinkedDeque<>();

    private final ScheduledExecutorService writer = Threads.scheduler("vigil-rules-checkpoint");
    private final Mark started;
    private volatile Mark settled;

    @GuardedBy("this")
    private Mark written;

    RulesCheckpoint(Path file, AlarmService alarms, Sinks sinks, java.util.function.Consumer<Mark> alsoTo) {
        this.alsoTo = alsoTo;
        this.file = file;
        this.alarms = alarms;
        this.sinks = sinks;
        this.started = read(file);
        this.settled = started;
    }

    /** Where the rules stood when the checkpoint was last written; {@link Mark#NONE} when there is none. */
    static Mark read(Path file) {
        try {
            if (Files.exists(file)) {
                return Mark.parse(Files.readString(file));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Rules checkpoint {} is unreadable ({}); replaying the whole journal", file, e.getMessage());
        }
        return Mark.NONE;
    }

    /** Where the rules start: the last checkpoint written. */
    Mark start() {
        return started;
    }

    void startWriting() {
        writer.scheduleWithFixedDelay(this::write, 1, 1, TimeUnit.SECONDS);
    }

    /** Scheduled work of the rules that shares the checkpoint's thread (the watchdog's checks). */
    void alsoEvery(long millis, Runnable task) {
        writer.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * The rules fired everything up to {@code newest} with the session's clock at {@code clockMillis};
     * its alarm changes and sends are those submitted so far.
     */
    void fired(long newest, long clockMillis, long carryFrom) {
        long[] last = unsettled.peekLast();
        long ticket = alarms.persistTicket();
        long sends = sinks.sendTicket();
        if (last != null && last[1] == ticket && last[2] == sends) {
            // nothing new to wait for: the same tickets cover both
            last[0] = Math.max(last[0], newest);
            last[3] = Math.max(last[3], clockMillis);
            last[4] = carryFrom;
        } else {
            unsettled.addLast(new long[] {newest, ticket, sends, clockMillis, carryFrom});
        }
    }

    /**
     * How far the rules are with everything stored (alarm changes, rule sends): the highest journal
     * sequence, the session's clock then, and where the events still held begin.
     */
    synchronized Mark settledMark() {
        Mark m = settled;
        for (long[] b; (b = unsettled.peekFirst()) != null && alarms.isStored(b[1]) && sinks.isSent(b[2]); ) {
            m = new Mark(
                    Math.max(m.sequence(), b[0]),
                    Math.max(m.clockMillis(), b[3]),
                    Math.min(b[4], Math.max(m.sequence(), b[0])));
            unsettled.pollFirst();
        }
        settled = m;
        return m;
    }

    private synchronized void write() {
        Mark upTo = settledMark();
        if (upTo.equals(written)) {
            return;
        }
        try {
            AtomicFiles.write(file, upTo.text());
            written = upTo;
        } catch (IOException e) {
            LOG.warn("Cannot write rules checkpoint {}: {}", file, e.getMessage());
        }
        try {
            alsoTo.accept(upTo);
        } catch (RuntimeException e) {
            LOG.warn("Cannot write the rules' partition checkpoints: {}", e.getMessage());
        }
    }

    /** Stops the writer and writes what is settled now. */
    @Override
    public void close() {
        writer.shutdownNow();
        write();
    }
}
