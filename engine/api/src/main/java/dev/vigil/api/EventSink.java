package dev.vigil.api;

import java.util.List;
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

    /**
     * Delivers one or several items in one go (rows in one request, alarms in one digest mail): what
     * the instance's {@code batch.size} and {@code batch.window} gather (one item at a time by
     * default). Vigil always calls this; a sink that needs nothing more than one item at a time
     * implements {@link #onEvent} and {@link #onAlarmChange} instead, which the default calls. Items
     * keep their order (alarm changes and events as they were stored). The batch is all or nothing:
     * throwing means none of it counts as delivered, and the whole batch is retried, so a receiver
     * may see some items twice. The default hands the items one by one to the two single calls.
     */
    default void onBatch(List<SinkItem> items) throws Exception {
        for (SinkItem item : items) {
            if (item.isEvent()) {
                onEvent(item.event());
            } else {
                onAlarmChange(item.change());
            }
        }
    }

    default void stop() throws Exception {}
}
