package dev.vigil.engine.rules;

import java.time.Instant;
import java.util.List;

/**
 * What the rules status request of each API shows: the rules running now, and the outcome of the
 * latest compile attempt (which may have failed while older rules keep running).
 *
 * @param running rules now in the session (null before the first successful compile)
 * @param lastAttempt the latest compile, successful or not
 */
public record RulesStatus(Loaded running, Attempt lastAttempt) {

    /** A rule set that compiled. */
    public record Loaded(List<String> files, int ruleCount, Instant loadedAt, String fingerprint) {}

    /** One compile attempt. */
    public record Attempt(
            Instant at, boolean ok, List<String> files, List<RuleError> errors, List<RuleError> warnings) {}
}
