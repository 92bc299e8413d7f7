package dev.vigil.engine.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection after the client has had its answer, when the client may still be sending a
 * body nobody will read: closing at once with unread bytes in our socket sends a reset that can
 * destroy the answer before the client reads it. So the sending side is shut (the client sees the
 * end of the answer), whatever still arrives is read and dropped, and the socket closes two seconds
 * later. The answer must go out without {@code Connection: close}, or the keep-alive handler closes
 * at once.
 */
public final class Linger {
    private Linger() {}

    public static void closeAfterAnswer(ChannelHandlerContext ctx) {
        if (ctx.channel() instanceof SocketChannel socket && socket.isActive()) {
            socket.shutdownOutput();
            ctx.executor().schedule(() -> ctx.close(), 2, TimeUnit.SECONDS);
        } else {
            ctx.close();
        }
    }
}
