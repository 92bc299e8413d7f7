package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon killed with SIGKILL in the middle of webhook deliveries delivers the rest after a restart. */
class WebhookKillIT {
    private static final Pattern EVENT_ID = Pattern.compile("\"event_id\":(\\d+)");

    @TempDir
    Path site;

    @Test
    void anEventARuleSentToAReceiverThatIsDownReachesItAfterAKill(@TempDir Path other) throws Exception {
        AtomicBoolean up = new AtomicBoolean(false);
        Set<Long> received = new ConcurrentSkipListSet<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", x -> {
            Matcher m = EVENT_ID.matcher(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (up.get() && m.find()) {
                received.add(Long.parseLong(m.group(1)));
            }
            x.sendResponseHeaders(up.get() ? 200 : 503, -1);
            x.close();
        });
        receiver.start();
        try {
            VigilProcess v = new VigilProcess(other, null, false);
            v.addPlugin(VigilProcess.WEBHOOK_JAR);
            v.overlay("60-webhook", """
                    sinks:
                      - name: pager
                        type: webhook
                        events: false
                        alarms: false
                        maxAttempts: 1000
                        backoff: 100ms
                        settings:
                          method: POST
                          urls:
                            "*": http://127.0.0.1:PORT/page
                    """.replace(
                            "PORT", Integer.toString(receiver.getAddress().getPort())));
            Files.writeString(v.rules.resolve("page.drl"), """
                    package site;
                    import dev.vigil.api.Event;
                    global dev.vigil.engine.rules.Sinks sinks;
                    rule "page on a forced door"
                    when
                        $e : Event(type == "DoorForcedOpen")
                    then
                        sinks.send("pager", $e);
                    end
                    """);
            v.start();
            VigilProcess.Reply r = v.post(
                    "/WebSdk/events/bulk", "[{\"EventType\":\"DoorForcedOpen\",\"Source\":\"LogicalID(Door,1)\"}]");
            long id = r.json().at("/Rsp/Result/FirstSequence").asLong();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (var s : v.get("/WebSdk/sinks").json().at("/Rsp/Result")) {
                    if (s.get("Name").asText().equals("pager")
                            && s.get("Failed").asLong() >= 2) {
                        return true;
                    }
                }
                return false;
            });
            Thread.sleep(1500); // past the rules checkpoint's next write: only the kept send can bring it back
            v.kill();
            up.set(true);
            v.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> received.contains(id));
            v.close();
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void everyAnsweredEventReachesTheReceiverAcrossAKill() throws Exception {
        Set<Long> received = new ConcurrentSkipListSet<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", x -> {
            Matcher m = EVENT_ID.matcher(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (m.find()) {
                received.add(Long.parseLong(m.group(1)));
            }
            try {
                Thread.sleep(5); // a receiver a little slower than ingest, so a backlog is in flight at the kill
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        receiver.start();
        try {
            VigilProcess v = new VigilProcess(site, null, false);
            v.addPlugin(VigilProcess.WEBHOOK_JAR);
            v.overlay("60-webhook", """
                    sinks:
                      - name: hook
                        type: webhook
                        events: true
                        alarms: false
                        settings:
                          method: POST
                          urls:
                            "*": http://127.0.0.1:PORT/events
                    """.replace(
                            "PORT", Integer.toString(receiver.getAddress().getPort())));
            v.start();
            Set<Long> answered = new TreeSet<>();
            for (int batch = 0; batch < 10; batch++) {
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < 50; i++) {
                    body.append(i == 0 ? "" : ",")
                            .append("{\"EventType\":\"ObjectEntered\",\"Source\":\"LogicalID(Camera,")
                            .append(i % 3 + 1)
                            .append(")\"}");
                }
                VigilProcess.Reply r =
                        v.post("/WebSdk/events/bulk", body.append(']').toString());
                assertThat(r.status()).isEqualTo(200);
                for (long s = r.json().at("/Rsp/Result/FirstSequence").asLong();
                        s <= r.json().at("/Rsp/Result/LastSequence").asLong();
                        s++) {
                    answered.add(s);
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 50);
            v.kill();
            assertThat(received)
                    .as("the kill came before everything was delivered")
                    .hasSizeLessThan(500);
            v.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> received.containsAll(answered));
            assertThat(received).containsAll(answered);
            v.close();
        } finally {
            receiver.stop(0);
        }
    }
}
