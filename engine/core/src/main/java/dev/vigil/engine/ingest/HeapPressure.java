package dev.vigil.engine.ingest;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.vigil.engine.concurrent.Threads;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Whether the heap is too full to take more work, judged after every collection (young ones
 * included): what is still in use once the collector has done its work. Over {@code high} of the
 * heap the daemon is under pressure until a collection brings it under {@code low}. Measured
 * before this class: a hot camera on a windowed rule held 7 million Drools tuples (740 MB) for
 * 57,000 events, so counting facts alone cannot protect the heap.
 *
 * <p>While under pressure with no collection for a while (little allocation: the load went away),
 * a collection is requested now and then, or the verdict would stay stale and refuse the next
 * client for good. During load collections come by themselves and none is requested.
 */
final class HeapPressure {
    private final double high;
    private final double low;
    private final long maxHeap = Runtime.getRuntime().maxMemory();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());
    private volatile double afterLastGc;
    private volatile long lastGcNanos = System.nanoTime();
    private volatile long lastRequestNanos;
    private volatile boolean pressured;

    HeapPressure(double high, double low) {
        this.high = high;
        this.low = low;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(
                        (n, handback) -> {
                            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                                collected(GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()));
                            }
                        },
                        null,
                        null);
            }
        }
    }

    private void collected(GarbageCollectionNotificationInfo info) {
        long used = 0;
        for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                MemoryUsage u = e.getValue();
                used += u.getUsed();
            }
        }
        double share = maxHeap > 0 ? (double) used / maxHeap : 0;
        afterLastGc = share;
        lastGcNanos = System.nanoTime();
        pressured = pressured ? share > low : share >= high;
    }

    /** The share of the heap in use after the latest collection when it is too much, else -1. */
    double pressure() {
        if (!pressured) {
            return -1;
        }
        long now = System.nanoTime();
        if (now - lastGcNanos > 5_000_000_000L && now - lastRequestNanos > 10_000_000_000L) {
            lastRequestNanos = now;
            Threads.daemon("vigil-heap-check", System::gc).start();
        }
        return afterLastGc;
    }
}
