package dev.vigil.engine.journal.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecentEventsTest {
    private static List<Event> events(long... ids) {
        List<Event> out = new ArrayList<>();
        for (long id : ids) {
            out.add(Event.builder()
                    .type("CameraMotion")
                    .source(UUID.randomUUID())
                    .sourceType("Camera")
                    .timestamp(Instant.EPOCH)
                    .build()
                    .withSequence(id));
        }
        return out;
    }

    @Test
    void answersAfterAnIdFromMemoryAndSaysWhenItNoLongerHoldsThem() {
        RecentEvents recent = new RecentEvents(3, 5);
        recent.add(events(10, 20, 30));
        assertThat(recent.after(5, 10)).extracting(Event::getSequence).containsExactly(10L, 20L, 30L);
        assertThat(recent.after(15, 10)).extracting(Event::getSequence).containsExactly(20L, 30L);
        assertThat(recent.after(20, 1)).extracting(Event::getSequence).containsExactly(30L);
        assertThat(recent.after(30, 10)).isEmpty();
        assertThat(recent.after(4, 10)).isNull();
        recent.add(events(40));
        // 10 was pushed out: asking from before it must go to the topic.
        assertThat(recent.completeAfter()).isEqualTo(10);
        assertThat(recent.after(5, 10)).isNull();
        assertThat(recent.after(10, 10)).extracting(Event::getSequence).containsExactly(20L, 30L, 40L);
    }

    @Test
    void aCorrelationKeyIsTheSourceOrAPropertyWithTheSourceWhenItIsMissing() {
        Event e = events(1).get(0).toBuilder().property("site", "north").build();
        Event bare = events(2).get(0);
        assertThat(new String(CorrelationKey.parse("source").of(e)))
                .isEqualTo(e.getSource().toString());
        assertThat(new String(CorrelationKey.parse("property:site").of(e))).isEqualTo("north");
        assertThat(new String(CorrelationKey.parse("property:site").of(bare)))
                .isEqualTo(bare.getSource().toString());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CorrelationKey.parse("zone"))
                .hasMessageContaining("source or property:NAME");
    }
}
