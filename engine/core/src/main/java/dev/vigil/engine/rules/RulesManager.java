package dev.vigil.engine.rules;

import dev.vigil.engine.concurrent.Threads;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the rules folder: compiles it at start, checks it for changes, compiles a change in the
 * background and hands the result to the {@link RulesEngine} only if it compiled. A broken file
 * leaves the running rules in place; its errors are logged and kept for the status endpoint.
 */
public final class RulesManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RulesManager.class);
    private final Path dir;
    private final RulesCompiler compiler;
    private final Clock clock;
    private final ScheduledExecutorService watcher;
    private volatile RulesStatus status = new RulesStatus(null, null);
    private volatile String attemptedFingerprint = "";
    private String settlingFingerprint = "";
    private RulesEngine engine;

    public RulesManager(Path dir, RulesCompiler compiler, Clock clock) {
        this.dir = dir;
        this.compiler = compiler;
        this.clock = clock;
        this.watcher = Threads.scheduler("vigil-rules-watcher");
    }

    /**
     * Compiles the folder for the first start. When it does not compile, Vigil starts with no
     * rules (events are still journaled) rather than not at all, and says so loudly.
     */
    public CompileResult initialRules() {
        CompileResult r = compileAndRecord();
        if (r.ok()) {
            return r;
        }
        LOG.error("Rules in {} do not compile; starting with NO rules until they are fixed", dir);
        return compiler.compile(dir.resolve(".vigil-no-rules"));
    }

    public void watch(RulesEngine target, Duration interval) {
        this.engine = target;
        watcher.scheduleWithFixedDelay(
                this::checkForChange, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A reload asked for (SIGHUP): compiles now if the folder changed, without waiting for it to settle. */
    public void checkNow() {
        watcher.execute(() -> {
            settlingFingerprint = RulesCompiler.fingerprint(dir);
            checkForChange();
        });
    }

    private void checkForChange() {
        try {
            String fp = RulesCompiler.fingerprint(dir);
            if (fp.equals(attemptedFingerprint)) {
                return;
            }
            if (!fp.equals(settlingFingerprint)) {
                // Changed since the last look: maybe an editor is still writing. Compile once the
                // folder reads the same twice in a row, never a half-written file.
                settlingFingerprint = fp;
                return;
            }
            LOG.info("Rules in {} changed; compiling", dir);
            CompileResult r = compileAndRecord();
            if (r.ok()) {
                engine.swap(r);
            } else {
                LOG.error("Changed rules in {} do not compile; the previous rules keep running", dir);
            }
        } catch (RuntimeException e) {
            LOG.error("Rules reload check failed in {}", dir, e);
        }
    }

    private CompileResult compileAndRecord() {
        long start = System.nanoTime();
        CompileResult r = compiler.compile(dir);
        attemptedFingerprint = r.fingerprint();
        for (RuleError e : r.warnings()) {
            LOG.warn("Rule warning {}", e);
        }
        for (RuleError e : r.errors()) {
            LOG.error("Rule error {}", e);
        }
        RulesStatus.Attempt attempt =
                new RulesStatus.Attempt(clock.instant(), r.ok(), r.files(), r.errors(), r.warnings());
        RulesStatus.Loaded running = r.ok()
                ? new RulesStatus.Loaded(r.files(), r.ruleCount(), clock.instant(), r.fingerprint())
                : status.running();
        status = new RulesStatus(running, attempt);
        if (r.ok()) {
            LOG.info(
                    "Compiled {} rule(s) from {} file(s) in {} in {} ms; {} stay {} s in the session{}",
                    r.ruleCount(),
                    r.files().size(),
                    dir,
                    (System.nanoTime() - start) / 1_000_000,
                    r.retention().keepsAll()
                            ? "all events"
                            : "events of type " + r.retention().keptTypes(),
                    r.eventExpiry().toSeconds(),
                    r.retention().keepsAll() ? "" : ", other events leave as soon as their rules have fired");
        }
        return r;
    }

    public RulesStatus status() {
        return status;
    }

    public List<RuleError> lastErrors() {
        RulesStatus.Attempt a = status.lastAttempt();
        return a == null ? List.of() : a.errors();
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
