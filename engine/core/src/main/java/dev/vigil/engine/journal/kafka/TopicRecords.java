package dev.vigil.engine.journal.kafka;

import dev.vigil.api.Event;
import dev.vigil.engine.journal.EventCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** How Vigil's records look on the topic: an event in the journal's own encoding, or a tick that carries only time. */
final class TopicRecords {
    /** The header that marks a tick; its value is the name of the node that sent it. */
    static final String TICK = "vigil-tick";

    private TopicRecords() {}

    static boolean isTick(ConsumerRecord<byte[], byte[]> r) {
        return r.headers().lastHeader(TICK) != null || r.value() == null || r.value().length == 0;
    }

    /** Feeds one record to the merge; a record that is not a Vigil event moves its partition's time on and is reported. */
    static void feed(
            ConsumerRecord<byte[], byte[]> r, MergedOrder merged, java.util.function.Consumer<String> unreadable) {
        if (isTick(r)) {
            merged.tick(r.partition(), r.timestamp());
            return;
        }
        Event e;
        try {
            e = EventCodec.decode(r.value(), 0, r.value().length);
        } catch (RuntimeException bad) {
            unreadable.accept("partition " + r.partition() + " offset " + r.offset() + ": " + bad.getMessage());
            merged.tick(r.partition(), r.timestamp());
            return;
        }
        merged.event(r.partition(), r.timestamp(), e);
    }
}
