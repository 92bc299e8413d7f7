package dev.vigil.bench;

import dev.vigil.api.Event;
import dev.vigil.engine.journal.FileJournal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The journal's fsync tail from a client's view, without HTTP: {@code --clients} threads each append
 * one event and wait for it to be on disk, as a RaiseEvent request does, for {@code --seconds}.
 *
 * <ul>
 *   <li>{@code --mode journal}: Vigil's {@link FileJournal}, group commit up to {@code --max-batch}
 *       events per fsync.
 *   <li>{@code --mode probe}: the same group commit written out here, to try what the journal does
 *       not: {@code --metadata} ({@code force(true)} instead of {@code force(false)}), {@code
 *       --prealloc MB} (the file written full of zeros first, so appends change no file size), and
 *       {@code --pipelined} (a second thread forces while the first writes the next group).
 * </ul>
 *
 * Prints appends/s and latency p50 / p99 / p99.9 / max. The folder defaults to a temporary one on the
 * disk the daemon's data would use ({@code --dir}).
 */
public final class JournalTailBenchmark {
    private static final int RECORD = 160;
    private static final byte[] ZEROS = new byte[RECORD];

    private JournalTailBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int clients = Integer.parseInt(o.getOrDefault("clients", "32"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "20"));
        Path dir = Files.createTempDirectory(
                Path.of(o.getOrDefault("dir", System.getProperty("java.io.tmpdir"))), "vigil-tail");
        Appender appender = switch (o.getOrDefault("mode", "journal")) {
            case "journal" -> new JournalAppender(dir, Integer.parseInt(o.getOrDefault("max-batch", "8192")));
            case "probe" ->
                new ProbeAppender(
                        dir,
                        o.containsKey("metadata"),
                        Long.parseLong(o.getOrDefault("prealloc", "0")) << 20,
                        o.containsKey("pipelined"));
            default -> throw new IllegalArgumentException("--mode journal|probe");
        };
        Recorder recorder = new Recorder(3);
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    appender.appendAndWait();
                    if (measuring.get()) {
                        recorder.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        Thread.sleep(3000); // warm-up: JIT, the first segment
        recorder.getIntervalHistogram();
        measuring.set(true);
        long begin = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        Histogram h = recorder.getIntervalHistogram();
        double elapsed = (System.nanoTime() - begin) / 1e9;
        stop.set(true);
        for (Thread t : threads) {
            t.join(5000);
        }
        appender.close();
        System.out.printf(
                Locale.ROOT,
                "%s: %,.0f appends/s, %d clients; latency p50 %.2f / p99 %.2f / p99.9 %.2f / max %.1f ms; %,.0f fsyncs/s%n",
                appender,
                h.getTotalCount() / elapsed,
                clients,
                h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0,
                h.getMaxValue() / 1000.0,
                appender.forces() / (elapsed + 3));
        deleteTree(dir);
    }

    private interface Appender extends AutoCloseable {
        void appendAndWait();

        long forces();

        @Override
        void close() throws Exception;
    }

    private static final class JournalAppender implements Appender {
        private final FileJournal journal;
        private final int maxBatch;
        private final Event template = Event.builder()
                .type("CameraMotion")
                .source(UUID.fromString(BenchSite.cameraGuid(1)))
                .sourceType("Camera")
                .timestamp(Instant.parse("2026-11-30T12:00:00Z"))
                .origin("websdk")
                .build();

        JournalAppender(Path dir, int maxBatch) {
            this.maxBatch = maxBatch;
            journal = new FileJournal(dir, 64L << 20, 4, maxBatch, true, 200_000, () -> Long.MAX_VALUE);
        }

        @Override
        public void appendAndWait() {
            journal.append(List.of(template)).join();
        }

        @Override
        public long forces() {
            return -1;
        }

        @Override
        public void close() {
            journal.close();
        }

        @Override
        public String toString() {
            return "FileJournal (max batch " + maxBatch + ", force(false), zeros written ahead)";
        }
    }

    /** Group commit as the journal does it, with the variants the journal does not have. */
    private static final class ProbeAppender implements Appender {
        private final BlockingQueue<CompletableFuture<Void>> queue = new ArrayBlockingQueue<>(200_000);
        private final BlockingQueue<List<CompletableFuture<Void>>> written = new ArrayBlockingQueue<>(1024);
        private final FileChannel file;
        private final boolean metadata;
        private final long prealloc;
        private final boolean pipelined;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(RECORD * 8192);
        private volatile boolean running = true;
        private long position;
        private volatile long forces;
        private final Thread writer;
        private final Thread syncer;

        ProbeAppender(Path dir, boolean metadata, long prealloc, boolean pipelined) throws IOException {
            this.metadata = metadata;
            this.prealloc = prealloc;
            this.pipelined = pipelined;
            file = FileChannel.open(dir.resolve("probe.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (prealloc > 0) {
                ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
                for (long at = 0; at < prealloc; at += zeros.capacity()) {
                    zeros.clear();
                    file.write(zeros, at);
                }
                file.force(true);
            }
            writer = new Thread(this::writeLoop, "probe-writer");
            writer.start();
            syncer = pipelined ? new Thread(this::syncLoop, "probe-syncer") : null;
            if (syncer != null) {
                syncer.start();
            }
        }

        @Override
        public void appendAndWait() {
            CompletableFuture<Void> done = new CompletableFuture<>();
            if (queue.offer(done)) {
                done.join();
            }
        }

        private void writeLoop() {
            List<CompletableFuture<Void>> group = new ArrayList<>();
            try {
                while (running) {
                    CompletableFuture<Void> first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    group.add(first);
                    queue.drainTo(group, 8191);
                    buffer.clear();
                    for (int i = 0; i < group.size(); i++) {
                        buffer.put(ZEROS);
                    }
                    buffer.flip();
                    if (prealloc > 0 && position + buffer.remaining() > prealloc) {
                        position = 0; // wrap: the probe measures the disk, not the file's end
                    }
                    while (buffer.hasRemaining()) {
                        position += file.write(buffer, position);
                    }
                    if (pipelined) {
                        written.put(group);
                        group = new ArrayList<>();
                    } else {
                        force();
                        group.forEach(f -> f.complete(null));
                        group.clear();
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** Forces once for every group written since the last force, then completes them all. */
        private void syncLoop() {
            List<List<CompletableFuture<Void>>> groups = new ArrayList<>();
            try {
                while (running) {
                    List<CompletableFuture<Void>> first = written.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    groups.add(first);
                    written.drainTo(groups);
                    force();
                    for (List<CompletableFuture<Void>> g : groups) {
                        g.forEach(f -> f.complete(null));
                    }
                    groups.clear();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private void force() throws IOException {
            file.force(metadata);
            forces++;
        }

        @Override
        public long forces() {
            return forces;
        }

        @Override
        public void close() throws Exception {
            running = false;
            writer.join(2000);
            if (syncer != null) {
                syncer.join(2000);
            }
            file.close();
        }

        @Override
        public String toString() {
            return "probe (force(" + metadata + ")" + (prealloc > 0 ? ", preallocated " + (prealloc >> 20) + " MB" : "")
                    + (pipelined ? ", second thread forces" : "") + ")";
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected " + args[i]);
            }
            String key = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                o.put(key, args[++i]);
            } else {
                o.put(key, "");
            }
        }
        return o;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
