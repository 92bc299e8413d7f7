package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/**
 * The HTTP ceiling Vigil's edge is measured against, in the same run on the same cores: a bare Netty
 * server (one event loop, HTTP/1.1 keep-alive, aggregated requests) whose handler parses a JSON body
 * with Jackson and answers a small JSON document, with none of Vigil's work behind it (no login, no
 * routing table, no journal). {@code NettyCeiling PORT}.
 */
public final class NettyCeiling {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NettyCeiling() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(64 * 1024))
                                .addLast(new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req)
                                            throws Exception {
                                        Object answer;
                                        HttpResponseStatus status;
                                        if (req.method() == HttpMethod.POST) {
                                            JsonNode body = JSON.readTree(
                                                    (java.io.InputStream) new ByteBufInputStream(req.content()));
                                            answer = Map.of("Rsp", Map.of("Status", "Ok", "Size", body.size()));
                                            status = HttpResponseStatus.ACCEPTED;
                                        } else {
                                            answer = Map.of("Rsp", Map.of("Status", "Ok", "Result", "Up"));
                                            status = HttpResponseStatus.OK;
                                        }
                                        FullHttpResponse r = new DefaultFullHttpResponse(
                                                HttpVersion.HTTP_1_1,
                                                status,
                                                Unpooled.wrappedBuffer(JSON.writeValueAsBytes(answer)));
                                        r.headers()
                                                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                                .setInt(
                                                        HttpHeaderNames.CONTENT_LENGTH,
                                                        r.content().readableBytes());
                                        HttpUtil.setKeepAlive(r, HttpUtil.isKeepAlive(req));
                                        ctx.writeAndFlush(r);
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", port)
                .sync();
        System.out.println("netty ceiling listening on " + port);
        Thread.currentThread().join();
    }
}
