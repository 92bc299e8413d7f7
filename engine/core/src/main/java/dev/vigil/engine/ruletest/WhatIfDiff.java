package dev.vigil.engine.ruletest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The candidate rules' actions beside the live rules' over the same events. Actions pair up by what
 * they do to which alarm and source, in order; a pair whose time (by more than a second), detail or
 * rule differs is changed, and an action with no partner is added or missing.
 */
public record WhatIfDiff(List<WhatIf.Action> added, List<WhatIf.Action> missing, List<Changed> changed, int same) {

    public record Changed(WhatIf.Action live, WhatIf.Action candidate) {}

    private static final Duration SAME_TIME = Duration.ofSeconds(1);

    public static WhatIfDiff of(List<WhatIf.Action> live, List<WhatIf.Action> candidate) {
        Map<String, List<WhatIf.Action>> liveByIdentity = group(live);
        Map<String, List<WhatIf.Action>> candidateByIdentity = group(candidate);
        List<WhatIf.Action> added = new ArrayList<>();
        List<WhatIf.Action> missing = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        int same = 0;
        for (Map.Entry<String, List<WhatIf.Action>> e : liveByIdentity.entrySet()) {
            List<WhatIf.Action> l = e.getValue();
            List<WhatIf.Action> c = candidateByIdentity.getOrDefault(e.getKey(), List.of());
            for (int i = 0; i < Math.max(l.size(), c.size()); i++) {
                if (i >= c.size()) {
                    missing.add(l.get(i));
                } else if (i >= l.size()) {
                    added.add(c.get(i));
                } else if (alike(l.get(i), c.get(i))) {
                    same++;
                } else {
                    changed.add(new Changed(l.get(i), c.get(i)));
                }
            }
        }
        candidateByIdentity.forEach((identity, c) -> {
            if (!liveByIdentity.containsKey(identity)) {
                added.addAll(c);
            }
        });
        added.sort(java.util.Comparator.comparing(WhatIf.Action::at));
        return new WhatIfDiff(List.copyOf(added), List.copyOf(missing), List.copyOf(changed), same);
    }

    private static boolean alike(WhatIf.Action a, WhatIf.Action b) {
        return Duration.between(a.at(), b.at()).abs().compareTo(SAME_TIME) <= 0
                && Objects.equals(a.detail(), b.detail())
                && Objects.equals(a.rule(), b.rule());
    }

    private static Map<String, List<WhatIf.Action>> group(List<WhatIf.Action> actions) {
        Map<String, List<WhatIf.Action>> by = new LinkedHashMap<>();
        for (WhatIf.Action a : actions) {
            by.computeIfAbsent(a.identity(), k -> new ArrayList<>()).add(a);
        }
        return by;
    }

    public boolean identical() {
        return added.isEmpty() && missing.isEmpty() && changed.isEmpty();
    }
}
