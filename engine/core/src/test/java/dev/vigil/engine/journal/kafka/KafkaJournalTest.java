package dev.vigil.engine.journal.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.api.Event;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.support.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two journals on one topic of a real broker, as two nodes of a cluster see it. */
class KafkaJournalTest {
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static VigilConfig.Kafka config(String topic, int recentEvents) {
        VigilConfig.Kafka k = new VigilConfig.Kafka();
        k.bootstrapServers = broker.bootstrap();
        k.topic = topic;
        k.partitions = 4;
        k.tickInterval = Duration.ofMillis(50);
        k.recentEvents = recentEvents;
        return k;
    }

    private static Event event(UUID source, int n) {
        return Event.builder()
                .type("CameraMotion")
                .source(source)
                .sourceType("Camera")
                .timestamp(Instant.now())
                .property("n", String.valueOf(n))
                .build();
    }

    private static List<Event> all(KafkaJournal j) {
        List<Event> out = new ArrayList<>();
        j.replay(0, out::add);
        return out;
    }

    @Test
    void twoNodesReadTheSameEventsWithTheSameIdsInTheSameOrder() throws Exception {
        try (KafkaJournal a = KafkaJournal.open(config("same", 100_000), "a");
                KafkaJournal b = KafkaJournal.open(config("same", 100_000), "b")) {
            List<Event> deliveredToB = new CopyOnWriteArrayList<>();
            b.deliverTo(deliveredToB::addAll);
            List<UUID> sources = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
            for (int i = 0; i < 300; i++) {
                KafkaJournal via = i % 2 == 0 ? a : b;
                List<Event> sent =
                        via.append(List.of(event(sources.get(i % 3), i))).get(10, TimeUnit.SECONDS);
                assertThat(sent).hasSize(1);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> deliveredToB.size() == 300);
            await().atMost(Duration.ofSeconds(10)).until(() -> a.lastSequence() == b.lastSequence());
            List<Event> seenByA = all(a);
            List<Event> seenByB = all(b);
            assertThat(seenByA).hasSize(300);
            assertThat(ids(seenByA)).isEqualTo(ids(seenByB)).isEqualTo(ids(deliveredToB));
            assertThat(ids(seenByA)).isSorted().doesNotHaveDuplicates();
            // One source's events keep the order they were accepted in.
            for (UUID s : sources) {
                List<Integer> order = seenByA.stream()
                        .filter(e -> e.getSource().equals(s))
                        .map(e -> Integer.parseInt(e.property("n")))
                        .toList();
                assertThat(order).isSorted().hasSize(100);
            }
        }
    }

    @Test
    void aQuietTopicStillReleasesAnEventSoon() throws Exception {
        try (KafkaJournal a = KafkaJournal.open(config("quiet", 1000), "a")) {
            List<Event> delivered = new CopyOnWriteArrayList<>();
            a.deliverTo(delivered::addAll);
            long sent = System.nanoTime();
            a.append(List.of(event(UUID.randomUUID(), 1))).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 1);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(2));
            assertThat(delivered.get(0).getSequence())
                    .isEqualTo(a.lastSequence())
                    .isPositive();
        }
    }

    @Test
    void eventsOutOfMemoryAreReadBackFromTheTopicWithTheSameIds() throws Exception {
        List<Event> remembered;
        try (KafkaJournal a = KafkaJournal.open(config("readback", 100_000), "a")) {
            List<Event> batch = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                batch.add(event(UUID.randomUUID(), i));
            }
            a.append(batch).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> all(a).size() == 500);
            remembered = all(a);
        }
        // A node that remembers only the last 50 reads the rest from the topic, and so does a restart.
        try (KafkaJournal small = KafkaJournal.open(config("readback", 50), "small")) {
            assertThat(small.lastSequence()).isEqualTo(remembered.get(499).getSequence());
            assertThat(ids(all(small))).isEqualTo(ids(remembered));
            long middle = remembered.get(249).getSequence();
            List<Event> after = new ArrayList<>();
            small.scan(middle, e -> after.add(e) && after.size() < 10);
            assertThat(ids(after)).isEqualTo(ids(remembered.subList(250, 260)));
            assertThat(small.firstSequence()).isEqualTo(1);
        }
    }

    @Test
    void aRecordThatIsNotAVigilEventIsSkippedAndTheRestRead() throws Exception {
        try (KafkaJournal a = KafkaJournal.open(config("foreign", 1000), "a")) {
            java.util.Map<String, Object> p = new java.util.HashMap<>();
            p.put("bootstrap.servers", broker.bootstrap());
            try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> other =
                    new org.apache.kafka.clients.producer.KafkaProducer<>(
                            p,
                            new org.apache.kafka.common.serialization.ByteArraySerializer(),
                            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                for (int part = 0; part < 4; part++) {
                    other.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                                    "foreign", part, null, "{\"not\":\"vigil\"}".getBytes()))
                            .get();
                }
            }
            a.append(List.of(event(UUID.randomUUID(), 1), event(UUID.randomUUID(), 2)))
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> all(a).size() == 2);
            assertThat(all(a)).extracting(e -> e.property("n")).containsExactlyInAnyOrder("1", "2");
        }
    }

    @Test
    void eventsOfOneKeyShareAPartitionWhateverTheirSource() throws Exception {
        VigilConfig.Kafka byZone = config("zones", 1000);
        byZone.key = "property:zone";
        try (KafkaJournal a = KafkaJournal.open(byZone, "a")) {
            List<Event> batch = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                batch.add(Event.builder()
                        .type("CameraMotion")
                        .source(UUID.randomUUID())
                        .sourceType("Camera")
                        .timestamp(Instant.now())
                        .property("zone", i % 2 == 0 ? "north" : "south")
                        .build());
            }
            a.append(batch).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> all(a).size() == 40);
            java.util.Map<String, java.util.Set<Integer>> partitionsByZone = new java.util.HashMap<>();
            for (Event e : all(a)) {
                partitionsByZone
                        .computeIfAbsent(e.property("zone"), z -> new java.util.HashSet<>())
                        .add(ClusterSequence.partitionOf(e.getSequence()));
            }
            assertThat(partitionsByZone.get("north")).hasSize(1);
            assertThat(partitionsByZone.get("south")).hasSize(1);
        }
    }

    private static List<Long> ids(List<Event> events) {
        return events.stream().map(Event::getSequence).toList();
    }
}
