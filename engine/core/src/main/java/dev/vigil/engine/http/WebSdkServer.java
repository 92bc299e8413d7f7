package dev.vigil.engine.http;

import dev.vigil.engine.auth.Authenticator;
import dev.vigil.engine.config.VigilConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Web SDK HTTP server on {@code http.port}. */
public final class WebSdkServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebSdkServer.class);
    private final VigilConfig.Http config;
    private final Authenticator authenticator;
    private final WebSdkRoutes routes;
    private final Executor blocking;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel channel;

    public WebSdkServer(VigilConfig.Http config, Authenticator authenticator, WebSdkRoutes routes, Executor blocking) {
        this.config = config;
        this.authenticator = authenticator;
        this.routes = routes;
        this.blocking = blocking;
    }

    public void start() throws InterruptedException {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                NioIoHandler.newFactory());
        WebSdkHandler handler = new WebSdkHandler(authenticator, routes, blocking);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(new WebSdkInitializer(config, new ConnectionLimiter(config.maxConnections), handler));
        channel = b.bind(config.bind, config.port).sync().channel();
        LOG.info("Web SDK listening on http://{}:{}{}/", config.bind, port(), config.basePath);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
