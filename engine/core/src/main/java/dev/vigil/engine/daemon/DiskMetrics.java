package dev.vigil.engine.daemon;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the data folder uses and has left, read at each scrape: the alerting rules watch the disk. */
final class DiskMetrics {
    private DiskMetrics() {}

    static void register(MeterRegistry meters, Path data) {
        Path journal = data.resolve("journal");
        Gauge.builder("vigil.journal.disk.used", journal, DiskMetrics::bytesIn)
                .baseUnit("bytes")
                .description("bytes the journal's segments take on disk")
                .register(meters);
        Gauge.builder("vigil.data.disk.free", data, DiskMetrics::usableBytes)
                .baseUnit("bytes")
                .description("bytes left for Vigil on the disk of its data folder")
                .register(meters);
    }

    private static double bytesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException gone) {
                            return 0;
                        }
                    })
                    .sum();
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static double usableBytes(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
