package dev.vigil.engine.websdk;

import dev.vigil.engine.ingest.IngestException;
import dev.vigil.engine.support.EngineRig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever bytes arrive as a bulk body, the parser returns events or a clean IngestException. */
class BulkEventsProperties {
    private static EngineRig rig;
    private static Path work;

    @BeforeContainer
    static void start() throws Exception {
        work = Files.createTempDirectory("bulk-props");
        rig = new EngineRig(work, Path.of("../../rules"), Instant.now());
    }

    @AfterContainer
    static void stop() {
        rig.close();
    }

    @Property(tries = 2000)
    void randomBytesNeverEscapeAsAnythingButIngestException(@ForAll byte[] body) {
        parse(body);
    }

    @Property(tries = 2000)
    void jsonShapedNoiseNeverEscapes(@ForAll("jsonish") String body) {
        parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void parse(byte[] body) {
        try {
            BulkEvents.parse(body, rig.ingest);
        } catch (IngestException expected) {
            // the only allowed failure
        }
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> pieces = Arbitraries.of(
                "[",
                "]",
                "{",
                "}",
                ",",
                ":",
                "\"EventType\"",
                "\"Source\"",
                "\"CameraMotion\"",
                "\"LogicalID(Camera,1)\"",
                "\"Timestamp\"",
                "\"2026-03-15T11:05:44Z\"",
                "\"Properties\"",
                "\"Payload\"",
                "null",
                "1e999",
                "-0",
                "true",
                "\"\\u0000\"",
                "\"x\"");
        return pieces.list().ofMaxSize(40).map(l -> String.join("", l));
    }
}
