package dev.vigil.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileJournalTest {
    @TempDir
    Path dir;

    private static Event event(int i) {
        return Event.builder().type("CameraMotion").source(new UUID(1, i)).sourceType("Camera")
                .timestamp(Instant.ofEpochSecond(1_700_000_000L, i)).origin("test").property("n", "v" + i)
                .payload(i % 2 == 0 ? "{\"orderId\":" + i + "}" : null).build();
    }

    private FileJournal open(long segmentBytes) {
        return new FileJournal(dir, segmentBytes, 2, 512, true, 10_000, () -> Long.MAX_VALUE);
    }

    @Test
    void sequencesIncreaseAndSurviveReopen() throws Exception {
        try (FileJournal j = open(1 << 20)) {
            List<Event> first = j.append(List.of(event(1), event(2))).get();
            assertThat(first).extracting(Event::getSequence).containsExactly(1L, 2L);
        }
        try (FileJournal j = open(1 << 20)) {
            assertThat(j.lastSequence()).isEqualTo(2);
            assertThat(j.append(List.of(event(3))).get().get(0).getSequence()).isEqualTo(3);
            List<Event> replayed = new ArrayList<>();
            j.replay(1, replayed::add);
            assertThat(replayed).extracting(Event::getSequence).containsExactly(2L, 3L);
            Event two = replayed.get(0);
            assertThat(two.getProperties()).containsEntry("n", "v2");
            assertThat(two.getPayload()).isEqualTo("{\"orderId\":2}");
            assertThat(two.getTimestamp()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 2));
        }
    }

    @Test
    void concurrentAppendsShareGroupCommitsAndKeepEveryEvent() throws Exception {
        try (FileJournal j = open(1 << 20)) {
            List<CompletableFuture<List<Event>>> all = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                all.add(j.append(List.of(event(i))));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
            assertThat(j.lastSequence()).isEqualTo(2000);
        }
        List<Event> replayed = new ArrayList<>();
        try (FileJournal j = open(1 << 20)) {
            j.replay(0, replayed::add);
        }
        assertThat(replayed).hasSize(2000);
        assertThat(replayed).extracting(Event::getSequence).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void tornTailIsCutOffOnReopen() throws Exception {
        try (FileJournal j = open(1 << 20)) {
            j.append(List.of(event(1), event(2))).get();
        }
        Path segment = segments().get(0);
        long goodSize = Files.size(segment);
        Files.write(segment, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);
        try (FileJournal j = open(1 << 20)) {
            assertThat(j.lastSequence()).isEqualTo(2);
            assertThat(Files.size(segment)).isEqualTo(goodSize);
            assertThat(j.append(List.of(event(3))).get().get(0).getSequence()).isEqualTo(3);
        }
    }

    @Test
    void rotatesSegmentsAndPrunesProcessedOnes() throws Exception {
        try (FileJournal j = open(1 << 20)) {
            for (int i = 0; i < 150; i++) {
                List<Event> batch = new ArrayList<>();
                for (int k = 0; k < 200; k++) {
                    batch.add(event(k));
                }
                j.append(batch).get();
            }
            assertThat(j.lastSequence()).isEqualTo(30_000);
        }
        assertThat(segments().size()).isBetween(2, 3);
        assertThat(dir.resolve("journal-00000000000000000001.log")).doesNotExist();
        List<Event> tail = new ArrayList<>();
        try (FileJournal j = open(1 << 20)) {
            j.replay(29_990, tail::add);
        }
        assertThat(tail).extracting(Event::getSequence).containsExactly(29_991L, 29_992L, 29_993L, 29_994L, 29_995L,
                29_996L, 29_997L, 29_998L, 29_999L, 30_000L);
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
    }
}
