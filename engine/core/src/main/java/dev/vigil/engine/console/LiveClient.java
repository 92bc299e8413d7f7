package dev.vigil.engine.console;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

/**
 * One open console page's server-sent event stream and what it asked for. Written only from the
 * feed thread (and the ping). A page that does not read fast enough is never waited for: events
 * meant for it are counted and skipped, and a missed alarm change makes it reload the alarm list.
 */
final class LiveClient {
    final Channel channel;
    /** The login (its session id's hash) the page is open with: logging out closes its streams. */
    final String login;
    /** The user's entity, for alarm recipients; null when entities.yaml has none (then it sees no alarm, unless all). */
    final UUID userGuid;
    /** An admin who asked for every alarm, not only those sent to it. */
    final boolean allAlarms;
    /** Whether the page shows the event tail; only then are events sent. */
    final boolean events;
    /** Event types to send; empty: all. */
    final Set<String> types;
    /** Only this source's events (lower-case GUID text); null: all. */
    final String sourceId;

    /** Whether the page's login still holds (not logged out, expired or removed); asking keeps it alive. */
    private final java.util.function.BooleanSupplier stillLoggedIn;

    private long skipped;
    private boolean missedAlarmChange;

    LiveClient(
            Channel channel,
            String login,
            UUID userGuid,
            boolean allAlarms,
            boolean events,
            Set<String> types,
            String sourceId,
            java.util.function.BooleanSupplier stillLoggedIn) {
        this.stillLoggedIn = stillLoggedIn;
        this.channel = channel;
        this.login = login;
        this.userGuid = userGuid;
        this.allAlarms = allAlarms;
        this.events = events;
        this.types = types;
        this.sourceId = sourceId;
    }

    boolean wantsEvent(String type, String source) {
        return events && (types.isEmpty() || types.contains(type)) && (sourceId == null || sourceId.equals(source));
    }

    /**
     * Sends one batch of frames. Event frames are dropped when the page is behind; alarm frames are
     * dropped too, but the page is then told to reload its list as soon as it can read again.
     */
    void send(StringBuilder alarmFrames, StringBuilder eventFrames, int eventCount) {
        if (!channel.isActive()) {
            return;
        }
        if (!channel.isWritable()) {
            skipped += eventCount;
            missedAlarmChange |= alarmFrames.length() > 0;
            return;
        }
        StringBuilder out = new StringBuilder(alarmFrames.length() + eventFrames.length() + 64);
        if (missedAlarmChange) {
            out.append("event: resync\ndata: {}\n\n");
            missedAlarmChange = false;
        } else {
            out.append(alarmFrames);
        }
        if (skipped > 0) {
            out.append("event: skipped\ndata: {\"events\":").append(skipped).append("}\n\n");
            skipped = 0;
        }
        out.append(eventFrames);
        if (out.length() > 0) {
            write(out);
        }
    }

    /** Tells the page to reload its alarm list (the feed itself fell behind). */
    void resync() {
        if (channel.isActive()) {
            write(new StringBuilder("event: resync\ndata: {}\n\n"));
        }
    }

    /**
     * A comment line: keeps proxies and the port's idle timeout from closing a quiet stream. An open
     * page keeps its login alive; a login that ended (logged out elsewhere, user removed from
     * users.yaml) closes the stream, and the page then finds it must log in again.
     */
    void ping() {
        if (!stillLoggedIn.getAsBoolean()) {
            channel.close();
            return;
        }
        if (channel.isActive() && channel.isWritable()) {
            write(new StringBuilder(": ping\n\n"));
        }
    }

    private void write(CharSequence text) {
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        channel.writeAndFlush(new DefaultHttpContent(buf));
    }
}
