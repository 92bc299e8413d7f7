package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every shell example of docs/console.md, in order, against a fresh daemon. */
class ConsoleDocsIT {
    static final Path DOC = Path.of("../docs/console.md");

    @TempDir
    Path site;

    @Test
    void everyExampleInTheDocWorksAgainstAFreshInstall() throws Exception {
        DocExamples examples = new DocExamples(DOC, "{\"error\":");
        assertThat(examples.curls).as("curl examples found in the doc").isGreaterThan(15);
        try (VigilProcess v = new VigilProcess(site, null, false).start()) {
            String out = examples.run(v, site, "http://localhost:4590", "http://localhost:" + v.port);
            assertThat(out).as(out).contains("ALL-EXAMPLES-RAN").doesNotContain("UNEXPECTED FAIL", "EXPECTED A FAIL");
            assertThat(out)
                    .contains("\"role\":\"admin\"")
                    .contains("\"kind\":\"FORWARDED\"")
                    .contains("\"ackBy\":\"admin\"")
                    .contains("\"loggedOut\":\"admin\"");
            // The live stream's example ran for two seconds: it opened with its resync frame.
            assertThat(java.nio.file.Files.readString(site.resolve("stream.out")))
                    .startsWith("event: resync");
        }
    }

    @Test
    void aSiteThatTurnsTheConsoleOffHasNoConsole() throws Exception {
        try (VigilProcess v = new VigilProcess(site, "console:\n  enabled: false\n", false).start()) {
            VigilProcess.Reply page = v.get("/console/");
            assertThat(page.status()).isEqualTo(404);
            assertThat(page.body()).contains("\"SdkErrorCode\":\"UnknownRequest\"");
            assertThat(v.get("/WebSdk/health").status()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> call(String url, String cookie, String csrf, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (csrf != null) {
            b.header("X-Vigil-Csrf", csrf);
        }
        if (body != null) {
            b.POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anOpenConsoleStaysLoggedInAcrossARestartOfTheDaemon() throws Exception {
        try (VigilProcess v = new VigilProcess(site, null, false).start()) {
            String base = "http://127.0.0.1:" + v.port + "/console/api/";
            var login = call(base + "login", null, null, "{\"user\":\"admin\",\"password\":\"" + v.password() + "\"}");
            String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            String csrf = VigilProcess.JSON.readTree(login.body()).get("csrf").asText();
            assertThat(v.stop()).isEqualTo(143);
            v.start();
            var me = call(base + "me", cookie, null, null);
            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
            assertThat(VigilProcess.JSON.readTree(me.body()).get("csrf").asText())
                    .isEqualTo(csrf);
            assertThat(v.log()).contains("Console: 1 login(s) from before the restart still open");
            // Logged out, it stays out after the next restart too.
            assertThat(call(base + "logout", cookie, csrf, "").statusCode()).isEqualTo(200);
            assertThat(v.stop()).isEqualTo(143);
            v.start();
            assertThat(call(base + "me", cookie, null, null).statusCode()).isEqualTo(401);
        }
    }
}
