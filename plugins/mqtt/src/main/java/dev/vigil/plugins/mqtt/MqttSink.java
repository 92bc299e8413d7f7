package dev.vigil.plugins.mqtt;

import dev.vigil.api.EventSink;
import dev.vigil.api.FieldTemplate;
import dev.vigil.api.PluginContext;
import dev.vigil.api.Settings;
import dev.vigil.api.SinkItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sink type {@code mqtt}: publishes each event and alarm change as JSON. An item counts as
 * delivered once the broker acknowledged it (PUBACK at QoS 1), so a broker that is away or
 * restarting only delays delivery: the outbox retries, and dead-letters after its attempts.
 *
 * <p>Settings besides the broker's ({@link Broker}): {@code eventTopic} (default
 * {@code vigil/events/{type}/{sourceName}}), {@code alarmTopic} (default
 * {@code vigil/alarms/{alarmName}/{change}}), {@code retainAlarms} with {@code alarmStateTopic}
 * (default {@code vigil/alarm-state/{instanceId}}): the alarm's latest state published retained,
 * so a dashboard that connects later sees every alarm as it is now.
 */
@Extension
public class MqttSink implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSink.class);

    private Broker broker;
    private FieldTemplate eventTopic;
    private FieldTemplate alarmTopic;
    private FieldTemplate alarmStateTopic;
    private boolean retainAlarms;
    private Payloads payloads;
    private MqttAsyncClient client;
    private String instance;

    @Override
    public String type() {
        return "mqtt";
    }

    @Override
    public void start(PluginContext context) throws MqttException {
        instance = context.instanceName();
        broker = Broker.from(instance, context.settings());
        Set<String> fields = new java.util.TreeSet<>(Payloads.TOPIC_FIELDS);
        eventTopic = topic(context, "eventTopic", "vigil/events/{type}/{sourceName}", fields);
        alarmTopic = topic(context, "alarmTopic", "vigil/alarms/{alarmName}/{change}", fields);
        alarmStateTopic = topic(context, "alarmStateTopic", "vigil/alarm-state/{instanceId}", fields);
        retainAlarms = new Settings(context.settings()).bool("retainAlarms", false);
        payloads = new Payloads(context);
        client = new MqttAsyncClient(broker.uri(), broker.clientId(), new MemoryPersistence());
        LOG.info("MQTT sink '{}' publishes to {} as {}", instance, broker.uri(), broker.clientId());
    }

    private static FieldTemplate topic(PluginContext context, String key, String fallback, Set<String> fields) {
        String text = new Settings(context.settings()).string(key, fallback);
        if (text.isEmpty() || text.contains("+") || text.contains("#")) {
            throw new IllegalArgumentException("settings." + key
                    + " must be a topic to publish to, without the wildcards + and #: '" + text + "'");
        }
        return FieldTemplate.parse(key, text, fields);
    }

    /** Publishes the whole batch, then waits for every acknowledgement: a batch costs one round trip, not one per item. */
    @Override
    public void onBatch(List<SinkItem> items) throws MqttException {
        connect();
        List<IMqttDeliveryToken> tokens = new ArrayList<>(items.size() * 2);
        for (SinkItem item : items) {
            Payloads.Message m = payloads.of(item);
            FieldTemplate t = item.isEvent() ? eventTopic : alarmTopic;
            tokens.add(client.publish(t.render(m.fields(), Payloads::topicLevel), message(m.json(), false)));
            if (!item.isEvent() && retainAlarms) {
                tokens.add(client.publish(
                        alarmStateTopic.render(m.fields(), Payloads::topicLevel), message(m.json(), true)));
            }
        }
        for (IMqttDeliveryToken t : tokens) {
            t.waitForCompletion(broker.timeout().toMillis());
        }
    }

    private MqttMessage message(byte[] json, boolean retained) {
        MqttMessage m = new MqttMessage(json);
        m.setQos(broker.qos());
        m.setRetained(retained);
        return m;
    }

    /** Connects when not connected; a failure is thrown to the outbox, which retries with backoff. */
    private void connect() throws MqttException {
        if (client.isConnected()) {
            return;
        }
        client.connect(broker.options(true)).waitForCompletion(broker.timeout().toMillis());
        LOG.info("MQTT sink '{}' connected to {}", instance, broker.uri());
    }

    @Override
    public void stop() throws MqttException {
        if (client != null) {
            try {
                if (client.isConnected()) {
                    client.disconnect().waitForCompletion(broker.timeout().toMillis());
                }
            } finally {
                client.close(true);
            }
        }
    }
}
