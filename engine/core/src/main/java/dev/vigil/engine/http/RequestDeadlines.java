package dev.vigil.engine.http;

import dev.vigil.engine.error.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Time limits for one connection's requests, against clients that trickle a request to hold a
 * connection (slowloris): the head must be whole within {@code headerTimeout} of its first byte
 * (or of the connection opening), the body within {@code bodyTimeout} of the head. A keep-alive
 * connection waiting between requests is not timed here (the idle timeout is). One instance per
 * connection: {@link #raw()} goes before the HTTP codec and sees bytes arrive, {@link #decoded()}
 * after it and sees heads, bodies and answers.
 */
public final class RequestDeadlines {
    private final ErrorResponder errors;

    private enum State {
        HEAD,
        BODY,
        ANSWERING,
        IDLE
    }

    private final long headNanos;
    private final long bodyNanos;
    private State state = State.HEAD;
    /** The answer left before the body was read (a refused login): the request ends with its last part. */
    private boolean answeredEarly;

    private ScheduledFuture<?> timer;

    public RequestDeadlines(Duration headerTimeout, Duration bodyTimeout, ErrorResponder errors) {
        this.headNanos = headerTimeout.toNanos();
        this.bodyNanos = bodyTimeout.toNanos();
        this.errors = errors;
    }

    public ChannelInboundHandlerAdapter raw() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) throws Exception {
                arm(ctx, headNanos, "request head");
                super.channelActive(ctx);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                if (state == State.IDLE && msg instanceof ByteBuf b && b.isReadable()) {
                    state = State.HEAD;
                    arm(ctx, headNanos, "request head");
                }
                super.channelRead(ctx, msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                cancel();
                super.channelInactive(ctx);
            }
        };
    }

    public ChannelDuplexHandler decoded() {
        return new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                if (msg instanceof HttpRequest) {
                    cancel();
                    state = State.BODY;
                    arm(ctx, bodyNanos, "request body");
                }
                if (msg instanceof LastHttpContent) {
                    cancel();
                    state = answeredEarly ? State.IDLE : State.ANSWERING;
                    answeredEarly = false;
                }
                super.channelRead(ctx, msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
                if (msg instanceof HttpResponse) {
                    if (state == State.ANSWERING) {
                        state = State.IDLE;
                    } else if (state == State.BODY) {
                        answeredEarly = true;
                    }
                }
                super.write(ctx, msg, promise);
            }
        };
    }

    private void arm(ChannelHandlerContext ctx, long nanos, String what) {
        cancel();
        State armedFor = state;
        timer = ctx.executor()
                .schedule(
                        () -> {
                            if (state == armedFor && ctx.channel().isActive()) {
                                ApiResponse r = errors.refuse(
                                        ErrorCode.REQUEST_TIMEOUT,
                                        what + " not received within " + TimeUnit.NANOSECONDS.toSeconds(nanos) + " s");
                                ctx.channel()
                                        .writeAndFlush(NettyResponses.toNetty(r, false))
                                        .addListener(ChannelFutureListener.CLOSE);
                            }
                        },
                        nanos,
                        TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
