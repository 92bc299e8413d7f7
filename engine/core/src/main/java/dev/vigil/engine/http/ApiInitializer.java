package dev.vigil.engine.http;

import dev.vigil.engine.auth.Authenticator;
import dev.vigil.engine.auth.LoginThrottle;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.error.ErrorCode;
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
 * The pipeline of an API port (Web SDK, Camlytics): connection guard, idle timeout, head and body
 * deadlines around the HTTP codec (header and line limits from {@code http.*}), keep-alive, login
 * on the head, a shared budget for bodies in flight, body aggregation with a size limit, then the
 * protocol's handler. Every refusal is worded by the protocol's {@link ErrorResponder}.
 */
public final class ApiInitializer extends ChannelInitializer<SocketChannel> {
    private final VigilConfig.Http config;
    private final ConnectionGuard guard;
    private final Authenticator authenticator;
    private final LoginThrottle throttle;
    private final Executor blocking;
    private final AtomicLong bufferedBodyBytes = new AtomicLong();
    private final ApiHandler handler;
    private final ErrorResponder errors;
    private final boolean anonymousLoopback;
    private final TlsContext tls;
    private final SharedPortApp app;

    /**
     * @param portName names the port in log lines ("Web SDK port")
     * @param anonymousLoopback let requests from the loopback address in without a login
     * @param tls HTTPS for the port, or null for plain HTTP only
     * @param app a web application sharing the port under its own path and login, or null
     */
    public ApiInitializer(
            VigilConfig.Http config,
            String portName,
            Authenticator authenticator,
            LoginThrottle throttle,
            Executor blocking,
            ErrorResponder errors,
            ApiHandler handler,
            boolean anonymousLoopback,
            TlsContext tls,
            SharedPortApp app) {
        this.app = app;
        this.tls = tls;
        this.config = config;
        this.errors = errors;
        this.anonymousLoopback = anonymousLoopback;
        this.guard = new ConnectionGuard(portName, config.maxConnections, config.maxConnectionsPerAddress);
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.blocking = blocking;
        this.handler = handler;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        RequestDeadlines deadlines = new RequestDeadlines(config.headerTimeout, config.bodyTimeout, errors);
        p.addLast("guard", guard);
        if (tls != null) {
            p.addLast("tls", tls.handler());
        }
        p.addLast("idle", new IdleStateHandler(0, 0, config.idleTimeout.toSeconds(), TimeUnit.SECONDS));
        p.addLast("deadline-bytes", deadlines.raw());
        p.addLast("codec", new HttpServerCodec(config.maxInitialLineBytes, config.maxHeaderBytes, 64 * 1024));
        p.addLast("deadline-requests", deadlines.decoded());
        p.addLast("keepalive", new HttpServerKeepAliveHandler());
        // Login before the body: nobody without a password gets to make the server buffer anything.
        p.addLast("login", new LoginGate(authenticator, throttle, blocking, errors, anonymousLoopback, app));
        p.addLast("body-budget", new BodyBudget(bufferedBodyBytes, config.maxBufferedBytes, errors));
        p.addLast("aggregate", new SizedAggregator(config.maxBodyBytes, errors));
        if (app != null) {
            p.addLast("app-stream", app.streamHandler());
        }
        p.addLast("api", handler);
    }

    /** Answers an oversized body with 413 in the protocol's error shape instead of Netty's bare reply. */
    private static final class SizedAggregator extends HttpObjectAggregator {
        private final int max;
        private final ErrorResponder errors;

        SizedAggregator(int max, ErrorResponder errors) {
            super(max);
            this.max = max;
            this.errors = errors;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            ApiResponse r = errors.refuse(
                    ErrorCode.REQUEST_TOO_LARGE, "request body exceeds " + max + " bytes (http.maxBodyBytes)");
            // The client is still sending the body: answer, then close only once it has read the answer.
            FullHttpResponse resp = NettyResponses.toNetty(r, true);
            ctx.writeAndFlush(resp).addListener((ChannelFutureListener) f -> Linger.closeAfterAnswer(ctx));
        }
    }
}
