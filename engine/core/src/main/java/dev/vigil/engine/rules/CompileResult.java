package dev.vigil.engine.rules;

import java.time.Duration;
import java.util.List;
import org.kie.api.KieBase;

/**
 * What compiling a rules folder gave: a KieBase when there were no errors, every message, and how
 * long events must stay in a session of this KieBase (the configured expiry or the longest window).
 */
public record CompileResult(
        KieBase kieBase,
        List<String> files,
        int ruleCount,
        List<RuleError> problems,
        String fingerprint,
        Duration eventExpiry,
        EventRetention retention) {

    public boolean ok() {
        return kieBase != null;
    }

    public List<RuleError> errors() {
        return problems.stream().filter(p -> !p.warning()).toList();
    }

    public List<RuleError> warnings() {
        return problems.stream().filter(RuleError::warning).toList();
    }
}
