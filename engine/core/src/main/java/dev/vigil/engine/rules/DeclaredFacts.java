package dev.vigil.engine.rules;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.type.FactType;
import org.kie.api.runtime.KieSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facts of types the rules declare themselves ({@code declare Cooldown ... end}), counted by type
 * around a rules edit. A rebuild brings back those that consequences insert from the events still in
 * the window; one made from an older event, or by a rule the edit removed, does not come back, and
 * the edit says so.
 */
final class DeclaredFacts {
    private static final Logger LOG = LoggerFactory.getLogger(DeclaredFacts.class);

    private DeclaredFacts() {}

    static Map<String, Integer> count(KieSession session, KieBase base) {
        Set<String> declared = new HashSet<>();
        for (KiePackage pkg : base.getKiePackages()) {
            for (FactType t : pkg.getFactTypes()) {
                declared.add(t.getName());
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        if (declared.isEmpty()) {
            return counts;
        }
        for (Object o : session.getObjects(o -> declared.contains(o.getClass().getName()))) {
            counts.merge(o.getClass().getName(), 1, Integer::sum);
        }
        return counts;
    }

    static void warnLost(Map<String, Integer> before, Map<String, Integer> after, long expiryMillis) {
        before.forEach((type, n) -> {
            int now = after.getOrDefault(type, 0);
            if (now < n) {
                LOG.warn(
                        "Rules edit: {} of {} {} fact(s) did not come back in the new session; facts rules insert are"
                                + " rebuilt from the events of the last {} s only (rules.eventExpiry), and not at all when"
                                + " the edit removed the rule or the type",
                        n - now,
                        n,
                        type,
                        expiryMillis / 1000);
            }
        });
    }
}
