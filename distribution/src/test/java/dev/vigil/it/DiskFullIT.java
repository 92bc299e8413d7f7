package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data folder's disk fills up under a running daemon, as a real small disk does (a tmpfs of a
 * few MB, mounted for the test: it needs root): events are refused with 503 and a clear reason,
 * the log says so once, and the daemon takes events again by itself once space is freed.
 */
class DiskFullIT {
    @TempDir
    Path site;

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    @Test
    void aFullDiskAnswers503WithTheReasonAndTheDaemonRecoversWhenSpaceReturns() throws Exception {
        assumeTrue(System.getProperty("user.name").equals("root"), "mounting a small disk needs root");
        Path data = Files.createDirectories(site.resolve("data"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", data.toString()) == 0, "cannot mount");
        Path filler = data.resolve("filler");
        try {
            try (VigilProcess v = new VigilProcess(site, null, false).start()) {
                String batch = ReliabilityIT.bulk("ObjectExited", "LogicalID(Camera,1)", 2000);
                assertThat(v.post("/WebSdk/events/bulk", batch).status()).isEqualTo(200);
                fill(filler);

                // The journal writes ahead of its data, so the first appends after the disk filled still fit.
                VigilProcess.Reply refused = null;
                for (int i = 0; i < 200 && refused == null; i++) {
                    VigilProcess.Reply r = v.post("/WebSdk/events/bulk", batch);
                    if (r.status() != 200) {
                        refused = r;
                    }
                }
                assertThat(refused).as("no append was refused on a full disk").isNotNull();
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.body()).contains("No space left on device").contains("nothing was stored");
                assertThat(v.post("/WebSdk/events/bulk", batch).status()).isEqualTo(503);
                assertThat(v.log()).containsOnlyOnce("Journal cannot write in");
                assertThat(v.alive()).isTrue();

                Files.delete(filler);
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(
                                        v.post("/WebSdk/events/bulk", batch).status())
                                .isEqualTo(200));
                assertThat(v.log()).contains("writes again");
                assertThat(v.get("/WebSdk/health").status()).isEqualTo(200);
            }
        } finally {
            run("umount", "-l", data.toString());
        }
    }

    private static void fill(Path filler) {
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertThat(full.getMessage() + "").containsIgnoringCase("space");
        }
        // small writes too, down to the last block
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write("x".repeat(512).getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException full) {
            // the disk is full
        }
    }
}
