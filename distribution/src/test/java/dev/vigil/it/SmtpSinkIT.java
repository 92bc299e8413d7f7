package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The e-mail sink plugin from the distribution against a real SMTP server (GreenMail), read back:
 * an alarm becomes a mail naming the door, its camera and the camera's stream; a burst becomes one
 * digest; a server that is down leads to a dead letter that an operator retries once it is back;
 * an instance with a bad template is disabled with a message naming the key while the rest runs.
 */
class SmtpSinkIT {
    @TempDir
    Path site;

    private GreenMail mail;
    private VigilProcess v;

    @AfterEach
    void stop() {
        if (v != null) {
            v.close();
        }
        if (mail != null) {
            mail.stop();
        }
    }

    private static GreenMail greenMail(int port) {
        GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
        g.setUser("vigil", "secret");
        g.start();
        return g;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void alarmsAreMailedBurstsFoldedAndNothingIsLostWhileTheServerIsDown() throws Exception {
        int port = freePort();
        mail = greenMail(port);
        v = new VigilProcess(site, null, false);
        v.addPlugin(VigilProcess.SMTP_JAR);
        v.overlay("60-mail", """
                sinks:
                  - name: guards-mail
                    type: smtp
                    alarms: true
                    maxAttempts: 2
                    backoff: 200ms
                    batch:
                      size: 500
                      window: 3s
                    settings:
                      host: 127.0.0.1
                      port: %d
                      security: none
                      username: vigil
                      password: secret
                      from: vigil@site.example
                      to: [ guards@site.example ]
                      site: Dock 3
                      timeZone: UTC
                      timeout: 2s
                      link: "https://vigil.site.example/console/alarms/{instanceId}"
                  - name: broken-mail
                    type: smtp
                    settings:
                      host: 127.0.0.1
                      from: vigil@site.example
                      to: [ guards@site.example ]
                      subject: "{alarmName} at {doorName}"
                """.formatted(port));
        java.nio.file.Files.writeString(v.rules.resolve("mail-tailgating.drl"), """
                package site;
                import dev.vigil.api.Event;
                global dev.vigil.engine.rules.Sinks sinks;
                rule "Tailgating is mailed to the guards"
                when
                    $e : Event(type == "Tailgating")
                then
                    sinks.send("guards-mail", $e);
                end
                """);
        v.start();

        // From a rule, by the instance's name: the event goes out as one mail of its own.
        VigilProcess.Reply tailgating =
                v.post("/WebSdk/events/bulk", ReliabilityIT.bulk("Tailgating", "LogicalID(Camera,3)", 1));
        assertThat(tailgating.status()).as(tailgating.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(mail.getReceivedMessages())
                        .as(() -> v.log()
                                .lines()
                                .filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("Rules"))
                                .toList()
                                .toString())
                        .hasSize(1));
        assertThat(mail.getReceivedMessages()[0].getSubject()).isEqualTo("[Dock 3] Tailgating at Loading dock camera");
        mail.purgeEmailFromAllMailboxes();
        Thread.sleep(3000); // a quiet spell: the next alarm is not folded into the window the rule's mail opened

        v.post("/WebSdk/events/bulk", ReliabilityIT.bulk("DoorForcedOpen", "LogicalID(Door,2)", 1));
        await().atMost(Duration.ofSeconds(15)).until(() -> mail.getReceivedMessages().length == 1);
        MimeMessage first = mail.getReceivedMessages()[0];
        assertThat(first.getSubject())
                .isEqualTo("[Dock 3] Door forced open: triggered (Loading dock door, priority 10)");
        String body = (String) first.getContent();
        assertThat(body)
                .contains("Source: Loading dock door")
                .contains("Attached: Loading dock camera")
                .contains("rtsp://192.0.2.12/stream1")
                .containsPattern("https://vigil.site.example/console/alarms/\\d+");

        // A burst of twenty: folded into the mail that leaves when the window ends.
        v.post("/WebSdk/events/bulk", ReliabilityIT.bulk("DoorForcedOpen", "LogicalID(Door,1)", 20));
        await().atMost(Duration.ofSeconds(20)).until(() -> sections(mail) == 21);
        assertThat(mail.getReceivedMessages().length).isBetween(2, 3);
        MimeMessage digest = mail.getReceivedMessages()[mail.getReceivedMessages().length - 1];
        assertThat(digest.getSubject()).startsWith("[Dock 3] ").contains("alarm changes and events");

        // The server goes away: retries, then a dead letter, which the operator retries once it is back.
        mail.stop();
        v.post("/WebSdk/events/bulk", ReliabilityIT.bulk("DoorForcedOpen", "LogicalID(Door,2)", 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> letters().size() == 1);
        JsonNode letter = letters().get(0);
        assertThat(letter.get("Sink").asText()).isEqualTo("guards-mail");
        assertThat(letter.get("Attempts").asInt()).isEqualTo(2);
        assertThat(letter.get("Error").asText()).contains("127.0.0.1");
        mail = greenMail(port);
        assertThat(v.post("/WebSdk/sinks/deadletters/" + letter.get("Id").asLong() + "/retry", null)
                        .status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> mail.getReceivedMessages().length == 1);
        assertThat((String) mail.getReceivedMessages()[0].getContent()).contains("Source: Loading dock door");
        assertThat(letters()).isEmpty();

        // The instance with the misspelt field did not start, said why, and nothing else suffered.
        JsonNode broken = null;
        for (JsonNode p : v.get("/WebSdk/plugins").json().at("/Rsp/Result/Instances")) {
            if (p.get("Name").asText().equals("broken-mail")) {
                broken = p;
            }
        }
        assertThat(broken).isNotNull();
        assertThat(broken.get("State").asText()).isEqualTo("failed");
        assertThat(broken.get("Message").asText()).contains("settings.subject: unknown field {doorName}");
        assertThat(v.log())
                .contains("sink 'broken-mail' of type smtp from plugin smtp failed to start and is disabled");
        assertThat(v.alive()).isTrue();
    }

    private List<JsonNode> letters() {
        List<JsonNode> out = new ArrayList<>();
        v.get("/WebSdk/sinks/deadletters").json().at("/Rsp/Result").forEach(out::add);
        return out;
    }

    /** How many alarm sections all mails hold together. */
    private static int sections(GreenMail g) throws Exception {
        int n = 0;
        for (MimeMessage m : g.getReceivedMessages()) {
            String body = (String) m.getContent();
            n += body.split("Alarm: Door forced open", -1).length - 1;
        }
        return n;
    }
}
