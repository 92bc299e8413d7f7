package dev.vigil.engine.health;

import com.google.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What is wrong with the daemon right now, gathered from the parts that know (journal damage, a
 * stuck rule, a store that refuses writes...). Each part registers a check once; a check answers
 * the problems it sees, one sentence each, or nothing. Protocols decide how to show them.
 */
@Singleton
public final class Health {
    private final Map<String, Supplier<List<String>>> checks = new ConcurrentHashMap<>();

    public void register(String component, Supplier<List<String>> check) {
        checks.put(component, check);
    }

    /** Every current problem as "component: sentence", sorted by component. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        checks.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            List<String> found;
            try {
                found = e.getValue().get();
            } catch (RuntimeException failed) {
                found = List.of("health check failed: " + failed.getMessage());
            }
            for (String p : found) {
                out.add(e.getKey() + ": " + p);
            }
        });
        return out;
    }
}
