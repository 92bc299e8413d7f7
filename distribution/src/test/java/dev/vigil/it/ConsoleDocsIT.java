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
}
