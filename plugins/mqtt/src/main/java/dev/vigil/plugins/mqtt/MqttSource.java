package dev.vigil.plugins.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.Event;
import dev.vigil.api.EventSource;
import dev.vigil.api.OverloadedException;
import dev.vigil.api.PluginContext;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * the example in docs/examples.
 *
 * <p>Nothing is lost across a broker restart or a Vigil restart: the subscription is a persistent
 * broker session (clean session off, a fixed client id), and a message is acknowledged to the broker
 * only once its event is in the journal. Acknowledgements are manual: messages wait in a bounded
 * queue (a full queue holds up Paho's reader, and so the broker), a worker journals what waits as one
 * batch and then acknowledges those messages in the order they came, as MQTT requires. When Vigil is
 * overloaded the batch is tried again after a pause; after a reconnect the broker sends again what
 * was not acknowledged. A message that cannot be an event (not JSON, an unknown camera) is counted,
 * reported and acknowledged: resending it would not change it.
 */
@Extension
public class MqttSource implements EventSource {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSource.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final int BATCH = 500;

    /** One received message: its event (null when it was skipped or refused), and what acknowledges it. */
    private record Received(Event event, int id, int qos, long connection) {}

    private PluginContext context;
    private Broker broker;
    private List<String> filters;
    private EventMapping mapping;
    private MqttAsyncClient client;
    private Thread connector;
    private Thread worker;
    private volatile boolean running;
    private final BlockingQueue<Received> received = new ArrayBlockingQueue<>(10_000);
    /** Bumped on every connection loss: message ids of an older connection must not be acknowledged on a newer one. */
    private long connection;

    private final Object ackLock = new Object();
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
        client.setManualAcks(true);
        client.setCallback(new Callback());
        running = true;
        worker = new Thread(this::journalAndAcknowledge, "vigil-mqtt-in-" + context.instanceName());
        worker.setDaemon(true);
        worker.start();
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
            synchronized (ackLock) {
                connection++;
                // The broker sends these again on the next connection; acknowledging them now would be wrong.
                received.clear();
            }
            if (running) {
                LOG.warn(
                        "MQTT source '{}' lost {} ({}); reconnecting",
                        context.instanceName(),
                        broker.uri(),
                        cause == null ? "closed" : cause.getMessage());
                context.reportStatus("lost " + broker.uri() + "; reconnecting");
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
            long now;
            synchronized (ackLock) {
                now = connection;
            }
            received.put(new Received(toEvent(topic, message), message.getId(), message.getQos(), now));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}
    }

    private Event toEvent(String topic, MqttMessage message) {
        JsonNode json;
        try {
            json = Payloads.JSON.readTree(message.getPayload());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            refuse(topic, "not JSON: " + e.getOriginalMessage());
            return null;
        } catch (IOException e) {
            refuse(topic, "unreadable: " + e.getMessage());
            return null;
        }
        if (json == null || !json.isObject()) {
            refuse(topic, "not a JSON object");
            return null;
        }
        EventMapping.Outcome o = mapping.map(json, Instant.now());
        if (o.refused() != null) {
            refuse(topic, o.refused());
        }
        return o.event(); // null also for a value mapping.types does not list: not an event this site wants
    }

    /** The worker: journal what waits as one batch, then acknowledge it, in arrival order. */
    private void journalAndAcknowledge() {
        List<Received> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                Received first = received.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                received.drainTo(batch, BATCH - 1);
                journal(batch);
                acknowledge(batch);
                batch.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void journal(List<Received> batch) throws InterruptedException {
        List<Event> events = new ArrayList<>(batch.size());
        for (Received r : batch) {
            if (r.event() != null) {
                events.add(r.event());
            }
        }
        long pause = 100;
        while (running && !events.isEmpty()) {
            try {
                context.publishAll(events);
                published.addAndGet(events.size());
                return;
            } catch (OverloadedException e) {
                // Unacknowledged, the messages stay the broker's: try again once Vigil has room.
                context.reportStatus("Vigil is overloaded (" + e.getMessage() + "); waiting " + pause + " ms");
                Thread.sleep(pause);
                pause = Math.min(pause * 2, 5_000);
            } catch (IllegalArgumentException e) {
                // One event names something Vigil refuses: store the others one by one, refuse that one.
                for (Event one : events) {
                    journalOne(one);
                }
                return;
            }
        }
    }

    private void journalOne(Event one) throws InterruptedException {
        long pause = 100;
        while (running) {
            try {
                context.publish(one);
                published.incrementAndGet();
                return;
            } catch (IllegalArgumentException refusedOne) {
                refuse("(mapped)", refusedOne.getMessage());
                return;
            } catch (OverloadedException overloaded) {
                Thread.sleep(pause);
                pause = Math.min(pause * 2, 5_000);
            }
        }
    }

    private void acknowledge(List<Received> batch) {
        synchronized (ackLock) {
            for (Received r : batch) {
                if (r.connection() != connection || r.qos() == 0) {
                    continue;
                }
                try {
                    client.messageArrivedComplete(r.id(), r.qos());
                } catch (MqttException e) {
                    // The connection is going away: the broker sends the message again after the reconnect.
                    return;
                }
            }
        }
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
        if (worker != null) {
            worker.interrupt();
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
