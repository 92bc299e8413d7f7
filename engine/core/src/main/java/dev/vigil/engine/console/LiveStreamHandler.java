package dev.vigil.engine.console;

import dev.vigil.engine.auth.UserStore;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.http.LoginGate;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /console/api/live}: a server-sent event stream (alarm changes, and the event tail when
 * asked with {@code events=1}, {@code types=A,B}, {@code source=} a GUID, LogicalID or name). Server-sent events rather
 * than the Web SDK's multipart stream: a browser's {@code EventSource} reads them on the same port
 * and login, reconnects by itself, and needs no second port in the page's Content-Security-Policy.
 * Every other request passes on to the port's request handler.
 */
@ChannelHandler.Sharable
final class LiveStreamHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(LiveStreamHandler.class);
    static final String PATH = ConsoleRoutes.BASE + "/api/live";

    private final ConsoleLogins logins;
    private final ConsoleFeed feed;
    private final UserStore users;
    private final EntityRegistry entities;
    private final int maxClients;

    LiveStreamHandler(
            ConsoleLogins logins, ConsoleFeed feed, UserStore users, EntityRegistry entities, int maxClients) {
        this.logins = logins;
        this.feed = feed;
        this.users = users;
        this.entities = entities;
        this.maxClients = maxClients;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof FullHttpRequest req)
                || !req.decoderResult().isSuccess()
                || !req.uri().startsWith(PATH)) {
            super.channelRead(ctx, msg);
            return;
        }
        QueryStringDecoder qs = new QueryStringDecoder(req.uri());
        if (!qs.rawPath().equals(PATH)) {
            super.channelRead(ctx, msg);
            return;
        }
        try {
            ctx.channel().attr(LoginGate.PRINCIPAL).set(null);
            open(ctx, req, qs);
        } finally {
            req.release();
        }
    }

    private void open(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder qs) {
        if (!req.method().name().equals("GET")) {
            refuse(ctx, ConsoleRoutes.error(405, "use GET for the live stream").withHeader("Allow", "GET"));
            return;
        }
        String cookie = req.headers().get(HttpHeaderNames.COOKIE);
        Optional<ConsoleLogins.Login> login = logins.find(cookie);
        if (login.isEmpty() || !users.exists(login.get().user)) {
            refuse(ctx, ConsoleRoutes.error(401, "log in first"));
            return;
        }
        if (feed.size() >= maxClients) {
            refuse(
                    ctx,
                    ConsoleRoutes.error(503, "too many console pages open (console.maxLiveConnections)")
                            .withHeader("Retry-After", "10"));
            return;
        }
        String user = login.get().user;
        boolean admin = users.roleOf(user) == UserStore.Role.ADMIN;
        boolean all = "1".equals(first(qs, "all"));
        if (all && !admin) {
            refuse(ctx, ConsoleRoutes.error(403, "only an admin sees every alarm"));
            return;
        }
        Set<String> types = new HashSet<>();
        String typeList = first(qs, "types");
        if (typeList != null) {
            for (String t : typeList.split(",")) {
                if (!t.isBlank()) {
                    types.add(t.trim());
                }
            }
        }
        String source = first(qs, "source");
        if (source != null && !source.isBlank()) {
            // A GUID, LogicalID(Type,N) or a name no two entity types share, as everywhere else.
            dev.vigil.engine.entity.Entity named = entities.resolveAny(source.trim());
            if (named == null) {
                refuse(
                        ctx,
                        ConsoleRoutes.error(
                                400, "source: no entity '" + source + "' (a GUID, LogicalID(Type,N) or a name)"));
                return;
            }
            source = named.guid().toString().toLowerCase(Locale.ROOT);
        } else {
            source = null;
        }
        LiveClient client = new LiveClient(
                ctx.channel(),
                login.get().idHash,
                entities.userGuid(user),
                all,
                "1".equals(first(qs, "events")),
                Set.copyOf(types),
                source,
                () -> users.exists(user) && logins.find(cookie).isPresent());
        // A page may lag a burst of up to a megabyte before its events are skipped.
        ctx.channel().config().setWriteBufferWaterMark(new WriteBufferWaterMark(512 * 1024, 1024 * 1024));
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                .set("X-Content-Type-Options", "nosniff");
        ctx.writeAndFlush(head);
        ctx.channel().closeFuture().addListener(f -> feed.remove(client));
        feed.add(client);
        // The first frame says the stream is open; the page loads the alarm list after it, so no change falls between.
        client.resync();
        LOG.debug(
                "Console live stream opened for {} from {}", user, ctx.channel().remoteAddress());
    }

    private static String first(QueryStringDecoder qs, String name) {
        List<String> v = qs.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static void refuse(ChannelHandlerContext ctx, dev.vigil.engine.http.ApiResponse r) {
        ctx.writeAndFlush(dev.vigil.engine.http.NettyResponses.toNetty(r, false))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
