package dev.vigil.engine.http;

import dev.vigil.engine.error.ErrorCode;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the request body bytes all connections hold together while bodies arrive (each is also
 * bounded by {@code maxBodyBytes}): many large bodies sent slowly at once would otherwise pin the
 * direct memory that every connection, and the journal, need. Over the budget, the request gets
 * 503 with Retry-After and its connection closes. One instance per connection, one shared counter.
 */
public final class BodyBudget extends ChannelInboundHandlerAdapter {
    private final ErrorResponder errors;
    private final AtomicLong held;
    private final long max;
    private long mine;
    private boolean refused;

    public BodyBudget(AtomicLong held, long max, ErrorResponder errors) {
        this.held = held;
        this.max = max;
        this.errors = errors;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpContent c) {
            int n = c.content().readableBytes();
            if (held.addAndGet(n) > max) {
                held.addAndGet(-n);
                refused = true;
                ReferenceCountUtil.release(msg);
                ApiResponse r = errors.refuse(
                                ErrorCode.SERVER_BUSY,
                                "the server holds too many request bodies right now "
                                        + "(http.maxBufferedBytes); retry later, nothing was stored")
                        .withHeader("Retry-After", "1");
                ctx.writeAndFlush(NettyResponses.toNetty(r, false)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            mine += n;
            if (msg instanceof LastHttpContent) {
                // The aggregated request is handed on now and copied out by the handler at once.
                releaseMine();
            }
        }
        super.channelRead(ctx, msg);
    }

    private void releaseMine() {
        held.addAndGet(-mine);
        mine = 0;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseMine();
        super.channelInactive(ctx);
    }
}
