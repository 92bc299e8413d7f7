package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The e-mail and MQTT plugins under load, against a running daemon (run-plugins.sh starts it, and
 * Mosquitto), each measured beside the same far end driven directly from this JVM in the same run:
 *
 * <pre>
 * --mode mail     --smtp-port P --rate R --duration D
 *     events at R/s to an smtp sink (events: true) delivering to GreenMail; mails and items per second.
 *     Beside it: one mail per connection sent straight to GreenMail by Jakarta Mail, as fast as it goes.
 * --mode mqtt-out --broker tcp://127.0.0.1:P --rate R --duration D
 *     events at R/s to an mqtt sink; messages per second and ingest-to-subscriber latency.
 *     Beside it: a Paho publisher at QoS 1 straight to the broker.
 * --mode mqtt-in  --broker tcp://127.0.0.1:P --messages N
 *     N QoS 1 messages published to bench/in, which an mqtt source turns into events; events
 *     journaled per second. Beside it: a plain Paho subscriber on the same messages.
 * </pre>
 */
public final class PluginBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PluginBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String mode = o.getOrDefault("mode", "mail");
        switch (mode) {
            case "mail" -> mail(o);
            case "mqtt-out" -> mqttOut(o);
            case "mqtt-in" -> mqttIn(o);
            default -> throw new IllegalArgumentException("--mode mail, mqtt-out or mqtt-in");
        }
        System.exit(0);
    }

    private static StreamFanOutBenchmark.Ingest ingest(Map<String, String> o) {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new StreamFanOutBenchmark.Ingest(
                http,
                o.get("url"),
                o.get("password"),
                Integer.parseInt(o.getOrDefault("rate", "1000")),
                BenchSite.CAMERAS);
    }

    private static void mail(Map<String, String> o) throws Exception {
        int port = Integer.parseInt(o.get("smtp-port"));
        int duration = Integer.parseInt(o.getOrDefault("duration", "20"));
        GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
        g.start();
        StreamFanOutBenchmark.Ingest ingest = ingest(o);
        long t0 = System.nanoTime();
        ingest.run(duration);
        long sent = ingest.accepted.get();
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        long items = 0;
        int mails = 0;
        while (System.nanoTime() < deadline) {
            MimeMessage[] got = g.getReceivedMessages();
            if (got.length > mails) {
                for (int i = mails; i < got.length; i++) {
                    items += ((String) got[i].getContent()).split("Event: ", -1).length - 1;
                }
                mails = got.length;
            }
            if (items >= sent) {
                break;
            }
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "mail via Vigil: %,d events ingested in %d s; %,d of them in %,d mails after %.1f s: %,.0f mails/s, %,.0f events/s%n",
                sent, duration, items, mails, seconds, mails / seconds, items / seconds);
        g.purgeEmailFromAllMailboxes();

        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(port));
        Session session = Session.getInstance(p);
        long direct = 0;
        long d0 = System.nanoTime();
        long end = d0 + Duration.ofSeconds(Math.min(duration, 10)).toNanos();
        while (System.nanoTime() < end) {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress("bench@site.example"));
            m.setRecipient(Message.RecipientType.TO, new InternetAddress("guards@site.example"));
            m.setSubject("direct " + direct);
            m.setText("Event: ObjectEntered\n");
            Transport.send(m);
            direct++;
        }
        double ds = (System.nanoTime() - d0) / 1e9;
        System.out.printf(
                "mail straight from Jakarta Mail to GreenMail, one connection per mail: %,.0f mails/s (Vigil's ratio %.2f)%n",
                direct / ds, (mails / seconds) / (direct / ds));
        g.stop();
    }

    private static MqttAsyncClient client(String broker, String id, MqttCallback callback) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(broker, id, new MemoryPersistence());
        if (callback != null) {
            c.setCallback(callback);
        }
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(1000);
        options.setCleanSession(true);
        c.connect(options).waitForCompletion(10_000);
        return c;
    }

    private static MqttCallback counting(AtomicLong got, ConcurrentLinkedQueue<Long> latencyMicros) {
        return new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, MqttMessage m) throws Exception {
                got.incrementAndGet();
                if (latencyMicros != null) {
                    JsonNode j = JSON.readTree(m.getPayload());
                    Instant at = Instant.parse(j.get("timestamp").asText());
                    latencyMicros.add(Duration.between(at, Instant.now()).toNanos() / 1000);
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        };
    }

    private static void mqttOut(Map<String, String> o) throws Exception {
        String broker = o.get("broker");
        int duration = Integer.parseInt(o.getOrDefault("duration", "20"));
        AtomicLong got = new AtomicLong();
        ConcurrentLinkedQueue<Long> latency = new ConcurrentLinkedQueue<>();
        MqttAsyncClient sub = client(broker, "bench-dashboard", counting(got, latency));
        sub.subscribe("vigil/events/#", 1).waitForCompletion(10_000);
        StreamFanOutBenchmark.Ingest ingest = ingest(o);
        long t0 = System.nanoTime();
        ingest.run(duration);
        long sent = ingest.accepted.get();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (got.get() < sent && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Long> l = new ArrayList<>(latency);
        l.sort(null);
        System.out.printf(
                "MQTT out via Vigil: %,d events ingested in %d s (%,d refused); %,d messages received in %.1f s: %,.0f msg/s;"
                        + " ingest -> subscriber ms p50 %.1f p99 %.1f max %.1f%n",
                sent,
                duration,
                ingest.refused.get(),
                got.get(),
                seconds,
                got.get() / seconds,
                l.isEmpty() ? 0 : l.get(l.size() / 2) / 1000.0,
                l.isEmpty() ? 0 : l.get((int) (l.size() * 0.99)) / 1000.0,
                l.isEmpty() ? 0 : l.get(l.size() - 1) / 1000.0);
        double vigilRate = got.get() / seconds;
        sub.unsubscribe("vigil/events/#").waitForCompletion(10_000);
        AtomicLong direct = new AtomicLong();
        sub.setCallback(counting(direct, null));
        sub.subscribe("bench/direct", 1).waitForCompletion(10_000);
        double directRate = publishFlat(broker, "bench/direct", (int) Math.max(10_000, sent), direct);
        System.out.printf(
                "MQTT straight from a Paho publisher at QoS 1 to the same subscriber: %,.0f msg/s (Vigil's ratio %.2f)%n",
                directRate, vigilRate / directRate);
    }

    /** Publishes n QoS 1 messages as fast as the broker acknowledges them; the rate at which {@code got} reaches n. */
    private static double publishFlat(String broker, String topic, int n, AtomicLong got) throws Exception {
        MqttAsyncClient pub = client(broker, "bench-publisher-" + topic.replace('/', '-'), null);
        long t0 = System.nanoTime();
        List<IMqttDeliveryToken> window = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String json = "{\"camera\":\"Camera " + (i % BenchSite.CAMERAS + 1) + "\",\"n\":" + i + "}";
            MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            window.add(pub.publish(topic, m));
            if (window.size() == 500) {
                for (IMqttDeliveryToken t : window) {
                    t.waitForCompletion(30_000);
                }
                window.clear();
            }
        }
        for (IMqttDeliveryToken t : window) {
            t.waitForCompletion(30_000);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (got.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        pub.disconnect().waitForCompletion(10_000);
        return got.get() / ((System.nanoTime() - t0) / 1e9);
    }

    private static void mqttIn(Map<String, String> o) throws Exception {
        String broker = o.get("broker");
        int n = Integer.parseInt(o.getOrDefault("messages", "50000"));
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + o.get("password")).getBytes(StandardCharsets.UTF_8));
        long before = journalLast(http, o.get("url"), auth);
        AtomicLong journaled = new AtomicLong();
        Thread poll = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    journaled.set(journalLast(http, o.get("url"), auth) - before);
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // the next poll tries again
                }
            }
        });
        poll.setDaemon(true);
        poll.start();
        double vigilRate = publishFlat(broker, "bench/in", n, journaled);
        poll.interrupt();
        System.out.printf(
                "MQTT in via Vigil: %,d QoS 1 messages published; %,d events journaled: %,.0f events/s%n",
                n, journaled.get(), vigilRate);
        AtomicLong direct = new AtomicLong();
        MqttAsyncClient sub = client(broker, "bench-plain-subscriber", counting(direct, null));
        sub.subscribe("bench/direct-in", 1).waitForCompletion(10_000);
        double directRate = publishFlat(broker, "bench/direct-in", n, direct);
        System.out.printf(
                "MQTT to a plain Paho subscriber at QoS 1, same publisher: %,.0f msg/s (Vigil's ratio %.2f)%n",
                directRate, vigilRate / directRate);
    }

    private static long journalLast(HttpClient http, String url, String auth) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url + "/WebSdk/health"))
                        .header("Authorization", auth)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).at("/Rsp/Result/JournalLastSequence").asLong();
    }
}
