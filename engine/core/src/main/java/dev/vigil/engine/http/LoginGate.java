package dev.vigil.engine.http;

import dev.vigil.engine.auth.Authenticator;
import dev.vigil.engine.auth.LoginThrottle;
import dev.vigil.engine.error.ErrorCode;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Logs the caller in on the request head, before any of its body is read or buffered: a caller
 * without a valid login never gets to send megabytes. A header verified recently is answered from
 * the authenticator's cache on the event loop; otherwise reading pauses while the slow password
 * check runs on the blocking executor. A refused login is answered 401 (the connection closes when
 * a body was announced, as it is not read); an address or user in login backoff gets 429 with
 * Retry-After without any password check. The principal travels to the handler in a channel
 * attribute; a successful login makes the connection trusted ({@link ConnectionGuard}).
 * One instance per connection.
 */
public final class LoginGate extends ChannelInboundHandlerAdapter {
    /** Who a request let in without credentials is (only where a port allows it, only from loopback). */
    public static final Authenticator.Principal ANONYMOUS = new Authenticator.Principal("anonymous", "");

    private static boolean fromLoopback(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress isa
                && isa.getAddress() != null
                && isa.getAddress().isLoopbackAddress();
    }

    public static final AttributeKey<Authenticator.Principal> PRINCIPAL = AttributeKey.valueOf("vigil.principal");

    private final Authenticator authenticator;
    private final LoginThrottle throttle;
    private final Executor blocking;
    private final ErrorResponder errors;
    /** Requests without credentials from this machine are let in as {@link #ANONYMOUS} (a protocol's switch). */
    private final boolean anonymousLoopback;
    /** Parts of the current request that arrived while its login was being checked. */
    private final ArrayDeque<Object> held = new ArrayDeque<>();

    private boolean checking;
    private boolean discarding;
    /** The refusal is sent and the connection is lingering to its close: nothing more is read into a request. */
    private boolean closing;

    /** The application sharing this port with its own login, or null. */
    private final SharedPortApp app;

