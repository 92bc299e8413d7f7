package dev.vigil.api;

import org.pf4j.ExtensionPoint;

/**
 * A plugin that carries events and alarm changes out of Vigil (webhook, e-mail, file, MQTT...).
 *
 * <p>Threading: each configured instance gets its own delivery thread; Vigil calls
 * {@link #onEvent} and {@link #onAlarmChange} on that thread, one call at a time, never on the
 * rules thread or a network thread. A call may block on I/O; it should honour a timeout of its
 * own. Throwing means "not delivered": Vigil retries with backoff, and after the configured
 * attempts writes the item to the dead-letter table. Delivery is at least once: use
 * {@link Event#getSequence()} or {@link AlarmChange#changeId()} to drop duplicates downstream.
 */
public interface EventSink extends ExtensionPoint {

    /** The {@code type:} value in {@code conf/vigil.yaml} that selects this sink. */
    String type();

    void start(PluginContext context) throws Exception;

    default void onEvent(Event event) throws Exception {}

    default void onAlarmChange(AlarmChange change) throws Exception {}

    default void stop() throws Exception {}
}
