package dev.vigil.engine.support;

import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.ruletest.RuleTestSite;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** {@link RuleTestSite} on the shipped entities, with a ten-minute event expiry: the engine tests' rig. */
public final class EngineRig extends RuleTestSite {
    public EngineRig(Path work, Path rulesDir, Instant start) {
        super(work, Path.of("../../conf/entities.yaml"), rulesDir, config(), start);
    }

    private static VigilConfig config() {
        VigilConfig config = new VigilConfig();
        config.rules.eventExpiry = Duration.ofMinutes(10);
        return config;
    }
}
