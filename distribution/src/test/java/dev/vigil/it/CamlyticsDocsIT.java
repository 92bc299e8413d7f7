package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every shell example of docs/camlytics.md, in order, against a fresh daemon. */
class CamlyticsDocsIT {
    static final Path DOC = Path.of("../docs/camlytics.md");

    @TempDir
    Path site;

    @Test
    void everyExampleInTheDocWorksAgainstAFreshInstall() throws Exception {
        DocExamples examples = new DocExamples(DOC, "\"Code\":\"");
        assertThat(examples.curls).as("curl examples found in the doc").isGreaterThan(10);
        try (VigilProcess v = new VigilProcess(site, null, false).start()) {
            String out = examples.run(
                    v,
                    site,
                    "http://localhost:48462",
                    "http://localhost:" + v.camlyticsPort,
                    "http://localhost:4590",
                    "http://localhost:" + v.port);
            assertThat(out).as(out).contains("ALL-EXAMPLES-RAN").doesNotContain("UNEXPECTED FAIL", "EXPECTED A FAIL");
            assertThat(out).contains("\"type\":\"Sabotage\"", "\"channel_name\":\"Lobby camera\"");
        }
    }
}
