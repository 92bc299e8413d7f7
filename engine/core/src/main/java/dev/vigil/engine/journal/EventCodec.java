package dev.vigil.engine.journal;

import dev.vigil.api.Event;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * Binary form of an {@link Event} in the journal: a format byte, then sequence, type, source,
 * source type, timestamp, origin, properties and payload, strings as length-prefixed UTF-8.
 * Binary rather than JSON because the journal writer encodes every event on the hot path.
 */
public final class EventCodec {
    private static final byte FORMAT = 1;

    private EventCodec() {}

    /** A growable byte buffer reused across events by one writer thread. */
    public static final class Writer {
        private byte[] buf = new byte[1024];
        private int pos;

        public void reset() {
            pos = 0;
        }

        public int length() {
            return pos;
        }

        public byte[] array() {
            return buf;
        }

        private void ensure(int more) {
            if (pos + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
            }
        }

        void putByte(int b) {
            ensure(1);
            buf[pos++] = (byte) b;
        }

        void putInt(int v) {
            ensure(4);
            buf[pos++] = (byte) (v >>> 24);
            buf[pos++] = (byte) (v >>> 16);
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) v;
        }

        void putLong(long v) {
            putInt((int) (v >>> 32));
            putInt((int) v);
        }

        void putString(String s) {
            if (s == null) {
                putInt(-1);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            putInt(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }
    }

    /** Appends the encoded event to {@code out}. */
    public static void encode(Event e, Writer out) {
        out.putByte(FORMAT);
        out.putLong(e.getSequence());
        out.putString(e.getType());
        out.putLong(e.getSource().getMostSignificantBits());
        out.putLong(e.getSource().getLeastSignificantBits());
        out.putString(e.getSourceType());
        out.putLong(e.getTimestamp().getEpochSecond());
        out.putInt(e.getTimestamp().getNano());
        out.putString(e.getOrigin());
        out.putInt(e.getProperties().size());
        for (Map.Entry<String, String> p : e.getProperties().entrySet()) {
            out.putString(p.getKey());
            out.putString(p.getValue());
        }
        out.putString(e.getPayload());
    }

    /** @throws IllegalStateException when the bytes are not an event this codec wrote */
    public static Event decode(byte[] bytes, int offset, int length) {
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, length);
        try {
            if (b.get() != FORMAT) {
                throw new IllegalStateException("unknown journal record format");
            }
            Event.Builder e = Event.builder()
                    .sequence(b.getLong())
                    .type(string(b))
                    .source(new UUID(b.getLong(), b.getLong()))
                    .sourceType(string(b));
            long sec = b.getLong();
            int nano = b.getInt();
            e.timestamp(Instant.ofEpochSecond(sec, nano)).origin(string(b));
            int props = b.getInt();
            if (props < 0 || props > length) {
                throw new IllegalStateException("corrupt property count " + props);
            }
            for (int i = 0; i < props; i++) {
                e.property(string(b), string(b));
            }
            return e.payload(string(b)).build();
        } catch (BufferUnderflowException | IllegalArgumentException | NullPointerException ex) {
            throw new IllegalStateException("corrupt journal record: " + ex, ex);
        }
    }

    private static String string(ByteBuffer b) {
        int n = b.getInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > b.remaining()) {
            throw new IllegalStateException("corrupt string length " + n);
        }
        String s = new String(b.array(), b.arrayOffset() + b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }
}
