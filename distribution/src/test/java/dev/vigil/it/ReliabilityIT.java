package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The promises of issue 7, from the built distribution: nothing acknowledged is lost, nobody is locked out. */
class ReliabilityIT {
    @TempDir
    Path site;

    static String bulk(String type, String source, int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"EventType\":\"").append(type).append("\",\"Source\":\"")
                    .append(source).append("\"}");
        }
        return b.append(']').toString();
    }

    @Test
    void aSecondDaemonOnTheSameDataFolderIsRefusedBeforeItTouchesAnything() throws Exception {
        try (VigilProcess v = new VigilProcess(site, null, false).start()) {
            v.post("/WebSdk/events/bulk", bulk("ObjectEntered", "LogicalID(Camera,1)", 10));
            Path segment = segments(v).get(0);
            byte[] before = Files.readAllBytes(segment);
            // A torn tail the first daemon is about to overwrite: a second recovery would cut it.
            Process second = VigilProcess.command("--conf", v.conf.toString(), "--data", v.data.toString(), "run")
                    .redirectErrorStream(true).start();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(second.getInputStream().readAllBytes());
            assertThat(second.exitValue()).isEqualTo(1);
            assertThat(out).contains("data folder " + v.data + " is in use by another Vigil (pid ")
                    .doesNotContain("Exception");
            assertThat(Files.readAllBytes(segment)).isEqualTo(before);
            assertThat(v.post("/WebSdk/events/bulk", bulk("ObjectEntered", "LogicalID(Camera,1)", 1)).json()
                    .at("/Rsp/Result/FirstSequence").asLong()).isEqualTo(11);
        }
    }

    @Test
    void aCorruptByteInTheJournalLosesOneRecordAndNeverReusesASequence() throws Exception {
        try (VigilProcess v = new VigilProcess(site, null, false).start()) {
            for (int i = 0; i < 4; i++) {
                assertThat(v.post("/WebSdk/events/bulk", bulk("ObjectEntered", "LogicalID(Camera,1)", 500)).status())
                        .isEqualTo(200);
            }
            assertThat(v.post("/WebSdk/events/bulk", bulk("ObjectEntered", "LogicalID(Camera,1)", 11)).json()
                    .at("/Rsp/Result/LastSequence").asLong()).isEqualTo(2011);
            assertThat(v.stop()).isEqualTo(143);
            flip(segments(v).get(0), 1000);

            v.start();
            JsonNode health = v.get("/WebSdk/health").json().at("/Rsp/Result");
            assertThat(health.get("JournalLastSequence").asLong()).isEqualTo(2011);
            assertThat(health.get("Status").asText()).isEqualTo("Degraded");
            assertThat(health.at("/Problems/0").asText()).startsWith("journal: journal-00000000000000000001.log offset ")
                    .contains("unreadable", "copied to quarantine/");
            assertThat(v.log()).contains("ERROR").contains("Journal damaged: journal-00000000000000000001.log offset");
            try (Stream<Path> q = Files.list(v.data.resolve("journal/quarantine"))) {
                assertThat(q.toList()).hasSize(1);
            }
            assertThat(v.post("/WebSdk/events/bulk", bulk("ObjectEntered", "LogicalID(Camera,1)", 1)).json()
                    .at("/Rsp/Result/FirstSequence").asLong()).isEqualTo(2012);
        }
    }

    static java.util.List<Path> segments(VigilProcess v) throws IOException {
        try (Stream<Path> s = Files.list(v.data.resolve("journal"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    static void flip(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0x5a));
            b.rewind();
            ch.write(b, offset);
        }
    }
}
