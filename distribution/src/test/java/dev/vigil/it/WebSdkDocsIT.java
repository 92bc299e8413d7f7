package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every shell example of docs/websdk.md, in order, as one shell session against a fresh
 * daemon: each {@code curl} must answer {@code "Status":"Ok"} (or not answer an envelope at all),
 * except where the doc's next line shows a Fail answer. A stream example runs for two seconds.
 */
class WebSdkDocsIT {
    static final Path DOC = Path.of("../docs/websdk.md");

    @TempDir
    Path site;

    @Test
    void everyExampleInTheDocWorksAgainstAFreshInstall() throws Exception {
        DocExamples examples = new DocExamples(DOC, "\"Status\":\"Fail\"");
        assertThat(examples.curls).as("curl examples found in the doc").isGreaterThan(50);

        try (VigilProcess v = new VigilProcess(site, null, false).start()) {
            // The doc reads the password from $DIST/data and talks to localhost:4590; point both at this daemon.
            String out = examples.run(v, site, "http://localhost:4590", "http://localhost:" + v.port);
            assertThat(out).as(out).contains("ALL-EXAMPLES-RAN").doesNotContain("UNEXPECTED FAIL", "EXPECTED A FAIL");
            assertThat(Files.readString(site.resolve("stream.out"))).contains("--GENETECBOUNDARY");
        }
    }
}
