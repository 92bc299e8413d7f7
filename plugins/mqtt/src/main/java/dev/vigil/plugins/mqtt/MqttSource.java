package dev.vigil.plugins.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.EventSource;
import dev.vigil.api.OverloadedException;
import dev.vigil.api.PluginContext;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source type {@code mqtt}: subscribes to topic filters and turns each JSON message into an event
 * with the instance's {@code mapping:} ({@link EventMapping}); Frigate's {@code frigate/events} is
 * the example in the README.
 *
 * <p>Nothing is lost across a broker restart or a Vigil restart: the subscription is a persistent
 * broker session (clean session off, a fixed client id), and a message is acknowledged to the broker
 * only once its event is in the journal. When Vigil is overloaded the message is left
 * unacknowledged, the connection dropped, and the broker sends it again after the reconnect. A
 * message that cannot be an event (not JSON, an unknown camera) is counted, reported and
 * acknowledged: resending it would not change it.
 */
@Extension
public class MqttSource implements EventSource {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSource.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private PluginContext context;
    private Broker broker;
    private List<String> filters;
    private EventMapping mapping;
    private MqttAsyncClient client;
    private Thread connector;
    private volatile boolean running;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile long lastRefusalLog;

    @Override
    public String type() {
        return "mqtt";
    }

    @Override
    public void start(PluginContext context) throws MqttException {
        this.context = context;
        broker = Broker.from(context.instanceName(), context.settings());
        filters = filters(context.settings().get("topics"));
        mapping = EventMapping.from(context.settings().get("mapping"), context::entities);
        client = new MqttAsyncClient(broker.uri(), broker.clientId(), new MemoryPersistence());
        client.setCallback(new Callback());
        running = true;
        connector = new Thread(this::connectUntilUp, "vigil-mqtt-" + context.instanceName());
        connector.setDaemon(true);
        connector.start();
    }

    static List<String> filters(Object raw) {
        List<?> items = raw instanceof List<?> l ? l : raw == null ? List.of() : List.of(raw);
        if (items.isEmpty()) {
            throw new IllegalArgumentException(
                    "settings.topics is missing: list the topic filters to follow, e.g. frigate/events");
        }
        List<String> out = new ArrayList<>();
        for (Object item : items) {
            String f = String.valueOf(item);
            try {
                MqttTopic.validate(f, true);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "settings.topics: '" + f + "' is no topic filter (" + e.getMessage() + ")");
            }
            out.add(f);
        }
        return List.copyOf(out);
    }

    /** The first connection; after it Paho reconnects by itself, and the broker session keeps the subscription. */
    private void connectUntilUp() {
        MqttConnectOptions options = broker.options(false);
        options.setAutomaticReconnect(true);
        Duration backoff = Duration.ofMillis(500);
        while (running) {
            try {
                client.connect(options).waitForCompletion(broker.timeout().toMillis());
                return;
            } catch (MqttException e) {
                context.reportStatus("cannot reach " + broker.uri() + " (" + e.getMessage() + "); trying again in "
                        + backoff.toMillis() + " ms");
                LOG.warn(
                        "MQTT source '{}' cannot reach {} ({}); trying again in {} ms",
                        context.instanceName(),
                        broker.uri(),
                        e.getMessage(),
                        backoff.toMillis());
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            int[] qos = new int[filters.size()];
            java.util.Arrays.fill(qos, broker.qos());
            try {
                client.subscribe(filters.toArray(new String[0]), qos);
            } catch (MqttException e) {
                LOG.warn(
                        "MQTT source '{}' cannot subscribe to {}: {}", context.instanceName(), filters, e.getMessage());
                return;
            }
            LOG.info(
                    "MQTT source '{}' {} {} and follows {}",
                    context.instanceName(),
                    reconnect ? "reconnected to" : "connected to",
                    serverUri,
                    filters);
            context.reportStatus("following " + filters + " on " + serverUri);
        }

        @Override
        public void connectionLost(Throwable cause) {
            if (running) {
                LOG.warn(
                        "MQTT source '{}' lost {} ({}); reconnecting",
                        context.instanceName(),
                        broker.uri(),
                        cause == null ? "closed" : cause.getMessage());
                context.reportStatus("lost " + broker.uri() + "; reconnecting");
            }
        }

        /** Returning acknowledges the message to the broker; throwing leaves it for the broker to send again. */
        @Override
        public void messageArrived(String topic, MqttMessage message) throws OverloadedException {
            JsonNode json;
            try {
                json = Payloads.JSON.readTree(message.getPayload());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                refuse(topic, "not JSON: " + e.getOriginalMessage());
                return;
            } catch (IOException e) {
                refuse(topic, "unreadable: " + e.getMessage());
                return;
            }
            if (json == null || !json.isObject()) {
                refuse(topic, "not a JSON object");
                return;
            }
            EventMapping.Outcome o = mapping.map(json, Instant.now());
            if (o.refused() != null) {
                refuse(topic, o.refused());
                return;
            }
            if (o.event() == null) {
                return; // a value mapping.types does not list: not an event this site wants
            }
            try {
                context.publish(o.event());
                published.incrementAndGet();
            } catch (IllegalArgumentException e) {
                refuse(topic, e.getMessage());
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}
    }

    private void refuse(String topic, String why) {
        long n = refused.incrementAndGet();
        context.reportStatus(n + " message(s) refused; last on " + topic + ": " + why);
        long now = System.nanoTime();
        if (now - lastRefusalLog > 10_000_000_000L) {
            lastRefusalLog = now;
            LOG.warn(
                    "MQTT source '{}' refused a message on {}: {} ({} refused so far)",
                    context.instanceName(),
                    topic,
                    why,
                    n);
        }
    }

    @Override
    public void stop() throws MqttException {
        running = false;
        if (connector != null) {
            connector.interrupt();
        }
        if (client != null) {
            try {
                if (client.isConnected()) {
                    client.disconnect().waitForCompletion(broker.timeout().toMillis());
                }
            } catch (MqttException e) {
                LOG.warn("MQTT source '{}' did not disconnect cleanly: {}", context.instanceName(), e.getMessage());
            } finally {
                client.close(true);
            }
        }
    }
}
