package dev.vigil.engine.journal;

import dev.vigil.api.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads the records of one journal segment (layout in {@link FileJournal}), stepping over damage.
 * Records are self-delimiting and each carries a CRC of its body, so after a bad record the scan
 * resynchronises: it looks, byte by byte, for the next offset where a whole record with a good CRC,
 * a readable body and a higher sequence starts, and goes on from there. Only bytes with nothing
 * readable after them form the segment's unreadable tail.
 */
final class SegmentScanner {
    static final int HEADER = 8;
    static final int MAX_RECORD = 16 * 1024 * 1024;
    private static final int MIN_BODY = 17;
    private static final byte FORMAT = 1;
    /** A resync candidate whose sequence jumps further than this is noise that happens to pass the other checks. */
    private static final long MAX_SEQUENCE_JUMP = 1L << 40;

    interface Visitor {
        void event(Event e, long offset);

        /** Bytes [offset, offset + length) hold no readable record; good records follow. */
        default void damaged(long offset, long length, long lastGoodSequence, long nextGoodSequence) {}
    }

    /**
     * @param end          the end of what was scanned (after the last good record or good data)
     * @param lastSequence the sequence of the last good record, or the one passed in when there was none
     * @param tailIsRecord the unreadable tail starts with a whole record that fails its checks (damage, not
     *                     a write cut short by a crash)
     */
    record Result(long end, long lastSequence, boolean tailIsRecord) {}

    private SegmentScanner() {}

    /**
     * Scans {@code segment} up to {@code limit} bytes; records must carry sequences above
     * {@code sequenceBefore} and increasing.
     */
    static Result scan(Path segment, long limit, long sequenceBefore, Visitor visitor) throws IOException {
        return scan(segment, 0, limit, sequenceBefore, visitor);
    }

    /** As above, from {@code start}, which must be where a record begins. */
    static Result scan(Path segment, long start, long limit, long sequenceBefore, Visitor visitor) throws IOException {
        MappedByteBuffer buf;
        long size;
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            size = Math.min(limit, ch.size());
            if (size > Integer.MAX_VALUE) {
                throw new IOException("journal segment " + segment + " is larger than 2 GiB");
            }
            buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        int end = (int) size;
        CRC32C crc = new CRC32C();
        long last = sequenceBefore;
        int pos = (int) Math.min(start, end);
        while (pos + HEADER <= end) {
            Event e = recordAt(buf, pos, end, last, crc);
            if (e == null) {
                int next = pos + 1;
                while (next + HEADER <= end && (e = recordAt(buf, next, end, last, crc)) == null) {
                    next++;
                }
                if (e == null) {
                    return new Result(pos, last, wholeRecordAt(buf, pos, end));
                }
                visitor.damaged(pos, next - pos, last, e.getSequence());
                pos = next;
            }
            visitor.event(e, pos);
            last = e.getSequence();
            pos += HEADER + buf.getInt(pos);
        }
        return new Result(pos, last, false);
    }

    /** The event recorded at {@code pos}, or null when no valid record starts there. */
    private static Event recordAt(ByteBuffer buf, int pos, int end, long lastSequence, CRC32C crc) {
        int len = buf.getInt(pos);
        if (len < MIN_BODY || len > MAX_RECORD || (long) pos + HEADER + len > end) {
            return null;
        }
        int body = pos + HEADER;
        long seq = buf.getLong(body + 1);
        if (buf.get(body) != FORMAT || seq <= lastSequence || seq - lastSequence > MAX_SEQUENCE_JUMP) {
            return null;
        }
        crc.reset();
        crc.update(buf.slice(body, len));
        if ((int) crc.getValue() != buf.getInt(pos + 4)) {
            return null;
        }
        byte[] bytes = new byte[len];
        buf.get(body, bytes);
        try {
            return EventCodec.decode(bytes, 0, len);
        } catch (RuntimeException corrupt) {
            return null;
        }
    }

    /** Whether the record header at {@code pos} announces a record that ends by {@code end}. */
    static boolean wholeRecordAt(Path segment, long pos, long end) throws IOException {
        if (pos + HEADER > end) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            ByteBuffer len = ByteBuffer.allocate(4);
            while (len.hasRemaining() && ch.read(len, pos + len.position()) > 0) {
                // read the length field whole
            }
            int n = len.getInt(0);
            return n >= MIN_BODY && n <= MAX_RECORD && pos + HEADER + n <= end;
        }
    }

    private static boolean wholeRecordAt(ByteBuffer buf, int pos, int end) {
        if (pos + HEADER > end) {
            return false;
        }
        int len = buf.getInt(pos);
        return len >= MIN_BODY && len <= MAX_RECORD && (long) pos + HEADER + len <= end;
    }
}
