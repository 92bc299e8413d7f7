package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients that try to lock everyone out: slow heads, unauthenticated bodies, password guessing. */
class HostileClientsIT {
    @TempDir
    Path site;

    private static VigilProcess start(Path site, String httpOverlay) throws IOException {
        VigilProcess v = new VigilProcess(site, null, false);
        if (!httpOverlay.isEmpty()) {
            v.overlay("60-limits", "http:\n" + httpOverlay);
        }
        return v.start();
    }

    private static Socket open(VigilProcess v) throws IOException {
        Socket s = new Socket("127.0.0.1", v.port);
        s.setSoTimeout(10_000);
        return s;
    }

    /** What the server sent before closing (or until the timeout), as text. */
    private static String readAll(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder out = new StringBuilder();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                out.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // what arrived so far is the answer
        }
        return out.toString();
    }

    @Test
    void connectionsHeldWithHalfSentHeadsNeitherLockOutALoginNorStayForever() throws Exception {
        try (VigilProcess v =
                start(site, "  maxConnections: 100\n  maxConnectionsPerAddress: 1000\n" + "  headerTimeout: 3s\n")) {
            List<Socket> slow = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                Socket s = open(v);
                s.getOutputStream().write("GET /WebSdk/health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes());
                s.getOutputStream().flush();
                slow.add(s);
            }
            // Every slot is taken by a half-sent head, yet a client that logs in gets through.
            for (int i = 0; i < 5; i++) {
                VigilProcess.Reply r = v.get("/WebSdk/health");
                assertThat(r.status()).isEqualTo(200);
            }
            Thread.sleep(3_500);
            int timedOut = 0;
            for (Socket s : slow) {
                String answer = readAll(s);
                if (answer.isEmpty() || answer.startsWith("HTTP/1.1 408")) {
                    timedOut++;
                }
                s.close();
            }
            assertThat(timedOut).isEqualTo(slow.size());
            assertThat(v.get("/WebSdk/health").status()).isEqualTo(200);
        }
    }

    @Test
    void oneAddressCannotTakeEverySlot() throws Exception {
        try (VigilProcess v = start(site, "  maxConnectionsPerAddress: 20\n")) {
            List<Socket> held = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                held.add(open(v));
            }
            Thread.sleep(500); // accepted on several event loops: let them all count before the next one
            Socket extra = open(v);
            extra.getOutputStream()
                    .write(("GET /WebSdk/health HTTP/1.1\r\nHost: x\r\nAuthorization: " + v.auth() + "\r\n\r\n")
                            .getBytes());
            assertThat(readAll(extra)).isEmpty();
            extra.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aBodyWithoutALoginIsRefusedOnItsHeadAndNeverRead() throws Exception {
        try (VigilProcess v = start(site, "")) {
            List<Socket> senders = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Socket s = open(v);
                OutputStream out = s.getOutputStream();
                out.write("POST /WebSdk/events/bulk HTTP/1.1\r\nHost: x\r\nContent-Length: 4000000\r\n\r\n".getBytes());
                out.write(new byte[64 * 1024]);
                out.flush();
                senders.add(s);
            }
            for (Socket s : senders) {
                String answer = readAll(s);
                assertThat(answer).startsWith("HTTP/1.1 401").contains("\"SdkErrorCode\":\"Unauthorized\"");
                s.close();
            }
            VigilProcess.Reply ok =
                    v.post("/WebSdk/events/bulk", ReliabilityIT.bulk("ObjectEntered", "LogicalID(Camera,1)", 10));
            assertThat(ok.status()).isEqualTo(200);
        }
    }

    @Test
    void guessingPasswordsBacksOffTheGuesserButNotTheLoggedInClient() throws Exception {
        try (VigilProcess v = start(site, "")) {
            assertThat(v.get("/WebSdk/health").status()).isEqualTo(200);
            String wrong = "Basic " + Base64.getEncoder().encodeToString("admin:guess".getBytes());
            List<Integer> statuses = new ArrayList<>();
            VigilProcess.Reply last = null;
            for (int i = 0; i < 8; i++) {
                last = v.send(HttpRequest.newBuilder(v.uri("/WebSdk/health"))
                        .header("Authorization", wrong)
                        .GET());
                statuses.add(last.status());
            }
            assertThat(statuses.subList(0, 5)).containsOnly(401);
            assertThat(statuses.get(7)).isEqualTo(429);
            assertThat(last.header("Retry-After")).matches("\\d+");
            assertThat(last.json().at("/Rsp/Result/SdkErrorCode").asText()).isEqualTo("TooManyRequests");
            // The client that logged in before keeps working from the same address.
            assertThat(v.get("/WebSdk/health").status()).isEqualTo(200);
        }
    }
}
