package dev.vigil.engine.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may hold a connection. At most {@code maxPerAddress} connections per remote address, so one
 * host cannot take every slot. At {@code max} connections a newcomer is still let in: the oldest
 * connection that has not yet proved a login (an unauthenticated or half-sent request) is closed
 * for it, so connections held open by nobody in particular can never lock out a client that logs
 * in. Only when every open connection belongs to a logged-in client is the newcomer refused.
 */
@ChannelHandler.Sharable
public final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final AttributeKey<Boolean> TRUSTED = AttributeKey.valueOf("vigil.trusted");
    private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf("vigil.refused");
    private final String what;
    private final int max;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    /** Connections that have not proved a login yet, oldest first: the ones given up for a newcomer. */
    private final ConcurrentLinkedDeque<Channel> untrusted = new ConcurrentLinkedDeque<>();

    private final AtomicInteger refusedSinceLog = new AtomicInteger();
    private final AtomicInteger evictedSinceLog = new AtomicInteger();
    private volatile long lastLog;

    public ConnectionGuard(String what, int max, int maxPerAddress) {
        this.what = what;
        this.max = max;
        this.maxPerAddress = maxPerAddress;
    }

    /** The connection carried a request with a valid login: it is no longer given up for newcomers. */
    public static void trust(Channel ch) {
        if (ch.attr(TRUSTED).setIfAbsent(Boolean.TRUE) == null) {
            ConnectionGuard g = ch.pipeline().get(ConnectionGuard.class);
            if (g != null) {
                g.untrusted.remove(ch);
            }
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress addr = address(ctx.channel());
        if (addr != null
                && perAddress.computeIfAbsent(addr, a -> new AtomicInteger()).incrementAndGet() > maxPerAddress) {
            refuse(
                    ctx,
                    "more than " + maxPerAddress + " from " + addr.getHostAddress() + " (maxConnectionsPerAddress)");
            return;
        }
        if (open.incrementAndGet() > max) {
            Channel victim = untrusted.pollFirst();
            if (victim == null) {
                open.decrementAndGet();
                refuse(ctx, max + " open, all logged in (maxConnections)");
                return;
            }
            evictedSinceLog.incrementAndGet();
            victim.close();
            maybeLog();
        }
        untrusted.addLast(ctx.channel());
        super.channelActive(ctx);
    }

    private void refuse(ChannelHandlerContext ctx, String why) {
        refusedSinceLog.incrementAndGet();
        ctx.channel().attr(REFUSED).set(Boolean.TRUE);
        ctx.close();
        maybeLog(why);
    }

    private void maybeLog() {
        maybeLog(null);
    }

    private void maybeLog(String why) {
        long now = System.nanoTime();
        if (now - lastLog > 10_000_000_000L) {
            lastLog = now;
            int refused = refusedSinceLog.getAndSet(0);
            int evicted = evictedSinceLog.getAndSet(0);
            LOG.warn(
                    "{}: refused {} connection(s){}, closed {} connection(s) without a login to make room; {} open",
                    what,
                    refused,
                    why == null ? "" : " (" + why + ")",
                    evicted,
                    open.get());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        InetAddress addr = address(ctx.channel());
        if (addr != null) {
            perAddress.computeIfPresent(addr, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
        // A connection refused at the door was never counted in open.
        if (ctx.channel().attr(REFUSED).get() == null) {
            open.decrementAndGet();
        }
        untrusted.remove(ctx.channel());
        super.channelInactive(ctx);
    }

    private static InetAddress address(Channel ch) {
        return ch.remoteAddress() instanceof InetSocketAddress isa ? isa.getAddress() : null;
    }
}
