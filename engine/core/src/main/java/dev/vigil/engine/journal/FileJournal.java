package dev.vigil.engine.journal;

import dev.vigil.api.Event;
import dev.vigil.engine.concurrent.BatchingWorker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only event journal in segment files {@code journal-<first seq>.log} under one folder.
 *
 * <p>Record layout: {@code int length, int crc32c(body), body}, body = {@link EventCodec} bytes
 * (which start with the sequence number). One writer thread drains every pending append, writes them, and
 * forces the file once for the whole group before completing their futures: many callers share
 * one fsync. On open, the last segment is scanned and a torn tail (crash mid-write) is cut off.
 * Segments wholly below the consumer's checkpoint are deleted beyond {@code retainSegments}.
 *
 * <p>The newest segment is written with zeros {@value #PREALLOCATE_BYTES} bytes ahead of its data:
 * an fdatasync of a write inside the file's size has no size change to commit, which took a third
 * off the fsync's p50 and p99 on this project's disk (README, the fsync tail). A segment is cut to its
 * data when it is closed or rotated; after a crash the zeros are told from a torn write by being
 * nothing but zeros, and cut off on open.
 */
public final class FileJournal implements Journal {
    private static final Logger LOG = LoggerFactory.getLogger(FileJournal.class);
    private static final int HEADER = SegmentScanner.HEADER;
    static final int PREALLOCATE_BYTES = 4 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(256 << 10);

    private final Path dir;
    private final long segmentBytes;
    private final int retainSegments;
    private final int maxBatch;
    private final boolean fsync;
    private final LongSupplier checkpoint;
    private final BlockingQueue<Pending> pending;
    private final BatchingWorker<Pending> writer;
    private volatile boolean running = true;
    private volatile long lastSequence;
    private final long sequenceFloor;
    private final List<JournalDamage> damage = new CopyOnWriteArrayList<>();
    private FileChannel current;
    private Path currentPath;
    private long currentSize;
    /** The current segment's size on disk: its data, then zeros written ahead. */
    private long allocated;
    /** What the segments before the current one take on disk. */
    private volatile long closedBytes;

    private final long maxDiskBytes;
    private long lastCapWarning;
    /**
     * Where every {@value #INDEX_EVERY}th sequence starts (segment, offset), so a reader that wants
     * the events after a sequence starts near it instead of reading its segment from the start: a
     * sink that fell behind by a little reads a little.
     */
    private final ConcurrentSkipListMap<Long, Position> index = new ConcurrentSkipListMap<>();

    private static final int INDEX_EVERY = 1024;

    private record Position(Path segment, long offset) {}

    /** The newest segment and how much of it is on disk and acknowledged: what readers may see. */
    private volatile Durable durable;

    private final EventCodec.Writer encoder = new EventCodec.Writer();
    private ByteBuffer writeBuffer = ByteBuffer.allocate(1 << 20);
    private FileChannel batchSegment;
    private long batchStart;

    private record Durable(Path segment, long size) {}

    private record Pending(List<Event> events, CompletableFuture<List<Event>> done) {}

    public FileJournal(
            Path dir,
            long segmentBytes,
            int retainSegments,
            int maxBatch,
            boolean fsync,
            int queueCapacity,
            LongSupplier checkpoint) {
        this(dir, segmentBytes, retainSegments, maxBatch, fsync, queueCapacity, checkpoint, 0, 0);
    }

    /**
     * @param sequenceFloor the highest sequence known to have been handed out before (rules checkpoint,
     *                      store, sink cursors): new events continue above it even if the journal lost its end
     * @param maxDiskBytes  the most the segments may take on disk; 0: no cap
     */
    public FileJournal(
            Path dir,
            long segmentBytes,
            int retainSegments,
            int maxBatch,
            boolean fsync,
            int queueCapacity,
            LongSupplier checkpoint,
            long sequenceFloor,
            long maxDiskBytes) {
        this.maxDiskBytes = maxDiskBytes;
        this.sequenceFloor = sequenceFloor;
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.retainSegments = retainSegments;
        this.maxBatch = maxBatch;
        this.fsync = fsync;
        this.checkpoint = checkpoint;
        this.pending = new ArrayBlockingQueue<>(queueCapacity);
        try {
            Files.createDirectories(dir);
            recover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal in " + dir, e);
        }
        this.writer = new BatchingWorker<>(
                        "vigil-journal", pending, maxBatch, p -> p.events.size(), Duration.ofMillis(100), this::write)
                .start();
    }

    @Override
    public void append(List<Event> events, CompletableFuture<List<Event>> done) {
        if (!running) {
            done.completeExceptionally(new IllegalStateException("journal is closed"));
        } else if (!pending.offer(new Pending(events, done))) {
            done.completeExceptionally(new JournalFullException("journal write queue is full"));
        }
    }

    @Override
    public long lastSequence() {
        return lastSequence;
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("journal-\\d{20}\\.log"))
                    .sorted()
                    .toList();
        }
    }

    private static long firstSequenceOf(Path segment) {
        String n = segment.getFileName().toString();
        return Long.parseLong(n.substring(8, 28));
    }

    private void recover() throws IOException {
        List<Path> segs = segments();
        long last = 0;
        for (int i = 0; i < segs.size(); i++) {
            Path seg = segs.get(i);
            boolean newest = i == segs.size() - 1;
            List<JournalDamage> found = new ArrayList<>();
            SegmentScanner.Result r = SegmentScanner.scan(
                    seg, Long.MAX_VALUE, Math.max(last, firstSequenceOf(seg) - 1), new SegmentScanner.Visitor() {
                        @Override
                        public void event(Event e, long offset) {
                            if (e.getSequence() % INDEX_EVERY == 0) {
                                index.put(e.getSequence(), new Position(seg, offset));
                            }
                        }

                        @Override
                        public void damaged(long offset, long length, long lastGood, long nextGood) {
                            found.add(quarantine(seg, offset, length, lastGood + 1, nextGood - 1));
                        }
                    });
            last = Math.max(last, r.lastSequence());
            long size = Files.size(seg);
            if (r.end() < size && zerosOnly(seg, r.end(), size)) {
                LOG.debug(
                        "Journal segment {}: {} bytes written ahead and not used; cut off",
                        seg.getFileName(),
                        size - r.end());
                if (!newest) {
                    cutTo(seg, r.end());
                }
            } else if (r.end() < size) {
                // Zeros after the tail are the space written ahead, which the cut-short write never reached:
                // whether a whole record is there is judged up to the last byte written.
                boolean wholeRecord = r.tailIsRecord()
                        && SegmentScanner.wholeRecordAt(seg, r.end(), lastNonZero(seg, r.end(), size) + 1);
                if (wholeRecord || !newest) {
                    // A whole record that fails its checks, or anything unreadable in a segment that was
                    // complete before the next one began, is damage: a crash only cuts the newest write short.
                    found.add(quarantine(seg, r.end(), size - r.end(), r.lastSequence() + 1, -1));
                } else {
                    LOG.warn(
                            "Journal segment {} ends with {} bytes of a write cut short by a crash (never "
                                    + "acknowledged); cutting them off",
                            seg.getFileName(),
                            size - r.end());
                }
            }
            for (JournalDamage d : found) {
                LOG.error("Journal damaged: {}; every readable record after it is kept", d.describe());
            }
            damage.addAll(found);
            if (!newest) {
                closedBytes += Files.size(seg);
            }
            if (newest) {
                current = FileChannel.open(seg, StandardOpenOption.WRITE, StandardOpenOption.READ);
                currentPath = seg;
                current.truncate(r.end());
                current.position(r.end());
                currentSize = r.end();
                allocated = r.end();
            }
        }
        if (segs.isEmpty()) {
            openSegment(Math.max(last, sequenceFloor) + 1);
        }
        if (sequenceFloor > last) {
            LOG.warn(
                    "Journal ends at sequence {} but sequences up to {} were handed out before (rules checkpoint, "
                            + "store or sink cursors); new events continue after {} so no sequence is used twice",
                    last,
                    sequenceFloor,
                    sequenceFloor);
        }
        lastSequence = Math.max(last, sequenceFloor);
        durable = new Durable(currentPath, currentSize);
        LOG.info(
                "Journal opened in {}: {} segment(s), last sequence {}{}",
                dir,
                segs.size(),
                lastSequence,
                damage.isEmpty() ? "" : ", " + damage.size() + " damaged region(s)");
    }

    /** Copies damaged bytes beside the journal before anything cuts or skips them. */
    private JournalDamage quarantine(Path seg, long offset, long length, long seqFrom, long seqTo) {
        Path dest = dir.resolve("quarantine").resolve(seg.getFileName() + "." + offset + ".bad");
        try (FileChannel in = FileChannel.open(seg, StandardOpenOption.READ)) {
            Files.createDirectories(dest.getParent());
            if (!Files.exists(dest)) {
                try (FileChannel out =
                        FileChannel.open(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    in.transferTo(offset, length, out);
                    out.force(true);
                }
            }
            return new JournalDamage(
                    seg.getFileName().toString(),
                    offset,
                    length,
                    seqFrom,
                    seqTo,
                    dir.relativize(dest).toString());
        } catch (IOException e) {
            LOG.error(
                    "Cannot copy damaged journal bytes of {} at offset {} to {}: {}",
                    seg.getFileName(),
                    offset,
                    dest,
                    e.toString());
            return new JournalDamage(seg.getFileName().toString(), offset, length, seqFrom, seqTo, null);
        }
    }

    private static boolean zerosOnly(Path seg, long from, long to) throws IOException {
        return lastNonZero(seg, from, to) < from;
    }

    /** The offset of the last byte in [from, to) that is not zero, or from - 1. */
    private static long lastNonZero(Path seg, long from, long to) throws IOException {
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(64 << 10);
            for (long chunkEnd = to; chunkEnd > from; ) {
                long chunkStart = Math.max(from, chunkEnd - b.capacity());
                b.clear();
                b.limit((int) (chunkEnd - chunkStart));
                int n = 0;
                while (b.hasRemaining()) {
                    int r = ch.read(b, chunkStart + n);
                    if (r <= 0) {
                        break;
                    }
                    n += r;
                }
                for (int i = n - 1; i >= 0; i--) {
                    if (b.get(i) != 0) {
                        return chunkStart + i;
                    }
                }
                chunkEnd = chunkStart;
            }
            return from - 1;
        }
    }

    private static void cutTo(Path seg, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.truncate(size);
            ch.force(true);
        }
    }

    @Override
    public List<JournalDamage> damage() {
        return List.copyOf(damage);
    }

    @Override
    public void replay(long afterSequence, Consumer<Event> sink) {
        scan(afterSequence, e -> {
            sink.accept(e);
            return true;
        });
    }

    /**
     * Reads the journal in {@code dir} without opening it for writing: for tools that run beside the
     * daemon (what-if replays). Damaged records are stepped over; the newest segment's last record may
     * be mid-write and is then left out. Stops when {@code visitor} returns false.
     */
    public static void readOnly(Path dir, long afterSequence, Predicate<Event> visitor) {
        List<Path> segs;
        try (Stream<Path> s = Files.list(dir)) {
            segs = s.filter(p -> p.getFileName().toString().matches("journal-\\d{20}\\.log"))
                    .sorted()
                    .toList();
        } catch (java.nio.file.NoSuchFileException none) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list journal in " + dir, e);
        }
        try {
            long last = 0;
            for (int i = 0; i < segs.size(); i++) {
                if (i + 1 < segs.size() && firstSequenceOf(segs.get(i + 1)) <= afterSequence + 1) {
                    continue;
                }
                Path seg = segs.get(i);
                SegmentScanner.Result r = SegmentScanner.scan(
                        seg, Long.MAX_VALUE, Math.max(last, firstSequenceOf(seg) - 1), (e, offset) -> {
                            if (e.getSequence() > afterSequence && !visitor.test(e)) {
                                throw StopScan.INSTANCE;
                            }
                        });
                last = Math.max(last, r.lastSequence());
            }
        } catch (StopScan stopped) {
            // the visitor has what it wanted
        } catch (java.nio.file.NoSuchFileException pruned) {
            // the daemon deleted a segment meanwhile: what was read stands
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal in " + dir, e);
        }
    }

    /** Thrown through the segment scanner to end a scan early; carries nothing, costs no stack. */
    private static final class StopScan extends RuntimeException {
        private static final StopScan INSTANCE = new StopScan();

        private StopScan() {
            super(null, null, false, false);
        }
    }

    @Override
    public long firstSequence() {
        try {
            List<Path> segs = segments();
            return segs.isEmpty() ? lastSequence + 1 : Math.max(1, firstSequenceOf(segs.get(0)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list journal in " + dir, e);
        }
    }

    @Override
    public void scan(long afterSequence, Predicate<Event> visitor) {
        try {
            scanDurable(afterSequence, visitor);
        } catch (StopScan stopped) {
            // the visitor has what it wanted
        }
    }

    private void scanDurable(long afterSequence, Predicate<Event> visitor) {
        // Only what was durable when the replay began: the newest segment may be mid-write.
        Durable upTo = durable;
        Map.Entry<Long, Position> near = index.floorEntry(afterSequence + 1);
        try {
            List<Path> segs = segments();
            long last = 0;
            for (int i = 0; i < segs.size(); i++) {
                Path seg = segs.get(i);
                if (seg.compareTo(upTo.segment()) > 0) {
                    break;
                }
                boolean newest = seg.equals(upTo.segment());
                if (!newest && i + 1 < segs.size() && firstSequenceOf(segs.get(i + 1)) <= afterSequence + 1) {
                    continue;
                }
                boolean jump = near != null && near.getValue().segment().equals(seg);
                long start = jump ? near.getValue().offset() : 0;
                long before = jump ? near.getKey() - 1 : Math.max(last, firstSequenceOf(seg) - 1);
                SegmentScanner.Result r =
                        SegmentScanner.scan(seg, start, newest ? upTo.size() : Long.MAX_VALUE, before, (e, offset) -> {
                            if (e.getSequence() > afterSequence && !visitor.test(e)) {
                                throw StopScan.INSTANCE;
                            }
                        });
                last = Math.max(last, r.lastSequence());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replay journal in " + dir, e);
        }
    }

    private void openSegment(long firstSeq) throws IOException {
        if (current != null) {
            current.close();
        }
        Path p = dir.resolve(String.format("journal-%020d.log", firstSeq));
        current = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        currentPath = p;
        current.position(current.size());
        currentSize = current.size();
        allocated = currentSize;
        durable = new Durable(p, currentSize);
    }

    private void write(List<Pending> batch) {
        try {
            writeBatch(batch);
        } catch (Throwable t) {
            if (!(t instanceof JournalFullException)) {
                writeFailed(t, batch.size());
            }
            discardPartialBatch();
            for (Pending p : batch) {
                p.done.completeExceptionally(t);
            }
        }
    }

    private long failuresSinceLog;
    private long lastFailureLog;

    /**
     * A disk that is full or read-only fails every write until it is fixed: one line when it starts,
     * then one a minute with the count, and one when writes succeed again (see {@link #writeBatch}).
     */
    private void writeFailed(Throwable t, int appends) {
        failuresSinceLog += appends;
        long now = System.nanoTime();
        if (lastFailureLog == 0 || now - lastFailureLog > 60_000_000_000L) {
            LOG.error(
                    "Journal cannot write in {} ({}): {} append(s) refused with 503 since the last report, nothing"
                            + " of them stored; each new append tries again",
                    dir,
                    t.toString(),
                    failuresSinceLog);
            failuresSinceLog = 0;
            lastFailureLog = now;
        }
    }

    /**
     * After a failed write (disk full, I/O error), cut the segment back to where the batch began,
     * so the refused events' sequence numbers are not left on disk to clash with the next batch.
     */
    private void discardPartialBatch() {
        writeBuffer.clear();
        try {
            if (batchSegment == current) {
                index.tailMap(lastSequence, false).clear();
                current.truncate(batchStart);
                current.position(batchStart);
                currentSize = batchStart;
                allocated = batchStart;
            }
        } catch (IOException e) {
            // A read-only remount, say: nothing may be appended after the failed bytes, so every batch
            // first tries the cut again and is refused until it works.
            cutBackTo = batchStart;
            LOG.error(
                    "Journal in {} cannot cut back a failed write ({}); appends are refused until it can",
                    dir,
                    e.toString());
        }
    }

    /** Where a failed write must be cut back to before anything else is written; -1: nothing to cut. */
    private long cutBackTo = -1;

    private void writeBatch(List<Pending> batch) throws IOException {
        if (cutBackTo >= 0) {
            batchSegment = current;
            batchStart = cutBackTo;
            current.truncate(cutBackTo);
            current.position(cutBackTo);
            currentSize = cutBackTo;
            allocated = cutBackTo;
            cutBackTo = -1;
            LOG.info("Journal in {} cut back the failed write; appends go on", dir);
        }
        // Nothing of this batch is written yet: a refusal below cuts nothing that was acknowledged.
        batchSegment = current;
        batchStart = currentSize;
        if (maxDiskBytes > 0 && diskBytes() > maxDiskBytes) {
            pruneOldSegments();
            if (diskBytes() > maxDiskBytes) {
                long now = System.nanoTime();
                if (now - lastCapWarning > 60_000_000_000L || lastCapWarning == 0) {
                    lastCapWarning = now;
                    LOG.warn(
                            "Journal in {} is at journal.maxDiskBytes ({} bytes) and the rules or a sink still need"
                                    + " its oldest segment: events are refused with 503 until they catch up",
                            dir,
                            maxDiskBytes);
                }
                throw new JournalFullException(String.format(
                        java.util.Locale.ROOT,
                        "the journal takes %,d bytes, past journal.maxDiskBytes %,d, and the rules or a sink"
                                + " still need its oldest segment",
                        diskBytes(),
                        maxDiskBytes));
            }
        }
        long seq = lastSequence;
        List<List<Event>> stamped = new ArrayList<>(batch.size());
        CRC32C crc = new CRC32C();
        for (Pending p : batch) {
            List<Event> out = new ArrayList<>(p.events.size());
            for (Event e : p.events) {
                Event withSeq = e.withSequence(++seq);
                encoder.reset();
                EventCodec.encode(withSeq, encoder);
                int len = encoder.length();
                if (currentSize + writeBuffer.position() + HEADER + len > segmentBytes
                        && currentSize + writeBuffer.position() > 0) {
                    flushBuffer(writeBuffer);
                    rotate(withSeq.getSequence());
                }
                if (writeBuffer.remaining() < HEADER + len) {
                    flushBuffer(writeBuffer);
                    if (writeBuffer.capacity() < HEADER + len) {
                        writeBuffer = ByteBuffer.allocate(HEADER + len);
                    }
                }
                if (withSeq.getSequence() % INDEX_EVERY == 0) {
                    index.put(withSeq.getSequence(), new Position(currentPath, currentSize + writeBuffer.position()));
                }
                crc.reset();
                crc.update(encoder.array(), 0, len);
                writeBuffer.putInt(len).putInt((int) crc.getValue()).put(encoder.array(), 0, len);
                out.add(withSeq);
            }
            stamped.add(out);
        }
        flushBuffer(writeBuffer);
        if (fsync) {
            current.force(false);
        }
        lastSequence = seq;
        durable = new Durable(currentPath, currentSize);
        if (lastFailureLog != 0) {
            LOG.info("Journal in {} writes again ({} more append(s) were refused before)", dir, failuresSinceLog);
            lastFailureLog = 0;
            failuresSinceLog = 0;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done.complete(stamped.get(i));
        }
    }

    private void flushBuffer(ByteBuffer buf) throws IOException {
        buf.flip();
        writeAhead(currentSize + buf.remaining());
        while (buf.hasRemaining()) {
            currentSize += current.write(buf);
        }
        buf.clear();
    }

    /**
     * Zeros up to {@value #PREALLOCATE_BYTES} past {@code end} (not past the segment's size), so the
     * data written next lands inside the file. A disk too full for the zeros is left to the data write
     * itself, which reports it as it would without them.
     */
    private void writeAhead(long end) {
        if (end <= allocated || end > segmentBytes) {
            return;
        }
        long target = Math.min(segmentBytes, Math.max(end, allocated + PREALLOCATE_BYTES));
        try {
            for (long at = Math.max(allocated, currentSize); at < target; ) {
                ByteBuffer z = ZEROS.duplicate();
                z.limit((int) Math.min(z.capacity(), target - at));
                at += current.write(z, at);
                allocated = at;
            }
        } catch (IOException e) {
            LOG.debug("Journal cannot write ahead in {}: {}", currentPath.getFileName(), e.toString());
        }
    }

    /** What the segments take on disk now, zeros written ahead included. */
    public long diskBytes() {
        return closedBytes + Math.max(allocated, currentSize);
    }

    private void rotate(long nextFirstSeq) throws IOException {
        current.truncate(currentSize);
        closedBytes += currentSize;
        allocated = 0;
        if (fsync) {
            current.force(false);
        }
        openSegment(nextFirstSeq);
        pruneOldSegments();
    }

    private void pruneOldSegments() throws IOException {
        List<Path> segs = segments();
        long processed = checkpoint.getAsLong();
        for (int i = 0;
                i + 1 < segs.size()
                        && (segs.size() - i > retainSegments || (maxDiskBytes > 0 && diskBytes() > maxDiskBytes));
                i++) {
            long nextFirst = firstSequenceOf(segs.get(i + 1));
            if (nextFirst - 1 > processed) {
                break;
            }
            long size = Files.size(segs.get(i));
            Files.deleteIfExists(segs.get(i));
            closedBytes -= size;
            index.headMap(nextFirst, false).clear();
            LOG.info(
                    "Journal segment {} deleted: all its events were processed; {} newer segment(s) remain",
                    segs.get(i).getFileName(),
                    segs.size() - i - 1);
        }
    }

    @Override
    public void close() {
        running = false;
        writer.close(Duration.ofSeconds(10));
        try {
            if (current != null) {
                current.truncate(currentSize);
                current.force(true);
                current.close();
            }
        } catch (IOException e) {
            LOG.warn("Journal in {} did not close cleanly: {}", dir, e.getMessage());
        }
        for (Pending p; (p = pending.poll()) != null; ) {
            p.done.completeExceptionally(new IllegalStateException("journal closed"));
        }
    }
}
