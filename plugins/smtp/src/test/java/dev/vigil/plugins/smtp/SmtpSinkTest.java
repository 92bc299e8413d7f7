package dev.vigil.plugins.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.vigil.api.AlarmChange;
import dev.vigil.api.AlarmSnapshot;
import dev.vigil.api.AlarmState;
import dev.vigil.api.EntityInfo;
import dev.vigil.api.Event;
import dev.vigil.api.OverloadedException;
import dev.vigil.api.PermanentDeliveryException;
import dev.vigil.api.PluginContext;
import dev.vigil.api.SinkItem;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

class SmtpSinkTest {
    static final UUID DOOR = new UUID(2, 2);
    static final UUID CAMERA = new UUID(1, 3);

    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void stopServers() throws Exception {
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    private GreenMail greenMail(String protocol) throws Exception {
        GreenMail g = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", protocol));
        g.start();
        servers.add(g::stop);
        return g;
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static AlarmChange change(long id, AlarmChange.Kind kind, String context) {
        return new AlarmChange(
                kind,
                new AlarmSnapshot(
                        40 + id,
                        new UUID(3, 2),
                        "Door forced open",
                        DOOR,
                        AlarmState.ACTIVE,
                        2,
                        context,
                        List.of(CAMERA),
                        Instant.parse("2026-11-30T21:04:21Z"),
                        Instant.parse("2026-11-30T21:04:21Z"),
                        null,
                        null,
                        1),
                Instant.parse("2026-11-30T21:04:2" + id + "Z"),
                id);
    }

    static PluginContext context(Map<String, Object> settings) {
        return new PluginContext() {
            @Override
            public String instanceName() {
                return "mail";
            }

            @Override
            public Map<String, Object> settings() {
                return settings;
            }

            @Override
            public Path dataDirectory() {
                return Path.of("target");
            }

            @Override
            public long publish(Event event) throws OverloadedException {
                throw new IllegalStateException("a sink does not publish");
            }

            @Override
            public Optional<EntityInfo> entity(UUID guid) {
                if (guid.equals(DOOR)) {
                    return Optional.of(new EntityInfo(DOOR, "Door", 2, "Loading dock door"));
                }
                if (guid.equals(CAMERA)) {
                    return Optional.of(new EntityInfo(
                            CAMERA, "Camera", 3, "Loading dock camera", "rtsp://admin:s3cret@192.0.2.12/stream1"));
                }
                return Optional.empty();
            }
        };
    }

    static Map<String, Object> settings(int port, String security) {
        Map<String, Object> s = new HashMap<>();
        s.put("host", "127.0.0.1");
        s.put("port", port);
        s.put("security", security);
        s.put("from", "vigil@site.example");
        s.put("to", List.of("guard@site.example", "manager@site.example"));
        s.put("timeZone", "Europe/Paris");
        s.put("site", "Dock 3");
        s.put("link", "https://vigil.site.example/console/alarms/{instanceId}");
        s.put("timeout", "5s");
        return s;
    }

    private static SmtpSink started(Map<String, Object> settings) {
        SmtpSink sink = new SmtpSink();
        sink.start(context(settings));
        return sink;
    }

    @Test
    void anAlarmChangeBecomesOneMailToEveryRecipientWithTheTemplatesFilledIn() throws Exception {
        GreenMail g = greenMail("smtp");
        g.setUser("vigil", "pw");
        Map<String, Object> s = settings(g.getSmtp().getPort(), "none");
        s.put("username", "vigil");
        s.put("password", "pw");
        started(s).onBatch(List.of(SinkItem.of(change(1, AlarmChange.Kind.TRIGGERED, "forced at 22:04"))));

        MimeMessage[] mails = g.getReceivedMessages();
        assertThat(mails).hasSize(2); // one copy per recipient mailbox
        MimeMessage m = mails[0];
        assertThat(m.getSubject()).isEqualTo("[Dock 3] Door forced open: triggered (Loading dock door, priority 2)");
        String body = (String) m.getContent();
        assertThat(body)
                .contains("Alarm: Door forced open (instance 41)")
                .contains("Source: Loading dock door")
                .contains("Time: 2026-11-30 22:04:21 CET")
                .contains("Context: forced at 22:04")
                .contains("Attached: Loading dock camera")
                .contains("rtsp://192.0.2.12/stream1")
                .doesNotContain("s3cret")
                .contains("https://vigil.site.example/console/alarms/41");
        assertThat(m.getHeader("X-Vigil-Key")).containsExactly("alarm-change-1");
        assertThat(m.getAllRecipients())
                .extracting(Object::toString)
                .containsExactly("guard@site.example", "manager@site.example");
    }

    @Test
    void aBatchBecomesOneDigestMailListingEveryItem() throws Exception {
        GreenMail g = greenMail("smtp");
        Map<String, Object> s = settings(g.getSmtp().getPort(), "none");
        s.put("to", "guard@site.example");
        List<SinkItem> burst = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            burst.add(SinkItem.of(change(i, AlarmChange.Kind.RETRIGGERED, "burst " + i)));
        }
        burst.add(SinkItem.of(Event.builder()
                .sequence(77)
                .type("DoorClosed")
                .source(DOOR)
                .sourceType("Door")
                .timestamp(Instant.parse("2026-11-30T21:05:00Z"))
                .build()));
        started(s).onBatch(burst);

        MimeMessage[] mails = g.getReceivedMessages();
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getSubject())
                .isEqualTo("[Dock 3] 4 alarm changes and events, 2026-11-30 22:04:21 CET to 2026-11-30 22:05:00 CET");
        String body = (String) mails[0].getContent();
        assertThat(body)
                .contains("Context: burst 1", "Context: burst 2", "Context: burst 3", "Event: DoorClosed (#77)");
        assertThat(body.indexOf("burst 1")).isLessThan(body.indexOf("burst 3"));
        assertThat(mails[0].getHeader("X-Vigil-Key")).containsExactly("alarm-change-1..event-77");
    }

