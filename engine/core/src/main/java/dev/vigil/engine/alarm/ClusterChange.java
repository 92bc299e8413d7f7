package dev.vigil.engine.alarm;

import dev.vigil.api.AlarmChange;

/**
 * An alarm change as the cluster ordered it: any node's, with its place in the one order every node
 * reads ({@code position}, increasing), which a sink's cursor follows on a cluster.
 */
public record ClusterChange(AlarmChange.Kind kind, Alarm alarm, long atMillis, long changeId, long position) {}
