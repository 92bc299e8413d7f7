package dev.vigil.engine.http;

import dev.vigil.engine.config.VigilConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The Web SDK pipeline: connection limit, idle timeout, HTTP codec with header and line limits,
 * keep-alive, body aggregation with a size limit answered in the API's envelope, then the handler.
 */
final class WebSdkInitializer extends ChannelInitializer<SocketChannel> {
    private final VigilConfig.Http config;
    private final ConnectionLimiter limiter;
    private final WebSdkHandler handler;

    WebSdkInitializer(VigilConfig.Http config, ConnectionLimiter limiter, WebSdkHandler handler) {
        this.config = config;
        this.limiter = limiter;
        this.handler = handler;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("limit", limiter);
        p.addLast("idle", new IdleStateHandler(0, 0, config.idleTimeout.toSeconds(), TimeUnit.SECONDS));
        p.addLast("codec", new HttpServerCodec(config.maxInitialLineBytes, config.maxHeaderBytes, 64 * 1024));
        p.addLast("keepalive", new HttpServerKeepAliveHandler());
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
        protected void handleOversizedMessage(ChannelHandlerContext ctx, io.netty.handler.codec.http.HttpMessage oversized) {
            ApiResponse r = Envelope.fail(413, "RequestTooLarge", "request body exceeds " + max + " bytes (http.maxBodyBytes)");
            FullHttpResponse resp = WebSdkHandler.toNetty(r, false);
            ctx.writeAndFlush(resp).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
    }
}
