package dev.vigil.engine.http;

import dev.vigil.engine.auth.Authenticator;
import dev.vigil.engine.error.ErrorCode;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty glue for a protocol's port: checks the decoded request, takes the caller that
 * {@link LoginGate} logged in, hands an {@link ApiRequest} to the protocol's routes, and writes
 * the answer whenever it completes; refusals before any route are worded by the protocol's
 * {@link ErrorResponder}. Reading pauses while a request is in flight so answers leave in request
 * order on a keep-alive connection.
 */
@ChannelHandler.Sharable
public final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private final Function<ApiRequest, CompletableFuture<ApiResponse>> routes;
    private final Function<Throwable, ApiResponse> failure;
    private final ErrorResponder errors;

    /**
     * @param routes answers a request (never throws: refusals complete the future exceptionally or answer)
     * @param failure turns whatever the routes failed with into the protocol's error answer
     */
    public ApiHandler(
            Function<ApiRequest, CompletableFuture<ApiResponse>> routes,
            Function<Throwable, ApiResponse> failure,
            ErrorResponder errors) {
        this.routes = routes;
        this.failure = failure;
        this.errors = errors;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        long received = System.nanoTime();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (req.decoderResult().isFailure()) {
            badRequest(ctx, req.decoderResult().cause());
            return;
        }
        if (req.protocolVersion() != HttpVersion.HTTP_1_1 && req.protocolVersion() != HttpVersion.HTTP_1_0) {
            ctx.writeAndFlush(NettyResponses.toNetty(
                            errors.refuse(
                                    ErrorCode.UNSUPPORTED_HTTP_VERSION,
                                    "HTTP version " + req.protocolVersion().text() + " is not supported; use HTTP/1.1"),
                            false))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        String method = req.method().name();
        String path;
        Map<String, List<String>> query;
        try {
            QueryStringDecoder qsd = new QueryStringDecoder(req.uri());
            path = qsd.rawPath();
            query = qsd.parameters();
        } catch (IllegalArgumentException e) {
            write(ctx, errors.refuse(ErrorCode.INVALID_REQUEST, "malformed URL: " + e.getMessage()), keepAlive);
            return;
        }
        byte[] body = ByteBufUtil.getBytes(req.content());
        String contentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        String host = req.headers().get(HttpHeaderNames.HOST);
        io.netty.handler.codec.http.HttpHeaders headers = req.headers();
        Authenticator.Principal who = ctx.channel().attr(LoginGate.PRINCIPAL).getAndSet(null);
        if (who == null) {
            // LoginGate lets only malformed or foreign-version heads pass without a login; both were answered above.
            write(ctx, errors.unauthorized(true), false);
            return;
        }
        ctx.channel().config().setAutoRead(false);
        boolean secure = ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null;
        dispatch(
                ctx,
                new ApiRequest(
                        method,
                        path,
                        query,
                        body,
                        contentType,
                        who,
                        received,
                        host,
                        secure,
                        headers::get,
                        ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress isa
                                ? isa.getAddress()
                                : null),
                keepAlive);
    }

    private void dispatch(ChannelHandlerContext ctx, ApiRequest req, boolean keepAlive) {
        routes.apply(req).whenComplete((resp, err) -> {
            ApiResponse r = err != null ? failure.apply(err) : resp;
            write(ctx, r, keepAlive);
        });
    }

    private void badRequest(ChannelHandlerContext ctx, Throwable cause) {
        ApiResponse r;
        if (cause instanceof TooLongHttpLineException) {
            r = errors.refuse(ErrorCode.REQUEST_TOO_LARGE, "request line too long")
                    .withStatus(414);
        } else if (cause instanceof TooLongHttpHeaderException) {
            r = errors.refuse(ErrorCode.REQUEST_TOO_LARGE, "request headers too large")
                    .withStatus(431);
        } else if (cause instanceof TooLongFrameException) {
            r = errors.refuse(ErrorCode.REQUEST_TOO_LARGE, cause.getMessage());
        } else {
            r = errors.refuse(ErrorCode.INVALID_REQUEST, "malformed HTTP request: " + cause.getMessage());
        }
        LOG.debug("Malformed request from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.writeAndFlush(NettyResponses.toNetty(r, false)).addListener(ChannelFutureListener.CLOSE);
    }

    private static void write(ChannelHandlerContext ctx, ApiResponse r, boolean keepAlive) {
        FullHttpResponse resp = NettyResponses.toNetty(r, keepAlive);
        ctx.writeAndFlush(resp).addListener((ChannelFutureListener) f -> {
            if (!keepAlive || !f.isSuccess()) {
                f.channel().close();
            } else {
                f.channel().config().setAutoRead(true);
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) {
            // The client went away, possibly mid-request: nothing to answer, nothing lost.
            LOG.debug("Connection {} failed: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else {
            LOG.warn(
                    "Connection {} closed after an unexpected error: {}",
                    ctx.channel().remoteAddress(),
                    cause.toString());
        }
        ctx.close();
    }
}
