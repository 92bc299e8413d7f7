package dev.vigil.bench;

import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.alarm.TriggerRequest;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.entity.EntitiesFile;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.store.AlarmStore;
import dev.vigil.engine.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a repeat costs from a rule's trigger to stored and reported: the alarm service, its persister
 * and the embedded H2 store of a default install, no HTTP, no rules. Rule triggers of the shipped
 * "Motion detected" alarm (30 s reactivation), as fast as they are taken: all on one camera (each
 * repeat folds into the active instance) and spread over 1,000 cameras (a repeat per instance rarely
 * shares a write group with another of the same instance). {@code RepeatCostBenchmark [TRIGGERS]}.
 */
public final class RepeatCostBenchmark {
    private RepeatCostBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path site = Files.createTempDirectory("vigil-bench-repeat");
        Files.writeString(site.resolve("entities.yaml"), BenchSite.entities(1000));
        EntityRegistry entities = EntitiesFile.load(site.resolve("entities.yaml"));
        UUID motion = entities.resolve("Motion detected", dev.vigil.engine.entity.EntityType.Alarm)
                .guid();
        for (int round = 0; round < 2; round++) { // the first round warms the JIT
            for (int cameras : new int[] {1, 1000}) {
                Path data = Files.createTempDirectory(site, "data");
                AtomicLong reports = new AtomicLong();
                try (Database db = new Database(new VigilConfig.Store(), data);
                        AlarmService alarms = new AlarmService(new AlarmStore(db), entities, Clock.systemUTC())) {
                    alarms.addListener((change, alarm) -> reports.incrementAndGet());
                    List<CompletableFuture<Alarm>> done = new ArrayList<>(n);
                    long t0 = System.nanoTime();
                    for (int i = 1; i <= n; i++) {
                        UUID camera = UUID.fromString(BenchSite.cameraGuid(1 + i % cameras));
                        done.add(alarms.trigger(
                                TriggerRequest.simple(motion, camera, "CameraMotion", "motion", "rules"), i));
                    }
                    CompletableFuture.allOf(done.toArray(new CompletableFuture[0]))
                            .join();
                    long took = System.nanoTime() - t0;
                    if (round == 1) {
                        System.out.printf(
                                Locale.ROOT,
                                "%,d rule triggers on %,d camera(s): %.2f µs each, stored and reported"
                                        + " (%,d reports to listeners, %,d/s)%n",
                                n,
                                cameras,
                                took / 1e3 / n,
                                reports.get(),
                                (long) (n / (took / 1e9)));
                    }
                }
            }
        }
        System.exit(0);
    }
}
