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
        return Event.builder()
                .type("CameraMotion")
                .source(new UUID(1, i))
                .sourceType("Camera")
                .timestamp(Instant.ofEpochSecond(1_700_000_000L, i))
                .origin("test")
                .property("n", "v" + i)
                .payload(i % 2 == 0 ? "{\"orderId\":" + i + "}" : null)
                .build();
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
    void continuationsGivenWithTheAppendRunInSequenceOrderWhateverTheCallingThread() throws Exception {
        List<Long> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        try (FileJournal j = open(1 << 20)) {
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread th = new Thread(() -> {
                    for (int i = 0; i < 500; i++) {
                        CompletableFuture<List<Event>> done = new CompletableFuture<>();
                        done.thenAccept(es -> es.forEach(e -> seen.add(e.getSequence())));
                        j.append(List.of(event(i)), done);
                    }
                });
                callers.add(th);
                th.start();
            }
            for (Thread th : callers) {
                th.join();
            }
            j.append(List.of(event(0))).get();
        }
        assertThat(seen).hasSize(2000).isSorted();
    }

    @Test
    void aReplayFromTheMiddleOfASegmentGivesExactlyWhatFollows() throws Exception {
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            batch.add(event(i));
        }
        for (int reopen = 0; reopen < 2; reopen++) {
            try (FileJournal j = open(1 << 24)) {
                if (reopen == 0) {
                    j.append(batch).get();
                }
                for (long after : new long[] {0, 1023, 1024, 3000, 4999, 5000}) {
                    List<Event> tail = new ArrayList<>();
                    j.replay(after, tail::add);
                    assertThat(tail).hasSize((int) (5000 - after));
                    if (!tail.isEmpty()) {
                        assertThat(tail.get(0).getSequence()).isEqualTo(after + 1);
                    }
                }
            }
        }
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
    void theOpenSegmentIsWrittenAheadWithZerosAndCutToItsDataOnClose() throws Exception {
        long dataSize;
        try (FileJournal j = open(64 << 20)) {
            j.append(List.of(event(1), event(2))).get();
            Path segment = segments().get(0);
            assertThat(Files.size(segment)).isEqualTo(FileJournal.PREALLOCATE_BYTES);
            for (int i = 0; i < 60; i++) {
                List<Event> batch = new ArrayList<>();
                for (int k = 0; k < 1000; k++) {
                    batch.add(event(k));
                }
                j.append(batch).get();
            }
            assertThat(Files.size(segment)).isGreaterThan(FileJournal.PREALLOCATE_BYTES);
            assertThat(Files.size(segment) % FileJournal.PREALLOCATE_BYTES).isZero();
        }
        Path segment = segments().get(0);
        dataSize = Files.size(segment);
        assertThat(dataSize % FileJournal.PREALLOCATE_BYTES).isNotZero();
        List<Event> all = new ArrayList<>();
        try (FileJournal j = open(64 << 20)) {
            j.replay(0, all::add);
            assertThat(j.damage()).isEmpty();
        }
        assertThat(all).hasSize(60_002);
        assertThat(Files.size(segment)).isEqualTo(dataSize);
    }

    @Test
    void zerosLeftAfterTheDataByACrashAreNeitherDamageNorLoss() throws Exception {
        try (FileJournal j = open(1 << 20)) {
            j.append(List.of(event(1), event(2))).get();
        }
        Path segment = segments().get(0);
        long dataSize = Files.size(segment);
        // What a crash leaves: the data, then the zeros written ahead of it.
        Files.write(segment, new byte[1 << 20], StandardOpenOption.APPEND);
        try (FileJournal j = open(1 << 20)) {
            assertThat(j.lastSequence()).isEqualTo(2);
            assertThat(j.damage()).isEmpty();
            assertThat(j.append(List.of(event(3))).get().get(0).getSequence()).isEqualTo(3);
        }
        assertThat(Files.size(segment)).isGreaterThan(dataSize);
        List<Event> all = new ArrayList<>();
        try (FileJournal j = open(1 << 20)) {
            j.replay(0, all::add);
        }
        assertThat(all).extracting(Event::getSequence).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aTornRecordBeforeTheZerosIsCutAsATornWriteAndAnOlderSegmentsZerosAreCutToo() throws Exception {
        try (FileJournal j = open(1 << 20)) {
            j.append(List.of(event(1), event(2))).get();
        }
        Path first = segments().get(0);
        long firstData = Files.size(first);
        // As after a crash right after a rotation whose cut of the older segment did not reach the disk:
        // the older segment ends in zeros, and the newest holds the start of a record, then zeros.
        Files.write(first, new byte[64 << 10], StandardOpenOption.APPEND);
        byte[] torn = new byte[4096];
        torn[3] = 40;
        torn[4] = 1;
        torn[5] = 2;
        Path second = dir.resolve("journal-00000000000000000003.log");
        Files.write(second, torn);
        try (FileJournal j = open(1 << 20)) {
            assertThat(j.damage()).isEmpty();
            assertThat(j.lastSequence()).isEqualTo(2);
            assertThat(j.append(List.of(event(3))).get().get(0).getSequence()).isEqualTo(3);
        }
        assertThat(Files.size(second)).isLessThan(4096);
        assertThat(Files.size(first)).isEqualTo(firstData);
    }

    @Test
    void pastItsDiskCapTheJournalRefusesUntilTheConsumersCatchUpThenPrunes() throws Exception {
        java.util.concurrent.atomic.AtomicLong processed = new java.util.concurrent.atomic.AtomicLong();
        long cap = 3L << 20;
        try (FileJournal j = new FileJournal(dir, 1 << 20, 16, 512, true, 10_000, processed::get, 0, cap)) {
            Throwable refused = null;
            for (int i = 0; i < 1000 && refused == null; i++) {
                List<Event> batch = new ArrayList<>();
                for (int k = 0; k < 200; k++) {
                    batch.add(event(k));
                }
                try {
                    j.append(batch).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    refused = e.getCause();
                }
            }
            assertThat(refused).isInstanceOf(JournalFullException.class).hasMessageContaining("journal.maxDiskBytes");
            long stored = j.lastSequence();
            assertThat(j.diskBytes()).isGreaterThan(cap).isLessThan(cap + (2L << 20));
            List<Event> kept = new ArrayList<>();
            j.replay(0, kept::add);
            assertThat(kept).as("a refusal cuts nothing that was acknowledged").hasSize((int) stored);

            processed.set(stored); // the rules and the sinks caught up
            assertThat(j.append(List.of(event(1))).get().get(0).getSequence()).isEqualTo(stored + 1);
            assertThat(j.diskBytes()).isLessThanOrEqualTo(cap);
            assertThat(segments().size()).isLessThan(4);
        }
    }

    @Test
    void aRefusalAtTheCapCutsNothingThatWasAcknowledged() throws Exception {
        // Segments larger than the write-ahead: the cap is crossed inside a segment, after a batch
        // that was acknowledged in it, and the refusal must not cut that batch back.
        long cap = 6L << 20;
        long stored;
        try (FileJournal j = new FileJournal(dir, 16L << 20, 16, 512, true, 10_000, () -> 0, 0, cap)) {
            boolean refused = false;
            for (int i = 0; i < 2000 && !refused; i++) {
                List<Event> batch = new ArrayList<>();
                for (int k = 0; k < 200; k++) {
                    batch.add(event(k));
                }
                try {
                    j.append(batch).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(JournalFullException.class);
                    refused = true;
                }
            }
            assertThat(refused).isTrue();
            stored = j.lastSequence();
        }
        List<Event> kept = new ArrayList<>();
        try (FileJournal j = open(16L << 20)) {
            j.replay(0, kept::add);
            assertThat(j.lastSequence()).isEqualTo(stored);
        }
        assertThat(kept).hasSize((int) stored);
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
        assertThat(tail)
                .extracting(Event::getSequence)
                .containsExactly(
                        29_991L, 29_992L, 29_993L, 29_994L, 29_995L, 29_996L, 29_997L, 29_998L, 29_999L, 30_000L);
    }

    @Test
    void aCorruptByteInTheMiddleLosesOnlyItsRecordAndIsQuarantined() throws Exception {
        try (FileJournal j = open(1 << 24)) {
            for (int i = 0; i < 2011; i++) {
                j.append(List.of(event(i)));
            }
            j.append(List.of(event(2011))).get();
        }
        Path segment = segments().get(0);
        long size = Files.size(segment);
        flip(segment, 1000);
        try (FileJournal j = open(1 << 24)) {
            assertThat(j.lastSequence()).isEqualTo(2012);
            assertThat(Files.size(segment)).isEqualTo(size);
            List<Event> replayed = new ArrayList<>();
            j.replay(0, replayed::add);
            assertThat(replayed).hasSize(2011);
            assertThat(j.damage()).hasSize(1);
            JournalDamage d = j.damage().get(0);
            assertThat(d.offset()).isLessThanOrEqualTo(1000);
            assertThat(d.sequencesFrom()).isEqualTo(d.sequencesTo());
            assertThat(replayed)
                    .extracting(Event::getSequence)
                    .doesNotContain(d.sequencesFrom())
                    .isSorted();
            assertThat(dir.resolve(d.quarantinedTo())).hasSize(d.length());
            assertThat(j.append(List.of(event(1))).get().get(0).getSequence()).isEqualTo(2013);
        }
    }

    @Test
    void aDamagedWholeLastRecordIsQuarantinedNotSilentlyCut() throws Exception {
        try (FileJournal j = open(1 << 20)) {
            j.append(List.of(event(1), event(2), event(3))).get();
        }
        Path segment = segments().get(0);
        flip(segment, Files.size(segment) - 3);
        try (FileJournal j = open(1 << 20)) {
            assertThat(j.damage()).singleElement().satisfies(d -> {
                assertThat(d.sequencesFrom()).isEqualTo(3);
                assertThat(dir.resolve(d.quarantinedTo())).exists();
            });
            assertThat(j.lastSequence()).isEqualTo(2);
        }
    }

    @Test
    void sequencesNeverGoBelowTheFloorOthersHaveSeen() throws Exception {
        try (FileJournal j = open(1 << 20)) {
            j.append(List.of(event(1), event(2))).get();
        }
        try (FileJournal j = new FileJournal(dir, 1 << 20, 2, 512, true, 10_000, () -> Long.MAX_VALUE, 100, 0)) {
            assertThat(j.lastSequence()).isEqualTo(100);
            assertThat(j.append(List.of(event(3))).get().get(0).getSequence()).isEqualTo(101);
        }
        List<Event> all = new ArrayList<>();
        try (FileJournal j = open(1 << 20)) {
            j.replay(0, all::add);
            assertThat(j.lastSequence()).isEqualTo(101);
        }
        assertThat(all).extracting(Event::getSequence).containsExactly(1L, 2L, 101L);
    }

    private static void flip(Path file, long offset) throws IOException {
        try (java.nio.channels.FileChannel ch =
                java.nio.channels.FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0x5a));
            b.rewind();
            ch.write(b, offset);
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
    }
}
