package dev.vigil.engine.alarm;

import dev.vigil.api.AlarmChange;
import dev.vigil.engine.store.AlarmStore;
import java.util.List;

/**
 * An alarm change as the cluster ordered it: any node's ({@code origin}), with its place in the one
 * order every node reads ({@code position}, increasing), which a sink's cursor follows on a cluster,
 * and what the store keeps of it.
 */
public record ClusterChange(
        AlarmChange.Kind kind,
        Alarm alarm,
        long atMillis,
        long changeId,
        long position,
        String origin,
        String by,
        long causeSequence,
        List<Long> foldedCauses) {

    /** The change as the store writes it. */
    public AlarmStore.StoredChange stored() {
        return new AlarmStore.StoredChange(changeId, kind, alarm, atMillis, by, causeSequence, foldedCauses);
    }
}
