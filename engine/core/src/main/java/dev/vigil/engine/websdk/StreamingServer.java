package dev.vigil.engine.websdk;

import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.http.ConnectionGuard;
import dev.vigil.engine.http.ServerChannels;
import dev.vigil.engine.http.TlsContext;
import dev.vigil.engine.stream.SessionRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real-time stream port ({@code streaming.port}). Requests are decoded by Netty; answers are
 * written as raw bytes, since the stream's HTTP/1.0 framing is not what an HTTP encoder produces.
 */
public final class StreamingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingServer.class);
    private final VigilConfig.Http http;
    private final VigilConfig.Streaming streaming;
    private final SessionRegistry sessions;
    private final Counter dropped;
    private final Clock clock;
    private ServerChannels channels;
    private final TlsContext tls;

    public StreamingServer(
            VigilConfig.Http http,
            VigilConfig.Streaming streaming,
            SessionRegistry sessions,
            MeterRegistry meters,
            Clock clock,
            TlsContext tls) {
        this.tls = tls;
        this.clock = clock;
        this.http = http;
        this.streaming = streaming;
        this.sessions = sessions;
        this.dropped = Counter.builder("vigil.stream.dropped")
                .description("stream connections closed because their reader fell streaming.bufferBytes behind")
                .register(meters);
    }

    public void start() throws InterruptedException {
        channels = new ServerChannels("stream");
        ConnectionGuard guard =
                new ConnectionGuard("streaming port", streaming.maxConnections, http.maxConnectionsPerAddress);
        channels.bind(
                http.bind,
                streaming.port,
                new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("guard", guard);
                        if (tls != null) {
                            ch.pipeline().addLast("tls", tls.handler());
                        }
                        ch.pipeline().addLast("idle", new IdleStateHandler(15, 0, 0, TimeUnit.SECONDS));
                        ch.pipeline()
                                .addLast(
                                        "decoder",
                                        new HttpRequestDecoder(http.maxInitialLineBytes, http.maxHeaderBytes, 8192));
                        ch.pipeline().addLast("aggregate", new HttpObjectAggregator(8192) {
                            @Override
                            protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
                                // no HTTP encoder on this port: the refusal is written as raw bytes too
                                NettyStreamSink.answerAndClose(
                                        ctx.channel(),
                                        Envelope.fail(ErrorCode.REQUEST_TOO_LARGE, "a stream request carries no body"));
                            }
                        });
                        ch.pipeline()
                                .addLast(
                                        "stream",
                                        new StreamingHandler(
                                                streaming,
                                                http.basePath,
                                                sessions,
                                                dropped,
                                                http.headerTimeout,
                                                clock));
                    }
                },
                "streaming.port");
        LOG.info(
                "Event streams on {}://{}:{}{}/streaming/events/",
                tls == null ? "http" : "https",
                http.bind,
                port(),
                http.basePath);
    }

    public int port() {
        return channels.port();
    }

    @Override
    public void close() {
        if (channels != null) {
            channels.close();
        }
    }
}
