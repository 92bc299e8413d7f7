package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void anOpenConsoleStaysLoggedInAcrossARestartOfTheDaemon() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        try (VigilProcess v = new VigilProcess(site, null, false).start()) {
            String base = "http://127.0.0.1:" + v.port + "/console/api/";
            var login = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "login"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                    "{\"user\":\"admin\",\"password\":\"" + v.password() + "\"}"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            String csrf = VigilProcess.JSON.readTree(login.body()).get("csrf").asText();
            assertThat(v.stop()).isEqualTo(143);
            v.start();
            var me = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "me"))
                            .header("Cookie", cookie)
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
            assertThat(VigilProcess.JSON.readTree(me.body()).get("csrf").asText())
                    .isEqualTo(csrf);
            assertThat(v.log()).contains("Console: 1 login(s) from before the restart still open");
            // Logged out, it stays out after the next restart too.
            var out = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "logout"))
                            .header("Cookie", cookie)
                            .header("X-Vigil-Csrf", csrf)
                            .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(out.statusCode()).isEqualTo(200);
            assertThat(v.stop()).isEqualTo(143);
            v.start();
            var again = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "me"))
                            .header("Cookie", cookie)
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).isEqualTo(401);
        }
    }
}
