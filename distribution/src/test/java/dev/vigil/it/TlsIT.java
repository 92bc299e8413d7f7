package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS on the Web SDK and streaming ports, with a certificate made here by openssl, read by curl and the JDK. */
class TlsIT {
    @TempDir
    Path site;

    private static void makeCertificate(Path dir, String name) throws Exception {
        Process p = new ProcessBuilder(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-days",
                        "2",
                        "-keyout",
                        dir.resolve(name + "-key.pem").toString(),
                        "-out",
                        dir.resolve(name + ".pem").toString(),
                        "-subj",
                        "/CN=localhost",
                        "-addext",
                        "subjectAltName=DNS:localhost,IP:127.0.0.1")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry(
                    "vigil", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    private static String curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-S", "-o", "-", "-w", "\n%{http_code}"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void bothPortsSpeakHttpsPlainOnlyFromLoopbackAndARenewedCertificateIsTakenOnReload() throws Exception {
        Path certs = Files.createDirectories(site.resolve("certs"));
        makeCertificate(certs, "first");
        Path cert = certs.resolve("server.pem");
        Path key = certs.resolve("server-key.pem");
        Files.copy(certs.resolve("first.pem"), cert);
        Files.copy(certs.resolve("first-key.pem"), key);
        VigilProcess v = new VigilProcess(
                site, "http:\n  tls:\n    certificate: " + cert + "\n    privateKey: " + key + "\n", false);
        try (v) {
            v.start();
            assertThat(v.log()).contains("Web SDK listening on https://").contains("Event streams on https://");
            String user = "admin:" + v.password();

            // curl, verifying the certificate.
            String health = "https://localhost:" + v.port + "/WebSdk/health";
            String https = curl("--cacert", cert.toString(), "-u", user, health);
            assertThat(https).endsWith("\n200").contains("\"Status\":\"Ok\"");
            // Old protocols, and TLS 1.2 without forward secrecy (static RSA key exchange, CBC), are refused.
            assertThat(curl("--cacert", cert.toString(), "--tlsv1.1", "--tls-max", "1.1", "-u", user, health))
                    .endsWith("\n000");
            assertThat(curl(
                            "--cacert",
                            cert.toString(),
                            "--tls-max",
                            "1.2",
                            "--ciphers",
                            "AES128-SHA",
                            "-u",
                            user,
                            health))
                    .endsWith("\n000");
            assertThat(curl(
                            "--cacert",
                            cert.toString(),
                            "--tls-max",
                            "1.2",
                            "--ciphers",
                            "ECDHE-RSA-AES128-GCM-SHA256",
                            "-u",
                            user,
                            health))
                    .endsWith("\n200");
            // The console over HTTPS: its login cookie is marked Secure, so it never travels over plain HTTP.
            String login = curl(
                    "--cacert",
                    cert.toString(),
                    "-i",
                    "-H",
                    "Content-Type: application/json",
                    "-d",
                    "{\"user\":\"admin\",\"password\":\"" + v.password() + "\"}",
                    "https://localhost:" + v.port + "/console/api/login");
            assertThat(login).endsWith("\n200").containsPattern("(?i)set-cookie: vigil_console=[^\\n]*; Secure");
            // Plain HTTP from this machine still works (loopback is the default for plainHttp).
            assertThat(curl("-u", user, "http://127.0.0.1:" + v.port + "/WebSdk/health"))
                    .endsWith("\n200");

            // The JDK client; the 301 to the stream keeps https, and the stream port speaks it too.
            SSLContext ssl = trusting(cert);
            HttpClient jdk = HttpClient.newBuilder()
                    .sslContext(ssl)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            HttpResponse<String> events = jdk.send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + v.port + "/WebSdk/events"))
                            .header("Authorization", v.auth())
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(events.statusCode()).isEqualTo(301);
            URI stream = URI.create(events.headers().firstValue("Location").orElseThrow());
            assertThat(stream.getScheme()).isEqualTo("https");
            try (SSLSocket s = (SSLSocket) ssl.getSocketFactory().createSocket("localhost", stream.getPort())) {
                s.setSoTimeout(10_000);
                s.getOutputStream()
                        .write(("GET " + stream.getRawPath() + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                byte[] head = new byte[12];
                assertThat(s.getInputStream().readNBytes(head, 0, 12)).isEqualTo(12);
                // The stream's head is HTTP/1.0, as Security Center's is.
                assertThat(new String(head, StandardCharsets.US_ASCII)).matches("HTTP/1\\.[01] 200");
            }

            // Plain HTTP from another address of this machine is refused with a plain answer.
            InetAddress other = nonLoopbackAddress();
            if (other != null) {
                try (Socket plain = new Socket(other, v.port)) {
                    plain.setSoTimeout(10_000);
                    OutputStream out = plain.getOutputStream();
                    out.write("GET /WebSdk/health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    String answer = new String(plain.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    assertThat(answer).startsWith("HTTP/1.1 403").contains("use https");
                }
            }

            // A renewed certificate: new files, a reload, and new connections get it.
            X509Certificate before = served(jdk, v);
            makeCertificate(certs, "second");
            Files.copy(certs.resolve("second.pem"), cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(certs.resolve("second-key.pem"), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            v.hangUp();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(v.log()).contains("TLS certificate reloaded"));
            HttpClient fresh =
                    HttpClient.newBuilder().sslContext(trusting(cert)).build();
            assertThat(served(fresh, v).getSerialNumber()).isNotEqualTo(before.getSerialNumber());
        }
    }

    private static X509Certificate served(HttpClient client, VigilProcess v) throws Exception {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + v.port + "/WebSdk/health"))
                        .header("Authorization", v.auth())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
    }

    private static InetAddress nonLoopbackAddress() throws Exception {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!n.isUp() || n.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(n.getInetAddresses())) {
                if (a instanceof Inet4Address) {
                    return a;
                }
            }
        }
        return null;
    }
}
