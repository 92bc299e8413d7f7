package dev.vigil.engine.ruletest;

import dev.vigil.engine.concurrent.Threads;
import dev.vigil.engine.config.ConfigLoader;
import dev.vigil.engine.config.VigilPaths;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The what-if replay for a running daemon (its HTTP endpoint, the console later): candidate rules
 * sent as files, run beside the live rules over the journal, one replay at a time on a thread of
 * its own, never on the daemon's rules thread, store or sinks.
 */
public final class WhatIfService implements AutoCloseable {
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}\\.drl");
    public static final int MAX_FILES = 200;
    public static final int MAX_EVENTS = 100_000;

    private final VigilPaths paths;
    private final Path liveRules;
    private final ThreadPoolExecutor runner = new ThreadPoolExecutor(
            1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1), Threads.daemonFactory("vigil-what-if", false));

    public WhatIfService(VigilPaths paths, Path liveRules) {
        this.paths = paths;
        this.liveRules = liveRules;
    }

    /** Replays {@code files} (name → DRL text) and the live rules over the events stamped in [from, to). */
    public CompletableFuture<WhatIfReplay.Report> replay(Map<String, String> files, Instant from, Instant to) {
        if (files == null || files.isEmpty()) {
            throw new RefusedException(
                    ErrorCode.INVALID_VALUE, "no candidate rules: send Files as {\"name.drl\": \"...\"}");
        }
        if (files.size() > MAX_FILES) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, "at most " + MAX_FILES + " rule files in one replay");
        }
        for (String name : files.keySet()) {
            if (!FILE_NAME.matcher(name).matches()) {
                throw new RefusedException(
                        ErrorCode.INVALID_VALUE,
                        "'" + name + "' is not a rule file name (letters, digits, _ . -, ending in .drl, no folders)");
            }
        }
        if (!to.isAfter(from)) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, "To must be after From");
        }
        try {
            return CompletableFuture.supplyAsync(() -> run(files, from, to), runner);
        } catch (RejectedExecutionException busy) {
            throw new RefusedException(
                    ErrorCode.SERVER_BUSY, "a what-if replay is already running; retry when it ends");
        }
    }

    private WhatIfReplay.Report run(Map<String, String> files, Instant from, Instant to) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("vigil-what-if-");
            Path candidate = Files.createDirectories(scratch.resolve("candidate"));
            for (Map.Entry<String, String> f : files.entrySet()) {
                Files.writeString(candidate.resolve(f.getKey()), f.getValue());
            }
            WhatIf whatIf = new WhatIf(paths.entitiesYaml(), () -> ConfigLoader.load(paths), scratch.resolve("sites"));
            return WhatIfReplay.run(
                    whatIf, paths.data().resolve("journal"), from, to, liveRules, candidate, MAX_EVENTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (WhatIfReplay.TooManyEvents e) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, e.getMessage());
        } finally {
            if (scratch != null) {
                ScenarioRunner.deleteTree(scratch);
            }
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
