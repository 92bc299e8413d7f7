package dev.vigil.engine.websdk;

import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.http.ConnectionGuard;
import dev.vigil.engine.stream.Session;
import dev.vigil.engine.stream.SessionRegistry;
import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming port: {@code GET {base}/streaming/events/sessionid={id}} opens the session's
 * multipart stream; the session id (from the 301 of {@code GET /events}) is the credential. The
 * answer is written byte for byte as the Web SDK sends it, an HTTP/1.0 head without a length,
 * then parts until either side closes. A KeepAlive part goes out whenever the stream was quiet
 * for {@code streaming.keepAliveInterval}.
 */
final class StreamingHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingHandler.class);
    private final VigilConfig.Streaming config;
    private final String prefix;
    private final SessionRegistry sessions;
    private final Counter dropped;
    private Session session;
    private NettyStreamSink sink;

    StreamingHandler(
            VigilConfig.Streaming config,
            String basePath,
            SessionRegistry sessions,
            Counter dropped,
            Duration headerTimeout,
            Clock clock) {
        this.clock = clock;
        this.config = config;
        this.prefix = basePath + "/streaming/events/sessionid=";
        this.sessions = sessions;
        this.dropped = dropped;
        this.headerTimeout = headerTimeout;
    }

    private final Duration headerTimeout;
    private final Clock clock;

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        // One request per connection: a client that has not completed it in time is trickling to hold a slot.
        ctx.executor()
                .schedule(
                        () -> {
                            if (sink == null && ctx.channel().isActive()) {
                                ctx.close();
                            }
                        },
                        headerTimeout.toMillis(),
                        TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (sink != null) {
            return; // a streaming client has nothing more to say; whatever it sends is ignored
        }
        if (req.decoderResult().isFailure()) {
            NettyStreamSink.answerAndClose(
                    ctx.channel(),
                    Envelope.fail(
                            ErrorCode.INVALID_REQUEST,
                            "malformed HTTP request: "
                                    + req.decoderResult().cause().getMessage()));
            return;
        }
        String path;
        try {
            path = new QueryStringDecoder(req.uri()).rawPath();
        } catch (IllegalArgumentException e) {
            NettyStreamSink.answerAndClose(ctx.channel(), Envelope.fail(ErrorCode.INVALID_REQUEST, "malformed URL"));
            return;
        }
        if (!path.startsWith(prefix)) {
            NettyStreamSink.answerAndClose(
                    ctx.channel(),
                    Envelope.fail(
                            ErrorCode.UNKNOWN_REQUEST,
                            "no such request on the " + "streaming port: " + path
                                    + "; open a stream by following the 301 of GET /events"));
            return;
        }
        if (!HttpMethod.GET.equals(req.method())) {
            NettyStreamSink.answerAndClose(
                    ctx.channel(),
                    Envelope.fail(
                            ErrorCode.METHOD_NOT_ALLOWED,
                            req.method() + " is not allowed; a stream is opened with GET"));
            return;
        }
        Optional<Session> found = sessions.byId(path.substring(prefix.length()));
        if (found.isEmpty()) {
            NettyStreamSink.answerAndClose(
                    ctx.channel(),
                    Envelope.fail(
                            ErrorCode.SESSION_EXPIRED,
                            "unknown or expired " + "session; log in and follow the 301 of GET /events again"));
            return;
        }
        Session s = found.get();
        String connectionId = UUID.randomUUID().toString();
        NettyStreamSink candidate =
                new NettyStreamSink(ctx.channel(), connectionId, s.user(), config.bufferBytes, dropped);
        try {
            sessions.attach(s, candidate);
        } catch (RefusedException e) {
            NettyStreamSink.answerAndClose(ctx.channel(), Envelope.fail(e));
            return;
        }
        session = s;
        sink = candidate;
        ConnectionGuard.trust(ctx.channel());
        long keepAlive = config.keepAliveInterval.toMillis();
        ctx.pipeline().replace("idle", "keepalive", new IdleStateHandler(0, keepAlive, 0, TimeUnit.MILLISECONDS));
        sink.writeNow(StreamParts.head(connectionId));
        LOG.info(
                "Stream {} opened for {} from {}",
                connectionId,
                s.user(),
                ctx.channel().remoteAddress());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle) {
            if (sink == null) {
                ctx.close(); // connected but never asked for a stream
            } else if (idle.state() == IdleState.WRITER_IDLE) {
                sink.writeNow(StreamParts.keepAlive(clock.instant()));
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (sink != null) {
            sessions.detach(session, sink.connectionId());
            LOG.info("Stream {} of {} closed", sink.connectionId(), session.user());
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("Stream connection {} failed: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else {
            LOG.warn(
                    "Stream connection {} closed after an unexpected error: {}",
                    ctx.channel().remoteAddress(),
                    cause.toString());
        }
        ctx.close();
    }
}
