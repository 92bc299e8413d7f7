package dev.vigil.engine.websdk;

import dev.vigil.engine.auth.Authenticator;
import dev.vigil.engine.auth.LoginThrottle;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.http.ApiResponse;
import dev.vigil.engine.http.BodyBudget;
import dev.vigil.engine.http.ConnectionGuard;
import dev.vigil.engine.http.LoginGate;
import dev.vigil.engine.http.NettyResponses;
import dev.vigil.engine.http.RequestDeadlines;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Web SDK pipeline: connection guard, idle timeout, head and body deadlines around the HTTP
 * codec (header and line limits), keep-alive, login on the head, a shared budget for bodies in
 * flight, body aggregation with a size limit answered in the API's envelope, then the handler.
 */
final class WebSdkInitializer extends ChannelInitializer<SocketChannel> {
    private final VigilConfig.Http config;
    private final ConnectionGuard guard;
    private final Authenticator authenticator;
    private final LoginThrottle throttle;
    private final Executor blocking;
    private final AtomicLong bufferedBodyBytes = new AtomicLong();
    private final WebSdkHandler handler;

    WebSdkInitializer(
            VigilConfig.Http config,
            Authenticator authenticator,
            LoginThrottle throttle,
            Executor blocking,
            WebSdkHandler handler) {
        this.config = config;
        this.guard = new ConnectionGuard("Web SDK port", config.maxConnections, config.maxConnectionsPerAddress);
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.blocking = blocking;
        this.handler = handler;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        RequestDeadlines deadlines =
                new RequestDeadlines(config.headerTimeout, config.bodyTimeout, WebSdkErrors.RESPONDER);
        p.addLast("guard", guard);
        p.addLast("idle", new IdleStateHandler(0, 0, config.idleTimeout.toSeconds(), TimeUnit.SECONDS));
        p.addLast("deadline-bytes", deadlines.raw());
        p.addLast("codec", new HttpServerCodec(config.maxInitialLineBytes, config.maxHeaderBytes, 64 * 1024));
        p.addLast("deadline-requests", deadlines.decoded());
        p.addLast("keepalive", new HttpServerKeepAliveHandler());
        // Login before the body: nobody without a password gets to make the server buffer anything.
        p.addLast("login", new LoginGate(authenticator, throttle, blocking, WebSdkErrors.RESPONDER));
        p.addLast("body-budget", new BodyBudget(bufferedBodyBytes, config.maxBufferedBytes, WebSdkErrors.RESPONDER));
        p.addLast("aggregate", new EnvelopeAggregator(config.maxBodyBytes));
        p.addLast("websdk", handler);
    }

    /** Answers an oversized body with 413 in the Fail envelope instead of Netty's bare reply. */
    private static final class EnvelopeAggregator extends HttpObjectAggregator {
        private final int max;

        EnvelopeAggregator(int max) {
            super(max);
            this.max = max;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            ApiResponse r = Envelope.fail(
                    ErrorCode.REQUEST_TOO_LARGE, "request body exceeds " + max + " bytes (http.maxBodyBytes)");
            FullHttpResponse resp = NettyResponses.toNetty(r, false);
            ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
