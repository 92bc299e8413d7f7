package dev.vigil.engine.websdk;

import dev.vigil.engine.http.ApiResponse;
import dev.vigil.engine.stream.StreamSink;
import io.micrometer.core.instrument.Counter;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream connection. A stream writes at most once per flush tick: a batch for a stream that
 * wrote longer than {@link #FLUSH_TICK_MILLIS} ago goes out at once; one that comes sooner waits
 * for the rest of the tick, and every batch arriving meanwhile joins it, so a busy stream costs one
 * socket write per tick instead of one per batch (with 2,000 streams, the socket writes were most of
 * the daemon's time) while a quiet one adds no delay.
 * Bytes handed over but not yet on the wire are counted; when more than {@code bufferBytes}
 * are still waiting as the next batch comes, the reader is disconnected (and counted), so it can
 * never hold the heap or slow the fan-out for the others.
 */
final class NettyStreamSink implements StreamSink {
    private static final Logger LOG = LoggerFactory.getLogger(NettyStreamSink.class);
    private final Channel channel;
    private final String connectionId;
    private final String who;
    private final long bufferBytes;
    private final Counter dropped;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    /** How long a part may wait for others to share its socket write. */
    static final long FLUSH_TICK_MILLIS = 2;

    private final java.util.concurrent.ConcurrentLinkedQueue<byte[]> queuedParts =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private volatile long lastWriteNanos;

    NettyStreamSink(Channel channel, String connectionId, String who, long bufferBytes, Counter dropped) {
        this.channel = channel;
        this.connectionId = connectionId;
        this.who = who;
        this.bufferBytes = bufferBytes;
        this.dropped = dropped;
    }

    @Override
    public String connectionId() {
        return connectionId;
    }

    @Override
    public void send(List<byte[]> parts) {
        if (closing.get() || !channel.isActive()) {
            return;
        }
        long size = 0;
        for (byte[] p : parts) {
            size += p.length;
        }
        // What is still unsent from earlier batches decides: one large batch alone never closes a stream.
        long waiting = pending.get();
        if (waiting > bufferBytes) {
            if (!closing.compareAndSet(false, true)) {
                return;
            }
            dropped.increment();
            LOG.info(
                    "Stream {} of {} closed: its reader is {} bytes behind (streaming.bufferBytes {})",
                    connectionId,
                    who,
                    waiting,
                    bufferBytes);
            channel.close();
            return;
        }
        pending.addAndGet(size);
        queuedParts.addAll(parts);
        if (writeScheduled.compareAndSet(false, true)) {
            long wait = lastWriteNanos + TimeUnit.MILLISECONDS.toNanos(FLUSH_TICK_MILLIS) - System.nanoTime();
            if (wait <= 0) {
                channel.eventLoop().execute(this::writeWaiting);
            } else {
                channel.eventLoop().schedule(this::writeWaiting, wait, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** On the event loop: everything waiting as one composite buffer, one trip through the pipeline, one flush. */
    private void writeWaiting() {
        writeScheduled.set(false);
        lastWriteNanos = System.nanoTime();
        List<byte[]> batch = new ArrayList<>();
        long size = 0;
        for (byte[] p; (p = queuedParts.poll()) != null; ) {
            batch.add(p);
            size += p.length;
        }
        if (batch.isEmpty()) {
            return;
        }
        long written = size;
        channel.writeAndFlush(Unpooled.wrappedBuffer(batch.toArray(new byte[0][])))
                .addListener(f -> pending.addAndGet(-written));
    }

    /** Writes raw bytes on the event loop (the head, a heartbeat); callers are on the loop already. */
    void writeNow(byte[] bytes) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    @Override
    public void close(String reason) {
        LOG.debug("Stream {} closing: {}", connectionId, reason);
        channel.close();
    }

    /** A plain answer before any stream starts, in the Web SDK envelope, then the connection closes. */
    static void answerAndClose(Channel ch, ApiResponse r) {
        String head = "HTTP/1.0 " + r.status() + " "
                + HttpResponseStatus.valueOf(r.status()).reasonPhrase() + "\r\nContent-Type: " + r.contentType()
                + "\r\nContent-Length: " + r.body().length
                + "\r\nConnection: close\r\n\r\n";
        ch.write(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII)));
        ch.writeAndFlush(Unpooled.wrappedBuffer(r.body())).addListener(ChannelFutureListener.CLOSE);
    }
}
