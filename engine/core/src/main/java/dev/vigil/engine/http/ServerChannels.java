package dev.vigil.engine.http;

import dev.vigil.engine.config.ConfigException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeUnit;

/** The listening socket and event loops both Vigil ports use, set up and torn down the same way. */
public final class ServerChannels implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;

    /** @param name names the event loop threads ({@code vigil-<name>-accept}, {@code vigil-<name>-io-N}) */
    public ServerChannels(String name) {
        boss = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("vigil-" + name + "-accept", true), NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(
                Math.max(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("vigil-" + name + "-io", true),
                NioIoHandler.newFactory());
    }

    private Channel channel;

    /**
     * @param key the configuration key of the port, named when binding fails (a port in use, an address
     *            that is not this machine's)
     * @throws dev.vigil.engine.config.ConfigException naming the key when the port cannot be bound
     */
    public void bind(String host, int port, ChannelHandler childInitializer, String key) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(childInitializer);
        ChannelFuture bound = b.bind(host, port).await();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            String why = cause instanceof BindException be
                    ? be.getMessage()
                    : cause instanceof UnresolvedAddressException ? "not an address of this machine" : cause.toString();
            throw new ConfigException("cannot listen on " + host + ":" + port + " (" + key + ", http.bind): " + why);
        }
        channel = bound.channel();
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
