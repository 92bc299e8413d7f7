package dev.vigil.engine.stream;

import dev.vigil.api.Event;
import dev.vigil.engine.alarm.Alarm;
import java.util.UUID;

/**
 * The protocol that owns the streams says how a part looks on the wire; the fan-out only decides
 * who gets what, and encodes each item at most once however many streams receive it.
 */
public interface PartEncoder {
    byte[] event(Event event);

    /** A new (or newly reached) alarm instance, for a monitoring session whose user is a recipient. */
    byte[] alarmTriggered(Alarm alarm, String sourceName);

    /** An instance this session was told about has been acknowledged by {@code ackedBy} (null: unknown user). */
    byte[] alarmAcknowledged(Alarm alarm, UUID ackedBy, boolean forced);
}
