package dev.vigil.engine.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveClientTest {
    final EmbeddedChannel channel = new EmbeddedChannel();

    private String written() {
        StringBuilder out = new StringBuilder();
        for (Object m; (m = channel.readOutbound()) != null; ) {
            ByteBuf b = ((HttpContent) m).content();
            out.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return out.toString();
    }

    @Test
    void eventsAreSentOnlyWhenThePageAskedForThemAndTheyMatch() {
        LiveClient tail =
                new LiveClient(channel, "admin", null, false, true, Set.of("CameraMotion"), "abc", () -> true);
        assertThat(tail.wantsEvent("CameraMotion", "abc")).isTrue();
        assertThat(tail.wantsEvent("CameraMotion", "other")).isFalse();
        assertThat(tail.wantsEvent("DoorForcedOpen", "abc")).isFalse();
        LiveClient alarmsOnly = new LiveClient(channel, "admin", null, false, false, Set.of(), null, () -> true);
        assertThat(alarmsOnly.wantsEvent("CameraMotion", "abc")).isFalse();
        LiveClient everything = new LiveClient(channel, "admin", null, false, true, Set.of(), null, () -> true);
        assertThat(everything.wantsEvent("Anything", null)).isTrue();
    }

    @Test
    void aPageThatCannotKeepUpHasEventsSkippedAndCountedAndIsToldToReloadItsAlarms() {
        LiveClient c = new LiveClient(channel, "admin", null, false, true, Set.of(), null, () -> true);
        c.send(
                new StringBuilder("event: alarm\ndata: {\"instanceId\":1}\n\n"),
                new StringBuilder("event: ev\ndata: 1\n\n"),
                1);
        assertThat(written()).isEqualTo("event: alarm\ndata: {\"instanceId\":1}\n\nevent: ev\ndata: 1\n\n");

        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        c.send(
                new StringBuilder("event: alarm\ndata: {\"instanceId\":2}\n\n"),
                new StringBuilder("event: ev\ndata: 2\n\n"),
                1);
        c.send(new StringBuilder(), new StringBuilder("event: ev\ndata: 3\n\nevent: ev\ndata: 4\n\n"), 2);
        c.ping();
        assertThat(written()).isEmpty();

        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        c.send(
                new StringBuilder("event: alarm\ndata: {\"instanceId\":3}\n\n"),
                new StringBuilder("event: ev\ndata: 5\n\n"),
                1);
        // The alarm frames it missed are replaced by one resync (which also covers instance 3).
        assertThat(written())
                .isEqualTo("event: resync\ndata: {}\n\nevent: skipped\ndata: {\"events\":3}\n\nevent: ev\ndata: 5\n\n");
        c.ping();
        assertThat(written()).isEqualTo(": ping\n\n");
    }

    @Test
    void aStreamWhoseLoginEndedIsClosedAtTheNextPing() {
        boolean[] loggedIn = {true};
        LiveClient c = new LiveClient(channel, "admin", null, false, false, Set.of(), null, () -> loggedIn[0]);
        c.ping();
        assertThat(channel.isOpen()).isTrue();
        loggedIn[0] = false;
        c.ping();
        assertThat(channel.isOpen()).isFalse();
    }
}
