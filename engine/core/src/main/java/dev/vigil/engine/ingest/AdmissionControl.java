package dev.vigil.engine.ingest;

import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Decides, before anything is written, whether the daemon can take more events without putting
 * its heap in danger. The rules queue is bounded on its own (a semaphore in the rules engine); this
 * adds what the queue does not see: the events the rule session keeps for its windows (about
 * rate × expiry, so a fast camera on a windowed rule fills the heap long after the queue drained),
 * the alarm changes waiting to be stored, and as a last guard the heap itself as the collector
 * left it after its latest collection ({@link HeapPressure}). Any of them over its mark means 503: the caller
 * retries, nothing was stored, and the daemon works the backlog off instead of dying of it.
 */
public final class AdmissionControl {
    private final LongSupplier sessionFacts;
    private final long maxSessionFacts;
    private final IntSupplier persistBacklog;
    private final int maxPersistBacklog;
    private final HeapPressure heap;
    private final java.util.function.Supplier<String> elsewhere;

    /**
     * @param maxSessionFacts   facts the rule session may hold before events are refused
     * @param maxPersistBacklog alarm changes waiting for the store before events are refused
     * @param maxHeapAfterGc    share of the heap (0..1) in use after a collection from which events are refused,
     *                          until a collection brings it 15 points lower
     */
    public AdmissionControl(
            LongSupplier sessionFacts,
            long maxSessionFacts,
            IntSupplier persistBacklog,
            int maxPersistBacklog,
            double maxHeapAfterGc) {
        this(sessionFacts, maxSessionFacts, persistBacklog, maxPersistBacklog, maxHeapAfterGc, () -> null);
    }

    /** @param elsewhere why other parts (a cluster's other nodes) want events refused now, or null */
    public AdmissionControl(
            LongSupplier sessionFacts,
            long maxSessionFacts,
            IntSupplier persistBacklog,
            int maxPersistBacklog,
            double maxHeapAfterGc,
            java.util.function.Supplier<String> elsewhere) {
        this.elsewhere = elsewhere;
        this.sessionFacts = sessionFacts;
        this.maxSessionFacts = maxSessionFacts;
        this.persistBacklog = persistBacklog;
        this.maxPersistBacklog = maxPersistBacklog;
        this.heap = new HeapPressure(maxHeapAfterGc, maxHeapAfterGc - 0.15);
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
        double share = heap.pressure();
        if (share >= 0) {
            return String.format(
                    Locale.ROOT,
                    "memory is short: %.0f%% of the heap in use after the last " + "collection",
                    share * 100);
        }
        return elsewhere.get();
    }
}
