package dev.vigil.engine.ingest;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Decides, before anything is written, whether the daemon can take more events without putting
 * its heap in danger. The rules queue is bounded on its own (a semaphore in the rules engine); this
 * adds what the queue does not see: the events the rule session keeps for its windows (about
 * rate × expiry, so a fast camera on a windowed rule fills the heap long after the queue drained),
 * the alarm changes waiting to be stored, and as a last guard the heap itself as the collector
 * left it after its latest old-generation cycle. Any of them over its mark means 503: the caller
 * retries, nothing was stored, and the daemon works the backlog off instead of dying of it.
 */
public final class AdmissionControl {
    private final LongSupplier sessionFacts;
    private final long maxSessionFacts;
    private final IntSupplier persistBacklog;
    private final int maxPersistBacklog;
    private final double maxHeapAfterGc;
    private final List<MemoryPoolMXBean> collectedPools;

    /**
     * @param maxSessionFacts   facts the rule session may hold before events are refused
     * @param maxPersistBacklog alarm changes waiting for the store before events are refused
     * @param maxHeapAfterGc    share of the heap (0..1) still in use after the last collection before events are refused
     */
    public AdmissionControl(LongSupplier sessionFacts, long maxSessionFacts, IntSupplier persistBacklog,
                            int maxPersistBacklog, double maxHeapAfterGc) {
        this.sessionFacts = sessionFacts;
        this.maxSessionFacts = maxSessionFacts;
        this.persistBacklog = persistBacklog;
        this.maxPersistBacklog = maxPersistBacklog;
        this.maxHeapAfterGc = maxHeapAfterGc;
        this.collectedPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported())
                .toList();
    }

    /** The default fact limit for a heap: about 0.35 KB a kept event, in 30% of the heap. */
    public static long factsFor(long maxHeapBytes) {
        return Math.max(10_000, maxHeapBytes * 3 / 10 / 350);
    }

    /** Why more events cannot be taken now, or null when they can. */
    public String refusal() {
        long facts = sessionFacts.getAsLong();
        if (facts >= maxSessionFacts) {
            return "the rule session holds " + facts + " events for its windows (rules.maxSessionFacts is "
                    + maxSessionFacts + ")";
        }
        int backlog = persistBacklog.getAsInt();
        if (backlog >= maxPersistBacklog) {
            return backlog + " alarm changes are waiting to be stored";
        }
        double heap = heapAfterGc();
        if (heap >= maxHeapAfterGc && oldGenerationNow() >= maxHeapAfterGc) {
            collectSoon();
            return String.format(java.util.Locale.ROOT, "memory is short: %.0f%% of the heap in use after the last "
                    + "collection", heap * 100);
        }
        return null;
    }

    private volatile long lastRequestedGc;

    /**
     * With no load there is no allocation and so no collection to tell that memory came free again:
     * ask for one now and then while refusing, so refusals end once the backlog is worked off.
     */
    private void collectSoon() {
        long now = System.nanoTime();
        if (now - lastRequestedGc > 10_000_000_000L) {
            lastRequestedGc = now;
            Thread t = new Thread(System::gc, "vigil-admission-gc");
            t.setDaemon(true);
            t.start();
        }
    }

    private double oldGenerationNow() {
        double worst = 0;
        for (MemoryPoolMXBean p : collectedPools) {
            MemoryUsage now = p.getUsage();
            if (now.getMax() > 0 && p.getName().matches("(?i).*(old|tenured).*")) {
                worst = Math.max(worst, (double) now.getUsed() / now.getMax());
            }
        }
        return worst;
    }

    /** Old-generation occupancy after its latest collection, as a share of its maximum (0 when unknown). */
    double heapAfterGc() {
        double worst = 0;
        for (MemoryPoolMXBean p : collectedPools) {
            MemoryUsage after = p.getCollectionUsage();
            long max = p.getUsage().getMax();
            if (after != null && max > 0 && p.getName().matches("(?i).*(old|tenured).*")) {
                worst = Math.max(worst, (double) after.getUsed() / max);
            }
        }
        return worst;
    }
}
