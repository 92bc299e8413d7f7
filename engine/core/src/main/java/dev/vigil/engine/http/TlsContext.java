package dev.vigil.engine.http;

import dev.vigil.engine.config.ConfigException;
import dev.vigil.engine.config.VigilConfig;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTPS for Vigil's ports, from a PEM certificate chain and key (TLS 1.3 and 1.2 only, forward-secret
 * AEAD suites only). Each port takes TLS and, as {@code
 * http.tls.plainHttp} says, plain HTTP from this machine only or from anyone, telling them apart by
 * the first bytes. The files are read again by {@link #reloadIfChanged()} (a reload, SIGHUP), so a
 * renewed certificate needs no restart; a pair that does not load is refused and the running one
 * stays.
 */
public final class TlsContext {
    private static final Logger LOG = LoggerFactory.getLogger(TlsContext.class);
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** Forward-secret AEAD suites only (TLS 1.3's, and ECDHE with GCM or ChaCha20 for 1.2). */
    private static final List<String> CIPHERS = List.of(
            "TLS_AES_256_GCM_SHA384",
            "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private final Path certificate;
    private final Path privateKey;
    private final boolean plainFromAnyone;
    private volatile SslContext context;
    private String loadedStamp;

    private TlsContext(Path certificate, Path privateKey, boolean plainFromAnyone) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.plainFromAnyone = plainFromAnyone;
    }

    /** The context for the configuration, or null when TLS is off. */
    public static TlsContext of(VigilConfig.Tls tls, Path confDir) {
        if (tls == null || !tls.enabled()) {
            return null;
        }
        TlsContext t = new TlsContext(
                confDir.resolve(tls.certificate), confDir.resolve(tls.privateKey), tls.plainHttp.equals("allow"));
        t.context = t.load();
        t.loadedStamp = t.stamp();
        return t;
    }

    private SslContext load() {
        try {
            return SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile())
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHERS, io.netty.handler.ssl.SupportedCipherSuiteFilter.INSTANCE)
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("http.tls: cannot load the certificate " + certificate + " and key " + privateKey
                    + ": " + e.getMessage());
        }
    }

    private String stamp() {
        try {
            return Files.getLastModifiedTime(certificate) + "/" + Files.size(certificate) + "/"
                    + Files.getLastModifiedTime(privateKey) + "/" + Files.size(privateKey);
        } catch (IOException e) {
            return "unreadable";
        }
    }

    /** Reads the files again if they changed; a pair that does not load leaves the running one. */
    public synchronized void reloadIfChanged() {
        String now = stamp();
        if (now.equals(loadedStamp)) {
            return;
        }
        try {
            context = load();
            loadedStamp = now;
            LOG.info("TLS certificate reloaded from {}", certificate);
        } catch (ConfigException e) {
            LOG.error("Reload refused the TLS files: {}; the running certificate stays", e.getMessage());
        }
    }

    /** The first handler of a connection: TLS, or plain HTTP where plainHttp allows it. */
    public ChannelHandler handler() {
        return new OptionalSslHandler(context) {
            @Override
            protected ChannelHandler newNonSslHandler(ChannelHandlerContext ctx) {
                if (plainFromAnyone || isLoopback(ctx)) {
                    return null;
                }
                return new PlainRefusal();
            }

            @Override
            protected SslHandler newSslHandler(ChannelHandlerContext ctx, SslContext sslContext) {
                return context.newHandler(ctx.alloc());
            }
        };
    }

    private static boolean isLoopback(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a
                && a.getAddress() != null
                && a.getAddress().isLoopbackAddress();
    }

    /** Plain HTTP from elsewhere than this machine: a plain answer saying so, then the connection closes. */
    private static final class PlainRefusal extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(answer())).addListener(ChannelFutureListener.CLOSE);
        }

        private static byte[] answer() {
            String body = "plain HTTP is refused here from other machines; use https\n";
            return ("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: "
                            + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII);
        }
    }
}
