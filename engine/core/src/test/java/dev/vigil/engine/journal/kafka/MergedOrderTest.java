package dev.vigil.engine.journal.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MergedOrderTest {
    private static final long T0 = 1_780_000_000_000L;

    /** One record of a partition: its append time and whether it is a tick. */
    private record Rec(int partition, long millis, boolean tick) {}

    private static Event event() {
        return Event.builder()
                .type("CameraMotion")
                .source(UUID.randomUUID())
                .sourceType("Camera")
                .timestamp(Instant.ofEpochMilli(T0))
                .build();
    }

    /** Per partition, records with append times that mostly grow (sometimes repeat, rarely step back). */
    private static List<List<Rec>> partitions(Random r, int partitions, int perPartition) {
        List<List<Rec>> out = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            List<Rec> recs = new ArrayList<>();
            long t = T0 + r.nextInt(5);
            for (int i = 0; i < perPartition; i++) {
                int step = r.nextInt(10);
                t += step < 5 ? 0 : step < 9 ? r.nextInt(3) : -1;
                recs.add(new Rec(p, t, r.nextInt(5) == 0));
            }
            out.add(recs);
        }
        return out;
    }

    /** Feeds the partitions' records interleaved at random (each partition in its own order), then a closing tick each. */
    private static List<Long> merge(List<List<Rec>> parts, Random interleave, long end) {
        MergedOrder merged = new MergedOrder(parts.size());
        int[] next = new int[parts.size()];
        List<Long> released = new ArrayList<>();
        List<Integer> open = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            if (!parts.get(p).isEmpty()) {
                open.add(p);
            }
        }
        while (!open.isEmpty()) {
            int pick = open.get(interleave.nextInt(open.size()));
            Rec rec = parts.get(pick).get(next[pick]++);
            if (rec.tick()) {
                merged.tick(pick, rec.millis());
            } else {
                merged.event(pick, rec.millis(), event());
            }
            if (next[pick] == parts.get(pick).size()) {
                open.remove(Integer.valueOf(pick));
            }
            merged.release(e -> released.add(e.getSequence()));
        }
        for (int p = 0; p < parts.size(); p++) {
            merged.tick(p, end);
        }
        merged.release(e -> released.add(e.getSequence()));
        assertThat(merged.waiting()).isZero();
        return released;
    }

    @Property(tries = 200)
    void everyNodeReleasesTheSameIdsInTheSameGrowingOrder(
            @ForAll @IntRange(min = 1, max = 8) int partitions,
            @ForAll @IntRange(min = 0, max = 60) int perPartition,
            @ForAll long seed) {
        List<List<Rec>> parts = partitions(new Random(seed), partitions, perPartition);
        long events =
                parts.stream().flatMap(List::stream).filter(r -> !r.tick()).count();
        List<Long> a = merge(parts, new Random(seed + 1), T0 + 1_000_000);
        List<Long> b = merge(parts, new Random(seed + 2), T0 + 1_000_000);
        assertThat(a).hasSize((int) events).isEqualTo(b);
        for (int i = 1; i < a.size(); i++) {
            assertThat(a.get(i)).isGreaterThan(a.get(i - 1));
        }
    }

    @Test
    void aQuietPartitionHoldsTheOthersBackUntilItsTickPassesThem() {
        MergedOrder merged = new MergedOrder(2);
        List<Long> released = new ArrayList<>();
        merged.event(0, T0 + 10, event());
        assertThat(merged.release(e -> released.add(e.getSequence()))).isZero();
        merged.tick(1, T0 + 5);
        assertThat(merged.release(e -> released.add(e.getSequence()))).isZero();
        merged.tick(1, T0 + 11);
        assertThat(merged.release(e -> released.add(e.getSequence()))).isOne();
        assertThat(ClusterSequence.millisOf(released.get(0))).isEqualTo(T0 + 10);
        assertThat(ClusterSequence.partitionOf(released.get(0))).isZero();
    }

    @Test
    void anExhaustedPartitionHoldsNothingBack() {
        MergedOrder merged = new MergedOrder(3);
        merged.event(2, T0, event());
        merged.exhausted(0);
        merged.exhausted(1);
        assertThat(merged.release(e -> {})).isOne();
    }

    @Test
    void theSameMillisecondIsOrderedByPartitionThenArrivalAndOverflowsIntoTheNext() {
        PartitionClock clock = new PartitionClock(3);
        long first = clock.stamp(T0);
        long second = clock.stamp(T0);
        long back = clock.stamp(T0 - 50);
        assertThat(second).isGreaterThan(first);
        assertThat(back).isGreaterThan(second);
        assertThat(ClusterSequence.millisOf(back)).isEqualTo(T0);
        long last = back;
        for (int i = 3; i < ClusterSequence.INDEX_LIMIT + 5; i++) {
            long id = clock.stamp(T0);
            assertThat(id).isGreaterThan(last);
            last = id;
        }
        assertThat(ClusterSequence.millisOf(last)).isEqualTo(T0 + 1);
        assertThat(ClusterSequence.partitionOf(last)).isEqualTo(3);
        assertThat(ClusterSequence.of(T0, 4, 0)).isGreaterThan(ClusterSequence.of(T0, 3, 4095));
        assertThat(ClusterSequence.of(T0 + 1, 0, 0)).isGreaterThan(ClusterSequence.of(T0, 1023, 4095));
        assertThat(ClusterSequence.firstAt(T0)).isLessThanOrEqualTo(first);
    }
}