    /** @param app an application sharing the port that logs its users in itself, or null */
    public LoginGate(
            Authenticator authenticator,
            LoginThrottle throttle,
            Executor blocking,
            ErrorResponder errors,
            boolean anonymousLoopback,
            SharedPortApp app) {
        this.app = app;
        this.anonymousLoopback = anonymousLoopback;
        this.errors = errors;
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.blocking = blocking;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (discarding) {
            if (msg instanceof LastHttpContent) {
                discarding = false;
            }
            ReferenceCountUtil.release(msg);
            return;
        }
        if (checking) {
            held.add(msg);
            return;
        }
        if (!(msg instanceof HttpRequest req)
                || req.decoderResult().isFailure()
                || (req.protocolVersion() != HttpVersion.HTTP_1_1 && req.protocolVersion() != HttpVersion.HTTP_1_0)) {
            // Malformed heads and foreign versions are answered by the handler, which closes the connection.
            super.channelRead(ctx, msg);
            return;
        }
        if (app != null) {
            String path = pathOf(req.uri());
            if (app.owns(path)) {
                Authenticator.Principal who = app.principal(path, req.headers()::get);
                if (who != SharedPortApp.GUEST) {
                    admit(ctx, who, msg);
                    return;
                }
                // A guest (the login form, the page's files) proves nothing: its connection stays one that
                // may be given up for a newcomer, and it may not make the server buffer more than a login.
                if (HttpUtil.getContentLength(req, 0L) > SharedPortApp.GUEST_MAX_BODY
                        || HttpUtil.isTransferEncodingChunked(req)) {
                    refuse(
                            ctx,
                            req,
                            errors.refuse(
                                    ErrorCode.REQUEST_TOO_LARGE,
                                    "a request without a login may carry at most " + SharedPortApp.GUEST_MAX_BODY
                                            + " bytes"));
                    ReferenceCountUtil.release(msg);
                    return;
                }
                ctx.channel().attr(PRINCIPAL).set(who);
                ctx.fireChannelRead(msg);
                return;
            }
        }
        String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        Optional<Authenticator.Principal> cached = authenticator.cached(authorization);
        if (cached.isPresent()) {
            admit(ctx, cached.get(), msg);
            return;
        }
        if (authorization == null && anonymousLoopback && fromLoopback(ctx)) {
            admit(ctx, ANONYMOUS, msg);
            return;
        }
        if (authorization == null) {
            refuse(ctx, req, errors.unauthorized(true));
            ReferenceCountUtil.release(msg);
            return;
        }
        InetAddress from = ctx.channel().remoteAddress() instanceof InetSocketAddress isa ? isa.getAddress() : null;
        String user = Authenticator.userOf(authorization);
        long wait = throttle.waitNanos(from, user);
        if (wait > 0) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999L));
            refuse(
                    ctx,
                    req,
                    errors.refuse(
                                    ErrorCode.TOO_MANY_REQUESTS,
                                    "too many failed logins"
                                            + (from == null ? "" : " from " + from.getHostAddress())
                                            + (user == null ? "" : " or for " + user)
                                            + "; retry in " + seconds + " s")
                            .withHeader("Retry-After", Long.toString(seconds)));
            ReferenceCountUtil.release(msg);
            return;
        }
        checking = true;
        ctx.channel().config().setAutoRead(false);
        try {
            blocking.execute(() -> {
                Optional<Authenticator.Principal> who = authenticator.authenticate(authorization);
                if (who.isPresent()) {
                    throttle.succeeded(from, who.get().user());
                } else if (user != null) {
                    throttle.failed(from, user);
                }
                ctx.executor().execute(() -> checked(ctx, req, who));
            });
        } catch (RejectedExecutionException e) {
            checking = false;
            refuse(
                    ctx,
                    req,
                    errors.refuse(ErrorCode.SERVER_BUSY, "server is shutting down or busy")
                            .withHeader("Retry-After", "1"));
            ReferenceCountUtil.release(msg);
        }
    }

    private static String pathOf(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    private void checked(ChannelHandlerContext ctx, HttpRequest req, Optional<Authenticator.Principal> who) {
        checking = false;
        if (who.isEmpty()) {
            refuse(ctx, req, errors.unauthorized(false));
            ReferenceCountUtil.release(req);
            for (Object m; (m = held.poll()) != null; ) {
                if (m instanceof LastHttpContent) {
                    discarding = false;
                }
                ReferenceCountUtil.release(m);
            }
            ctx.channel().config().setAutoRead(true);
            return;
        }
        admit(ctx, who.get(), req);
        // The rest of this request goes on; a request pipelined behind it gets its own login check.
        boolean ended = req instanceof LastHttpContent;
        while (!ended && !held.isEmpty()) {
            Object m = held.poll();
            ended = m instanceof LastHttpContent;
            ctx.fireChannelRead(m);
        }
        while (!held.isEmpty() && !checking) {
            try {
                channelRead(ctx, held.poll());
            } catch (Exception e) {
                ctx.fireExceptionCaught(e);
            }
        }
        if (!ended && !checking) {
            // Its body is still to come. Once a request is whole, the handler resumes reading after its answer.
            ctx.channel().config().setAutoRead(true);
        }
    }

    private static void admit(ChannelHandlerContext ctx, Authenticator.Principal who, Object req) {
        ctx.channel().attr(PRINCIPAL).set(who);
        ConnectionGuard.trust(ctx.channel());
        ctx.fireChannelRead(req);
    }

    /**
     * Answers without reading the body: a request that announced none may keep its connection
     * (clients that try without a login first, then with one); otherwise it closes.
     */
    private void refuse(ChannelHandlerContext ctx, HttpRequest req, ApiResponse r) {
        boolean noBody = HttpUtil.getContentLength(req, 0L) == 0 && !HttpUtil.isTransferEncodingChunked(req);
        boolean keepAlive = noBody && HttpUtil.isKeepAlive(req);
        discarding = !(req instanceof LastHttpContent);
        // Without "Connection: close": the keep-alive handler would close at once on it, which is what
        // Linger avoids; the client learns of the close by the FIN that follows the answer.
        var write = ctx.writeAndFlush(NettyResponses.toNetty(r, true));
        if (!keepAlive) {
            closing = true;
            write.addListener((ChannelFutureListener) f -> Linger.closeAfterAnswer(ctx));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        for (Object m; (m = held.poll()) != null; ) {
            ReferenceCountUtil.release(m);
        }
        super.channelInactive(ctx);
    }
}