    @Test
    void smtpsSpeaksTlsFromTheFirstByte() throws Exception {
        GreenMail g = greenMail("smtps");
        Map<String, Object> s = settings(g.getSmtps().getPort(), "smtps");
        s.put("trust", "*"); // GreenMail's certificate is self-signed
        started(s).onBatch(List.of(SinkItem.of(change(1, AlarmChange.Kind.TRIGGERED, ""))));
        assertThat(g.getReceivedMessages()).hasSize(2);
    }

    @Test
    void startTlsUpgradesTheConnectionAndIsNeverSkipped() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        int port = freePort();
        SMTPServer tls = SMTPServer.port(port)
                .bindAddress(java.net.InetAddress.getLoopbackAddress())
                .hostName("localhost")
                .startTlsSocketFactory(greenMailTls())
                .requireTLS()
                .messageHandler((ctx, from, to, data) -> received.add(new String(data, StandardCharsets.UTF_8)))
                .build();
        tls.start();
        servers.add(tls::stop);
        Map<String, Object> s = settings(port, "starttls");
        s.put("trust", "*");
        started(s).onBatch(List.of(SinkItem.of(change(1, AlarmChange.Kind.TRIGGERED, ""))));
        // requireTLS: the server refuses MAIL FROM on a connection that was not upgraded
        assertThat(received).singleElement().asString().contains("To: guard@site.example, manager@site.example");

        GreenMail plain = greenMail("smtp"); // offers no STARTTLS
        Map<String, Object> p = settings(plain.getSmtp().getPort(), "starttls");
        assertThatThrownBy(() -> started(p).onBatch(List.of(SinkItem.of(change(2, AlarmChange.Kind.TRIGGERED, "")))))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("STARTTLS");
        assertThat(plain.getReceivedMessages()).isEmpty();
    }

    @Test
    void aFinal5xxAnswerIsPermanentWhileADownServerIsWorthRetrying() throws Exception {
        int port = freePort();
        SMTPServer refusing = SMTPServer.port(port)
                .bindAddress(java.net.InetAddress.getLoopbackAddress())
                .messageHandler((ctx, from, to, data) -> {
                    throw new RejectException(554, "message refused by policy");
                })
                .build();
        refusing.start();
        servers.add(refusing::stop);
        assertThatThrownBy(() -> started(settings(port, "none"))
                        .onBatch(List.of(SinkItem.of(change(1, AlarmChange.Kind.TRIGGERED, "")))))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("message refused by policy");

        int nobody = freePort();
        assertThatThrownBy(() -> started(settings(nobody, "none"))
                        .onBatch(List.of(SinkItem.of(change(1, AlarmChange.Kind.TRIGGERED, "")))))
                .isInstanceOf(MessagingException.class)
                .isNotInstanceOf(PermanentDeliveryException.class);
    }

    @Test
    void badSettingsAreRefusedAtStartNamingTheKey() {
        Map<String, Object> s = settings(25, "none");
        s.put("subject", "{alarmName} at {sorceName}");
        assertThatThrownBy(() -> started(s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("settings.subject: unknown field {sorceName}");
        Map<String, Object> t = settings(25, "tls1.0");
        assertThatThrownBy(() -> started(t))
                .hasMessage("settings.security must be none, starttls or smtps, not 'tls1.0'");
        Map<String, Object> u = settings(25, "none");
        u.remove("host");
        assertThatThrownBy(() -> started(u)).hasMessageStartingWith("settings.host is missing");
        Map<String, Object> v = settings(25, "none");
        v.put("to", List.of("guard@site.example", "not an address"));
        assertThatThrownBy(() -> started(v))
                .hasMessageStartingWith("settings.to: 'not an address' is no e-mail address");
        Map<String, Object> w = settings(25, "none");
        w.put("body", "{context");
        assertThatThrownBy(() -> started(w)).hasMessageStartingWith("settings.body: '{' at position 0 is never closed");
    }

    /** GreenMail's self-signed test key, reused for the STARTTLS server. */
    private static SSLContext greenMailTls() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = GreenMail.class.getClassLoader().getResourceAsStream("greenmail.p12")) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
